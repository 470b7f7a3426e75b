using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

internal static class StartupOperatingCalculator
{
    /// <summary>A16.2, A16.3: <c>startup</c> and <c>operating-1</c> on approval; <c>operating-2…n</c> are claims (amount = yearly cap until filed).</summary>
    public static void Calculate(Evaluation e, StartupOperatingParameters p)
    {
        var startup = e.NeedsWithinCap(FactNames.StartupNeeds, p.StartupCapFen, "startup", "startupCap");
        var first = e.RateOfBase(FactNames.AnnualOperatingExpenditure, p.OperatingRate, p.OperatingCapFen, "operating", "operatingRate");
        e.Add(ScheduleLine.For(e.Year, 0, LedgerComponent.Startup, ScheduleTrigger.Approval, startup));
        e.Add(ScheduleLine.For(e.Year, 0, LedgerComponent.Operating(1), ScheduleTrigger.Approval, first));
        for (var y = 2; y <= p.OperatingYears; y++)
            e.Add(ScheduleLine.For(e.Year + y - 1, y - 1, LedgerComponent.Operating(y), ScheduleTrigger.Claim, p.OperatingCapFen));
        if (e.Tracing) e.Step("multiYear", "common.8", TraceDetails.YearlyClaims, e.Measure.CitationOf("operatingYears"), Evaluation.F("years", Evaluation.Int(p.OperatingYears)), e.Yuan("yearlyCap", p.OperatingCapFen));
    }

    /// <summary>A16.2/A16.3 operating years 2…n as filed: min(floor_fen(rate × expenditure), cap), not above what was requested (common.4, 9).</summary>
    public static long OperatingClaim(StartupOperatingParameters p, long expenditureFen, long capFen, long? requestedFen)
    {
        var amount = Math.Min(Money.FloorRate(p.OperatingRate, expenditureFen), capFen);
        return requestedFen is { } requested && requested < amount ? requested : amount;
    }
}
