using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

/// <summary>common.5 "最高 C 元": min(requestedAmount, cap); staged when the measure gives a stage plan.</summary>
public sealed record CapParameters(long CapFen, IReadOnlyList<StageDefinition>? StagePlan) : SingleAmountParameters
{
    public override CalculationKind Kind => CalculationKind.Cap;
    public override IReadOnlyList<StageDefinition>? Stages => StagePlan;
    internal override bool OncePerProject => true;
    internal override IEnumerable<long> Amounts => [CapFen];

    internal static CapParameters Load(ParameterSet set)
    {
        set.UsesFacts(FactNames.RequestedAmount);
        return new CapParameters(set.Fen("cap"), set.OptionalStages());
    }

    internal override long? Amount(Evaluation evaluation) => CapCalculator.Amount(evaluation, this);
}
