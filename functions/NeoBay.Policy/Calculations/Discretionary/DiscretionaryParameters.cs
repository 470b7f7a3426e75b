using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

/// <summary>common.6: no figure in the text; the reviewer sets the amount. No parameters.</summary>
public sealed record DiscretionaryParameters : CalculationParameters
{
    public override CalculationKind Kind => CalculationKind.Discretionary;

    internal override void Calculate(Evaluation evaluation) => DiscretionaryCalculator.Calculate(evaluation);
}
