using System.Globalization;

namespace NeoBay.Policy.Matching;

/// <summary>
/// A measure whose answer changed for the better between two matches of one profile (push, issue 15): its status rose
/// (ineligible → needsFacts → eligible) or, at the same status, its amount (eligible) or most it could pay (needsFacts) grew.
/// <see cref="Key"/> is deterministic — the measure, the new status and figure — so recording it is an insert that a
/// redelivered message repeats as a conflict, never as a second notification.
/// </summary>
public sealed record NewOpportunity(string Measure, MatchStatus Status, long? AmountFen, long? MaxAmountFen, MatchStatus? Before)
{
    public string Key => $"newOpportunity|{Measure}|{Json.Camel(Status)}|{(Status == MatchStatus.Eligible ? AmountFen : MaxAmountFen)?.ToString(CultureInfo.InvariantCulture) ?? "none"}";
}

public static class MatchChanges
{
    /// <summary>
    /// The measures of <paramref name="after"/> that are better than in <paramref name="before"/> (null: never matched,
    /// every eligible or needsFacts measure is new). A measure that got worse, or stayed the same, gives nothing.
    /// </summary>
    public static IReadOnlyList<NewOpportunity> NewOpportunities(MatchResult? before, MatchResult after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var previous = before?.Items.ToDictionary(i => i.Measure.Code, StringComparer.Ordinal) ?? [];
        var found = new List<NewOpportunity>();
        foreach (var item in after.Items)
        {
            if (item.Status == MatchStatus.Ineligible) continue;
            previous.TryGetValue(item.Measure.Code, out var old);
            if (old is not null && !Better(old, item)) continue;
            found.Add(new NewOpportunity(item.Measure.Code, item.Status, item.AmountFen, item.MaxAmountFen, old?.Status));
        }
        return found;
    }

    /// <summary>A lower enum value is a better status (eligible, needsFacts, ineligible); at the same status a larger figure is better.</summary>
    private static bool Better(MeasureMatch old, MeasureMatch now)
    {
        if (now.Status != old.Status) return now.Status < old.Status;
        var (was, @is) = now.Status == MatchStatus.Eligible ? (old.AmountFen, now.AmountFen) : (old.MaxAmountFen, now.MaxAmountFen);
        return @is is { } n && (was is not { } w || n > w);
    }
}
