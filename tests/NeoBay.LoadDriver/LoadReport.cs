using System.Text;

namespace NeoBay.LoadDriver;

/// <summary>Throughput, submit → decision latency percentiles, and the exactly-once check.</summary>
public sealed record LoadReport(
    LoadOptions Options,
    TimeSpan Wall,
    int Decided,
    int Failed,
    int Lost,
    int Duplicates,
    int Unexpected,
    int NotDecidedOnce,
    IReadOnlyDictionary<string, int> Statuses,
    TimeSpan P50,
    TimeSpan P95,
    TimeSpan P99,
    TimeSpan Max,
    IReadOnlyList<string> Failures)
{
    /// <summary>Every answer the driver received, by status.</summary>
    public IReadOnlyDictionary<int, int> Responses { get; init; } = new Dictionary<int, int>();

    /// <summary>5xx answers by status and problem code.</summary>
    public IReadOnlyDictionary<string, int> Problems { get; init; } = new Dictionary<string, int>();

    /// <summary>When storage was away (offsets into the run), with <c>--storage-outage</c>.</summary>
    public (TimeSpan Down, TimeSpan Up)? Outage { get; init; }

    /// <summary>From storage's return to the last decision.</summary>
    public TimeSpan? Drained { get; init; }

    /// <summary>
    /// An application decided exactly once answers ETag "v3": submitted v1, evaluating v2, decided v3; each transition is
    /// conditional on the version, so a second evaluation could only show as a later version.
    /// </summary>
    public const string DecidedOnceETag = "\"v3\"";

    public bool Passed => Decided == Options.Applications && Failed == 0 && Lost == 0 && Duplicates == 0 && Unexpected == 0 && NotDecidedOnce == 0;

    public double Throughput => Decided / Wall.TotalSeconds;

    public static LoadReport From(LoadOptions options, IReadOnlyList<Outcome> outcomes, IReadOnlyDictionary<string, List<string>> stored, TimeSpan wall)
    {
        var decided = outcomes.Where(o => o.Status is not null).ToList();
        var latencies = decided.Select(o => o.Latency!.Value).Order().ToList();
        var submitted = outcomes.Where(o => o.Id is not null).ToList();
        var storedIds = stored.Values.SelectMany(ids => ids).ToList();
        var submittedIds = submitted.Select(o => o.Id!).ToHashSet();
        return new LoadReport(
            options,
            wall,
            decided.Count,
            outcomes.Count(o => o.Failure is not null),
            submittedIds.Count(id => !storedIds.Contains(id)),
            storedIds.Count - storedIds.Distinct().Count() + (submitted.Count - submittedIds.Count),
            storedIds.Count(id => !submittedIds.Contains(id)),
            decided.Count(o => o.ETag != DecidedOnceETag),
            decided.GroupBy(o => o.Status!).ToDictionary(g => g.Key, g => g.Count()),
            Percentiles.NearestRank(latencies, 50),
            Percentiles.NearestRank(latencies, 95),
            Percentiles.NearestRank(latencies, 99),
            latencies.Count == 0 ? TimeSpan.Zero : latencies[^1],
            outcomes.Where(o => o.Failure is not null).Select(o => $"#{o.Index} {o.Id}: {o.Failure}").Take(10).ToList());
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"NeoBay load run against {Options.BaseUrl}: {Options.Applications} applications ({Options.Measure}) from {Options.Clients} concurrent clients, polling every {Options.PollInterval.TotalMilliseconds:0} ms");
        text.AppendLine($"  wall time        {Wall.TotalSeconds:0.0} s");
        text.AppendLine($"  throughput       {Throughput:0.0} applications decided per second");
        text.AppendLine($"  submit->decision p50 {P50.TotalMilliseconds:0} ms, p95 {P95.TotalMilliseconds:0} ms, p99 {P99.TotalMilliseconds:0} ms, max {Max.TotalMilliseconds:0} ms");
        text.AppendLine($"  decided          {Decided}/{Options.Applications} ({string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}"))})");
        text.AppendLine($"  failed requests  {Failed}");
        text.AppendLine($"  lost             {Lost} (submitted but not listed by the store)");
        text.AppendLine($"  duplicates       {Duplicates} (an id listed twice, or two submits of one key answered with different ids)");
        text.AppendLine($"  unexpected       {Unexpected} (listed for a load applicant but never submitted)");
        text.AppendLine($"  not decided once {NotDecidedOnce} (final ETag other than {DecidedOnceETag})");
        text.AppendLine($"  responses        {string.Join(", ", Responses.OrderBy(r => r.Key).Select(r => $"{r.Value} × {r.Key}"))}");
        if (Problems.Count > 0) text.AppendLine($"  5xx by code      {string.Join(", ", Problems.OrderBy(p => p.Key).Select(p => $"{p.Value} × {p.Key}"))}");
        if (Outage is { } outage)
            text.AppendLine($"  storage outage   {outage.Down.TotalSeconds:0.0}s → {outage.Up.TotalSeconds:0.0}s; last decision {Drained?.TotalSeconds:0.0}s after storage returned");
        foreach (var failure in Failures) text.AppendLine("    " + failure);
        text.Append(Passed ? "RESULT: every application reached exactly one decision." : "RESULT: FAILED (see above).");
        return text.ToString();
    }
}
