using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

/// <summary>A yearly post-subsidy: rate × the claimed year's figure, capped, one claim a fiscal year (common.9; A05.2, A06.1, A10.3, A13.2).</summary>
public sealed record AnnualProportionalParameters(string BaseFact, decimal Rate, long CapFen) : CalculationParameters
{
    public override CalculationKind Kind => CalculationKind.AnnualProportional;
    internal override bool HeldByProject => false;
    internal override IEnumerable<long> Amounts => [CapFen];
    internal override IEnumerable<decimal> Rates => [Rate];

    internal static AnnualProportionalParameters Load(ParameterSet set)
    {
        set.UsesFacts(FactNames.FiscalYear);
        return new AnnualProportionalParameters(set.BaseFact("base"), set.Rate("rate"), set.Fen("cap"));
    }

    internal override void Calculate(Evaluation evaluation) => AnnualProportionalCalculator.Calculate(evaluation, this);
}
