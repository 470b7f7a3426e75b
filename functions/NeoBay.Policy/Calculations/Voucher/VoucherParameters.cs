using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

/// <summary>A09.4 研发服务券: a yearly quota per holder kind; each redemption pays a rate of the service fee within what is left.</summary>
public sealed record VoucherParameters(decimal Rate, long SmeQuotaFen, long TeamQuotaFen) : CalculationParameters
{
    public override CalculationKind Kind => CalculationKind.Voucher;
    /// <summary>Not project support: common.10 is not applied.</summary>
    internal override bool NoDuplication => false;
    internal override bool HeldByProject => false;
    internal override IEnumerable<long> Amounts => [SmeQuotaFen, TeamQuotaFen];
    internal override IEnumerable<decimal> Rates => [Rate];

    /// <summary>The year's quota of a holder.</summary>
    public long QuotaFen(VoucherHolderKind holder) => holder == VoucherHolderKind.Team ? TeamQuotaFen : SmeQuotaFen;

    internal static VoucherParameters Load(ParameterSet set)
    {
        set.UsesFacts(FactNames.ServiceFee, FactNames.QuotaUsed);
        return new VoucherParameters(set.Rate("rate"), set.Fen("smeQuota"), set.Fen("teamQuota"));
    }

    internal override void Calculate(Evaluation evaluation) => VoucherCalculator.Calculate(evaluation, this);
}
