using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

internal static class TieredFixedCalculator
{
    /// <summary>A08.1, A16.4 with common.10c/11: first time per tier; a tier at or below one held is refused (null).</summary>
    public static long? Amount(Evaluation e, TieredFixedParameters p)
    {
        var tier = e.FindTier(p.TierFact, p.Tiers);
        if (tier is null) return null;
        e.Tier = tier.Tier;
        long held = 0;
        TierDefinition? best = null;
        foreach (var prior in e.History)
        {
            if (prior.Measure != e.Code) continue;
            if (p.PerProject && e.ProjectKey is { } key && prior.ProjectKey != key) continue;
            held += prior.AmountFen;
            var t = TierDefinition.Find(p.Tiers, prior.Tier);
            if (t is not null && (best is null || t.Rank > best.Rank)) best = t;
        }
        if (best is not null && best.Rank >= tier.Rank)
        {
            if (e.Tracing) e.Step("firstTime", "common.11", TraceDetails.TierHeld, Evaluation.F("tier", tier.Tier), Evaluation.F("heldTier", best.Tier));
            e.Block(Reasons.AlreadyAwarded(best.Tier));
            return null;
        }
        // common.10 (c): a reading, switched in policy.yaml.
        var switches = e.Catalog.Policy.Switches;
        var full = switches.FirstTimeTierTopUp == TierTopUp.Full;
        var amount = full ? tier.AmountFen : tier.AmountFen - held;
        if (e.Tracing)
        {
            e.Step("tier", e.Code, TraceDetails.TierAmount, e.Measure.CitationOf("tiers"), Evaluation.F("tier", tier.Tier), e.Yuan("tierAmount", tier.AmountFen));
            if (held > 0)
                e.Step("topUp", "common.10", full ? TraceDetails.TopUpFull : TraceDetails.TopUpDifference, switches.FirstTimeTierTopUpCitation,
                    Evaluation.F(PolicySwitches.FirstTimeTierTopUpName, switches.FirstTimeTierTopUpText), Evaluation.F("heldTier", best?.Tier ?? ""), e.Yuan("held", held), e.Yuan("amount", Math.Max(0, amount)));
        }
        if (amount <= 0)
        {
            e.Block(Reasons.AlreadyAwarded(best?.Tier));
            return null;
        }
        if (held > 0 && !full) e.AddReason(Reasons.TopUp(best?.Tier ?? "", tier.Tier));
        return amount;
    }
}
