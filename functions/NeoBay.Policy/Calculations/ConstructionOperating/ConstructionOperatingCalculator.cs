using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

internal static class ConstructionOperatingCalculator
{
    /// <summary>A05.1, A06.2: <c>construction</c> and <c>operating-1</c> on approval, <c>operating-2…n</c> by the yearly renewal (common.8).</summary>
    public static void Calculate(Evaluation e, ConstructionOperatingParameters p)
    {
        var construction = e.NeedsWithinCap(FactNames.ConstructionNeeds, p.ConstructionCapFen, "construction", "constructionCap");
        var yearly = e.NeedsWithinCap(FactNames.OperatingNeeds, p.OperatingCapFen, "operating", "operatingCap");
        e.Add(ScheduleLine.For(e.Year, 0, LedgerComponent.Construction, ScheduleTrigger.Approval, construction));
        for (var y = 1; y <= p.OperatingYears; y++)
            e.Add(ScheduleLine.For(e.Year + y - 1, y - 1, LedgerComponent.Operating(y), y == 1 ? ScheduleTrigger.Approval : ScheduleTrigger.Renewal, yearly));
        if (e.Tracing) e.Step("multiYear", "common.8", TraceDetails.YearlyRenewal, e.Measure.CitationOf("operatingYears"), Evaluation.F("years", Evaluation.Int(p.OperatingYears)), e.Yuan("yearly", yearly));
    }
}
