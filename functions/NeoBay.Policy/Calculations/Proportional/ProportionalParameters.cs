using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

/// <summary>common.4 "不超过 base 的 r%、最高 C 元"; staged when the measure gives a stage plan.</summary>
public sealed record ProportionalParameters(string BaseFact, decimal Rate, long CapFen, IReadOnlyList<StageDefinition>? StagePlan) : SingleAmountParameters
{
    public override CalculationKind Kind => CalculationKind.Proportional;
    public override IReadOnlyList<StageDefinition>? Stages => StagePlan;
    internal override bool OncePerProject => true;
    internal override IEnumerable<long> Amounts => [CapFen];
    internal override IEnumerable<decimal> Rates => [Rate];

    internal static ProportionalParameters Load(ParameterSet set) =>
        new(set.BaseFact("base"), set.Rate("rate"), set.Fen("cap"), set.OptionalStages());

    internal override bool LimitedByRequest => true;

    internal override long? Amount(Evaluation evaluation) => ProportionalCalculator.Amount(evaluation, this);
}
