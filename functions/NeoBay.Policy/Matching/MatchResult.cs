namespace NeoBay.Policy.Matching;

/// <summary>What a profile could get from one measure. Serialised in lower camel case.</summary>
public enum MatchStatus
{
    /// <summary>Every fact the measure needs is given and it passes: the amount is what a quote computes.</summary>
    Eligible,
    /// <summary>Nothing given rules it out, but facts are missing: the missing facts and the most it could pay.</summary>
    NeedsFacts,
    /// <summary>A given fact (kind, zone, validity, a false recognition, an award already held…) rules it out.</summary>
    Ineligible,
}

/// <summary>
/// One measure's answer. <see cref="AmountFen"/> is set for <see cref="MatchStatus.Eligible"/> (null where review sets it);
/// <see cref="MaxAmountFen"/> is the most it could pay (for eligible, the amount; null when uncapped or discretionary).
/// </summary>
public sealed record MeasureMatch(
    MeasureDefinition Measure,
    MatchStatus Status,
    long? AmountFen,
    long? MaxAmountFen,
    IReadOnlyList<FactDefinition> MissingFacts,
    IReadOnlyList<Reason> Reasons);

/// <summary>
/// Every measure of the catalog in force, ordered: eligible by amount, then needsFacts by most it could pay, then
/// ineligible (each descending, a null figure last, ties by code); and the counts and the eligible total.
/// </summary>
public sealed record MatchResult(IReadOnlyList<MeasureMatch> Items, int Eligible, int NeedsFacts, int Ineligible, long EligibleAmountFen);
