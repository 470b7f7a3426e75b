using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

internal static class AnnualProportionalCalculator
{
    /// <summary>common.9: one <c>claim-{year}</c> line per applicant, measure and claimed year; rate × the year's figure, capped, not above requestedAmount.</summary>
    public static void Calculate(Evaluation e, AnnualProportionalParameters p)
    {
        var policy = e.Catalog.Policy;
        var claimYear = e.Year + policy.ClaimYearOffset;
        if (e.Request.Facts.TryGetValue(FactNames.FiscalYear, out var fy) && fy.Number is { } n)
        {
            if (n != decimal.Truncate(n) || n < 1900 || n > 9999) { e.Block(Reasons.InvalidFact(e.Catalog.Facts[FactNames.FiscalYear])); return; }
            claimYear = (int)n;
        }
        // common.9: the claimed fiscal year has ended before the submission (fiscal year = calendar year, CST) and lies in the policy's years.
        var inRange = claimYear < e.Year && claimYear >= policy.FirstClaimYear && claimYear <= policy.LastClaimYear;
        if (e.Tracing)
            e.Step("claimYear", "common.9", inRange ? TraceDetails.ClaimYearInRange : TraceDetails.ClaimYearOutOfRange, policy.ClaimYearsCitation,
                Evaluation.F("fiscalYear", Evaluation.Int(claimYear)), Evaluation.F("firstClaimYear", Evaluation.Int(policy.FirstClaimYear)), Evaluation.F("lastClaimYear", Evaluation.Int(policy.LastClaimYear)));
        if (!inRange) { e.Block(Reasons.ClaimYearOutOfRange(claimYear, policy.FirstClaimYear, policy.LastClaimYear)); return; }
        foreach (var prior in e.History)
        {
            if (prior.Measure != e.Code || prior.FiscalYear != claimYear) continue;
            if (e.Tracing) e.Step("annualClaim", "common.9", TraceDetails.AlreadyClaimed, Evaluation.F("fiscalYear", Evaluation.Int(claimYear)));
            e.Block(Reasons.AlreadyClaimed(claimYear));
            return;
        }
        // common.9 with common.4: not above requestedAmount when given.
        var amount = e.NotAboveRequested(e.RateOfBase(p.BaseFact, p.Rate, p.CapFen, "proportional", "rate"));
        if (e.Blocked) return;
        if (e.Tracing) e.Step("annualClaim", "common.9", TraceDetails.AnnualClaim, Evaluation.F("fiscalYear", Evaluation.Int(claimYear)));
        e.Add(ScheduleLine.For(e.Year, 0, LedgerComponent.Claim(claimYear), ScheduleTrigger.Approval, amount));
    }
}
