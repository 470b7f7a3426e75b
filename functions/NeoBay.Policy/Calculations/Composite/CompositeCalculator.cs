using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

internal static class CompositeCalculator
{
    /// <summary>A04.3: a <c>startup</c> grant line plus, when equity needs are stated, an <c>equity</c> line that is an investment, not a grant.</summary>
    public static void Calculate(Evaluation e, CompositeParameters p)
    {
        var startup = e.NeedsWithinCap(FactNames.StartupNeeds, p.StartupCapFen, "startup", "startupCap");
        e.Add(ScheduleLine.For(e.Year, 0, LedgerComponent.Startup, ScheduleTrigger.Approval, startup));
        if (e.TryFen(FactNames.EquityNeeds, out var equityNeeds) && equityNeeds > 0)
        {
            var equity = e.NeedsWithinCap(FactNames.EquityNeeds, p.EquityCapFen, "equity", "equityCap");
            e.Add(ScheduleLine.For(e.Year, 0, LedgerComponent.Equity, ScheduleTrigger.Approval, equity, null, isGrant: false));
        }
    }
}
