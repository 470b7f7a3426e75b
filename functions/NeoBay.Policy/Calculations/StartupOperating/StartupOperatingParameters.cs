using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

/// <summary>Start-up funds (cap) plus operating funds at a rate of the year's expenditure (cap) for several years (A16.2, A16.3).</summary>
public sealed record StartupOperatingParameters(long StartupCapFen, decimal OperatingRate, long OperatingCapFen, int OperatingYears) : CalculationParameters
{
    public override CalculationKind Kind => CalculationKind.StartupOperating;
    internal override bool OncePerProject => true;
    internal override IEnumerable<long> Amounts => [StartupCapFen, OperatingCapFen];
    internal override IEnumerable<decimal> Rates => [OperatingRate];
    internal override int InitialLines(EvaluationRequest request) => 1 + OperatingYears;

    internal static StartupOperatingParameters Load(ParameterSet set)
    {
        set.UsesFacts(FactNames.StartupNeeds, FactNames.AnnualOperatingExpenditure);
        return new StartupOperatingParameters(set.Fen("startupCap"), set.Rate("operatingRate"), set.Fen("operatingCap"), set.Years("operatingYears"));
    }

    internal override void Calculate(Evaluation evaluation) => StartupOperatingCalculator.Calculate(evaluation, this);
}
