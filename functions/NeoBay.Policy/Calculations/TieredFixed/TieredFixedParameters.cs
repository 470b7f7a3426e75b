using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

/// <summary>
/// Tiered fixed amounts awarded the first time a tier is reached (A08.1 per applicant, A16.4 per project);
/// a higher tier later pays by the switch <c>firstTimeTierTopUp</c> (common.10 c).
/// </summary>
public sealed record TieredFixedParameters(string TierFact, IReadOnlyList<TierDefinition> Tiers, bool PerProject) : SingleAmountParameters
{
    public override CalculationKind Kind => CalculationKind.TieredFixed;
    internal override IEnumerable<long> Amounts => Tiers.Select(t => t.AmountFen);

    internal static TieredFixedParameters Load(ParameterSet set)
    {
        var (fact, tiers) = set.Tiers();
        return new TieredFixedParameters(fact, tiers, set.TierPerProject());
    }

    internal override long? Amount(Evaluation evaluation) => TieredFixedCalculator.Amount(evaluation, this);
}
