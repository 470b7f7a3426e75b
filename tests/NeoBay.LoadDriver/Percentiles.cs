namespace NeoBay.LoadDriver;

public static class Percentiles
{
    /// <summary>The nearest-rank percentile (p in 0..100) of sorted values: the smallest value with at least p% at or below it.</summary>
    public static TimeSpan NearestRank(IReadOnlyList<TimeSpan> sorted, double p)
    {
        if (sorted.Count == 0) return TimeSpan.Zero;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
