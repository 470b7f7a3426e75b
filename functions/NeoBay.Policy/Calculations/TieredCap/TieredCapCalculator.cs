using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

internal static class TieredCapCalculator
{
    /// <summary>A09.3, A09.5: min(requestedAmount, cap of the tier); null for an unknown tier.</summary>
    public static long? Amount(Evaluation e, TieredCapParameters p)
    {
        var tier = e.FindTier(p.TierFact, p.Tiers);
        if (tier is null) return null;
        e.Tier = tier.Tier;
        if (e.Tracing) e.Step("tier", e.Code, TraceDetails.TierCap, e.Measure.CitationOf("tiers"), Evaluation.F("tier", tier.Tier), e.Yuan("cap", tier.AmountFen));
        return e.RequestedWithinCap(tier.AmountFen, "tiers");
    }
}
