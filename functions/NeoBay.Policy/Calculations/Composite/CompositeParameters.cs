using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

/// <summary>Start-up funds (cap) plus equity or debt-to-equity funds (cap), the latter not a grant (A04.3).</summary>
public sealed record CompositeParameters(long StartupCapFen, long EquityCapFen) : CalculationParameters
{
    public override CalculationKind Kind => CalculationKind.Composite;
    internal override bool OncePerProject => true;
    internal override IEnumerable<long> Amounts => [StartupCapFen, EquityCapFen];

    internal static CompositeParameters Load(ParameterSet set)
    {
        set.UsesFacts(FactNames.StartupNeeds, FactNames.EquityNeeds);
        return new CompositeParameters(set.Fen("startupCap"), set.Fen("equityCap"));
    }

    internal override void Calculate(Evaluation evaluation) => CompositeCalculator.Calculate(evaluation, this);
}
