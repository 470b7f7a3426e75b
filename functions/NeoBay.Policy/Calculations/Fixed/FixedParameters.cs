using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

/// <summary>A fixed amount, once per applicant (A06.3).</summary>
public sealed record FixedParameters(long AmountFen) : SingleAmountParameters
{
    public override CalculationKind Kind => CalculationKind.Fixed;
    internal override IEnumerable<long> Amounts => [AmountFen];

    internal static FixedParameters Load(ParameterSet set) => new(set.Fen("amount"));

    internal override long? Amount(Evaluation evaluation) => FixedCalculator.Amount(evaluation, this);
}
