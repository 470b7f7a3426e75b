using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

/// <summary>A cap that depends on a tier fact: min(requestedAmount, cap of the tier) (A09.3, A09.5).</summary>
public sealed record TieredCapParameters(string TierFact, IReadOnlyList<TierDefinition> Tiers) : SingleAmountParameters
{
    public override CalculationKind Kind => CalculationKind.TieredCap;
    internal override bool OncePerProject => true;
    internal override IEnumerable<long> Amounts => Tiers.Select(t => t.AmountFen);

    internal static TieredCapParameters Load(ParameterSet set)
    {
        set.UsesFacts(FactNames.RequestedAmount);
        var (fact, tiers) = set.Tiers();
        return new TieredCapParameters(fact, tiers);
    }

    internal override long? Amount(Evaluation evaluation) => TieredCapCalculator.Amount(evaluation, this);
}
