using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

internal static class DiscretionaryCalculator
{
    /// <summary>common.6: one grant line with no amount; the project is still awarded once per measure (common.10).</summary>
    public static void Calculate(Evaluation e)
    {
        e.Step("discretionary", "common.6", TraceDetails.Discretionary);
        e.AddReason(Reasons.DeterminedByReview);
        e.Add(ScheduleLine.For(e.Year, 0, LedgerComponent.Grant, ScheduleTrigger.Approval, null));
        e.CheckSameProject();
    }
}
