using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

internal static class FixedCalculator
{
    /// <summary>A06.3 with common.11: the amount, unless the applicant already holds the measure (then null, AlreadyAwarded).</summary>
    public static long? Amount(Evaluation e, FixedParameters p)
    {
        foreach (var prior in e.History)
        {
            if (prior.Measure != e.Code) continue;
            if (e.Tracing) e.Step("alreadyAwarded", "common.11", TraceDetails.ApplicantHoldsFixed, e.Yuan("held", prior.AmountFen));
            e.Block(Reasons.AlreadyAwarded(null));
            return null;
        }
        if (e.Tracing) e.Step("fixed", e.Code, TraceDetails.FixedAmount, e.Measure.CitationOf("amount"), e.Yuan("amount", p.AmountFen));
        return p.AmountFen;
    }
}
