using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

/// <summary>Construction funds (cap) plus operating funds (cap) a year for several years (A05.1, A06.2, common.8).</summary>
public sealed record ConstructionOperatingParameters(long ConstructionCapFen, long OperatingCapFen, int OperatingYears) : CalculationParameters
{
    public override CalculationKind Kind => CalculationKind.ConstructionOperating;
    internal override bool OncePerProject => true;
    internal override IEnumerable<long> Amounts => [ConstructionCapFen, OperatingCapFen];
    internal override int InitialLines(EvaluationRequest request) => 1 + OperatingYears;

    internal static ConstructionOperatingParameters Load(ParameterSet set)
    {
        set.UsesFacts(FactNames.ConstructionNeeds, FactNames.OperatingNeeds);
        return new ConstructionOperatingParameters(set.Fen("constructionCap"), set.Fen("operatingCap"), set.Years("operatingYears"));
    }

    internal override void Calculate(Evaluation evaluation) => ConstructionOperatingCalculator.Calculate(evaluation, this);
}
