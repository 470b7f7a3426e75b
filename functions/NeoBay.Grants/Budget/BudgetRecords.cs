using NeoBay.Grants.Common;

namespace NeoBay.Grants.Budget;

/// <summary>One line of a fiscal year's budget: an article (<c>A02</c>) or a measure (<c>A02.1</c>) and its amount.</summary>
public sealed record BudgetLine(string Key, long AmountFen)
{
    /// <summary>True when this line covers the measure: the measure itself, or its article.</summary>
    public bool Covers(string measure) => Key == measure || Key == BudgetKeys.ArticleOf(measure);
}

/// <summary>
/// What the fund has promised in one fiscal year for one measure, counted as it happens (docs/budget.md):
/// committed = lines planned in the year and still live (scheduled, issued, paid, awaiting a claim at its cap);
/// issued = the part of it released (payable); lapsed = what was committed and will never be paid.
/// </summary>
public sealed record BudgetCounter(string Measure, long CommittedFen, long IssuedFen, long LapsedFen)
{
    public BudgetCounter Plus(BudgetDelta d) => this with
    {
        CommittedFen = CommittedFen + d.CommittedFen,
        IssuedFen = IssuedFen + d.IssuedFen,
        LapsedFen = LapsedFen + d.LapsedFen,
    };
}

/// <summary>A change of one measure's counters in one fiscal year.</summary>
public sealed record BudgetDelta(string Measure, long CommittedFen, long IssuedFen, long LapsedFen)
{
    public BudgetDelta Negate() => new(Measure, -CommittedFen, -IssuedFen, -LapsedFen);

    public bool IsZero => CommittedFen == 0 && IssuedFen == 0 && LapsedFen == 0;
}

/// <summary>
/// One counted event in one fiscal year (<see cref="Id"/> deterministic: the same event always has the same id, so it
/// is counted once — its marker row is written in the same transaction as the counters).
/// </summary>
public sealed record BudgetEvent(string Id, int FiscalYear, BudgetDelta Delta)
{
    /// <summary>When it was counted (stored on the marker; a marker written before this property reads its table timestamp).</summary>
    public DateTimeOffset? CountedAt { get; init; }
}

/// <summary>
/// A fiscal year of the fund: the budget lines set by an admin (<see cref="Version"/> is the HTTP ETag, bumped only by
/// a PUT) and the counters per measure (changed by commitments; <see cref="StorageETag"/> serialises every change).
/// </summary>
public sealed record BudgetYear(int FiscalYear, int Version, IReadOnlyList<BudgetLine> Lines, IReadOnlyList<BudgetCounter> Counters)
{
    public string? StorageETag { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }

    public string HttpETag => ETags.ForVersion(Version);

    public static BudgetYear Empty(int fiscalYear) => new(fiscalYear, 0, [], []);

    public BudgetCounter CounterOf(string measure) => Counters.FirstOrDefault(c => c.Measure == measure) ?? new BudgetCounter(measure, 0, 0, 0);

    public BudgetYear Apply(BudgetDelta delta)
    {
        var updated = CounterOf(delta.Measure).Plus(delta);
        return this with { Counters = Counters.Where(c => c.Measure != delta.Measure).Append(updated).OrderBy(c => c.Measure, StringComparer.Ordinal).ToList() };
    }

    /// <summary>The counters of one line: the sum over the measures it covers.</summary>
    public BudgetFigures FiguresOf(BudgetLine line)
    {
        var covered = Counters.Where(c => line.Covers(c.Measure)).ToList();
        var committed = covered.Sum(c => c.CommittedFen);
        return new BudgetFigures(line.Key, line.AmountFen, committed, covered.Sum(c => c.IssuedFen), covered.Sum(c => c.LapsedFen), line.AmountFen - committed);
    }
}

/// <summary>Per line (or year total): budget, committed, issued, lapsed, available (= budget − committed; negative when over).</summary>
public sealed record BudgetFigures(string Line, long? BudgetFen, long CommittedFen, long IssuedFen, long LapsedFen, long? AvailableFen);

/// <summary>The answer of <c>GET /api/admin/budgets/{fiscalYear}</c>.</summary>
public sealed record BudgetReport(int FiscalYear, int Version, IReadOnlyList<BudgetFigures> Lines, IReadOnlyList<BudgetFigures> Unbudgeted, BudgetFigures Total);

public static class BudgetKeys
{
    /// <summary>The article of a measure code: <c>A02.1</c> → <c>A02</c>.</summary>
    public static string ArticleOf(string measure)
    {
        var dot = measure.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? measure : measure[..dot];
    }

    /// <summary>The table partition of a fiscal year.</summary>
    public static string Partition(int fiscalYear) => "FY" + fiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public const string ApprovalEventPrefix = "approve-";

    public static string ApprovalEvent(string grantId) => ApprovalEventPrefix + grantId;

    public static string IssueEvent(string grantId, int lineYear, string component) => $"issue-{grantId}-{lineYear}-{component}";

    public static string LapseEvent(string grantId, int lineYear, string component) => $"lapse-{grantId}-{lineYear}-{component}";

    public static string CommitEvent(string grantId, int lineYear, string component) => $"commit-{grantId}-{lineYear}-{component}";

    /// <summary>A stage re-planned from one year to another: its commitment leaves <c>from</c> and enters <c>to</c>.</summary>
    public static string MoveEvent(string grantId, int lineYear, string component, string direction) => $"move{direction}-{grantId}-{lineYear}-{component}";
}
