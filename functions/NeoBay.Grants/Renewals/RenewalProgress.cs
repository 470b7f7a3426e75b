using System.Text.Json;
using System.Text.Json.Serialization;
using NeoBay.Grants.Ledger;

namespace NeoBay.Grants.Renewals;

/// <summary>Counts of one measure in a run: grants seen, and per action the number of components and their amount (fen).</summary>
public sealed class MeasureTally
{
    public int Grants { get; set; }
    public int NotDue { get; set; }
    public int Issued { get; set; }
    public long IssuedFen { get; set; }
    public int ClaimsOpened { get; set; }
    public long ClaimsCapFen { get; set; }
    public int QuotasIssued { get; set; }
    public long QuotaFen { get; set; }
    public int QuotasLapsed { get; set; }
    public long LapsedFen { get; set; }
    public int Invited { get; set; }
    public int Skipped { get; set; }
    public long SkippedFen { get; set; }
    public int Failed { get; set; }

    public void Add(MeasureTally other)
    {
        Grants += other.Grants; NotDue += other.NotDue;
        Issued += other.Issued; IssuedFen += other.IssuedFen;
        ClaimsOpened += other.ClaimsOpened; ClaimsCapFen += other.ClaimsCapFen;
        QuotasIssued += other.QuotasIssued; QuotaFen += other.QuotaFen;
        QuotasLapsed += other.QuotasLapsed; LapsedFen += other.LapsedFen;
        Invited += other.Invited; Skipped += other.Skipped; SkippedFen += other.SkippedFen; Failed += other.Failed;
    }
}

/// <summary>Counts by measure code (ordinal order), additive so shards and pages sum up.</summary>
public sealed class RenewalTally
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public SortedDictionary<string, MeasureTally> ByMeasure { get; init; } = new(StringComparer.Ordinal);

    public MeasureTally For(string measure)
    {
        if (!ByMeasure.TryGetValue(measure, out var tally)) ByMeasure[measure] = tally = new MeasureTally();
        return tally;
    }

    public MeasureTally Total()
    {
        var total = new MeasureTally();
        foreach (var t in ByMeasure.Values) total.Add(t);
        return total;
    }

    public void Add(RenewalTally other)
    {
        foreach (var (measure, tally) in other.ByMeasure) For(measure).Add(tally);
    }

    /// <summary>Counts one grant's plan (done now or before: the same items either way).</summary>
    public void Add(RenewalPlan plan)
    {
        var t = For(plan.Measure);
        t.Grants++;
        if (plan.Outcome == RenewalOutcome.NotDue) t.NotDue++;
        foreach (var item in plan.Items)
        {
            switch (item.Action)
            {
                case RenewalAction.Issued: t.Issued++; t.IssuedFen += item.AmountFen; break;
                case RenewalAction.ClaimOpened: t.ClaimsOpened++; t.ClaimsCapFen += item.AmountFen; break;
                case RenewalAction.QuotaIssued: t.QuotasIssued++; t.QuotaFen += item.AmountFen; break;
                case RenewalAction.QuotaLapsed: t.QuotasLapsed++; t.LapsedFen += item.AmountFen; break;
                case RenewalAction.Invited: t.Invited++; break;
                case RenewalAction.Skipped: t.Skipped++; t.SkippedFen += item.AmountFen; break;
            }
        }
    }

    public void AddFailure(string measure)
    {
        var t = For(measure);
        t.Grants++;
        t.Failed++;
    }

    public string ToJson() => JsonSerializer.Serialize(ByMeasure, Json);

    public static RenewalTally FromJson(string? json) =>
        string.IsNullOrEmpty(json)
            ? new RenewalTally()
            : new RenewalTally { ByMeasure = new SortedDictionary<string, MeasureTally>(JsonSerializer.Deserialize<Dictionary<string, MeasureTally>>(json, Json) ?? [], StringComparer.Ordinal) };
}

/// <summary>A run of one fiscal year (row <c>run</c> of partition <c>run-{fiscalYear}</c> in the <c>renewals</c> table).</summary>
public sealed record RenewalRun(int FiscalYear, DateTimeOffset StartedAt, string StartedBy)
{
    public int Pass { get; init; } = 1;
    public string? StorageETag { get; init; }
}

/// <summary>
/// Where one shard of a run is: the pages done, the continuation token of the next page, and the counts of the pages
/// done. Saved after each page with its ETag: a crash resumes at the last saved page, and of two workers on one shard
/// only one advances it (the pages are deterministic, so the counts agree).
/// </summary>
public sealed record ShardProgress(int FiscalYear, int Shard, int Pass, int Pages, string? Token, bool Done, RenewalTally Tally)
{
    public const int MaxFailuresKept = 20;

    /// <summary>The first failures of this pass (grant id: error), for the operator.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? StorageETag { get; init; }
}

/// <summary>The report of a run: its record, each shard, and the counts by measure and in total.</summary>
public sealed record RenewalReport(RenewalRun Run, IReadOnlyList<ShardProgress> Shards, RenewalTally Tally)
{
    public int ShardsDone => Shards.Count(s => s.Done);
    public bool Complete => Shards.Count == GrantKeys.ShardCount && Shards.All(s => s.Done);
}
