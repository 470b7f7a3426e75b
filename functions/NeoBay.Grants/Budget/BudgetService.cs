using System.Globalization;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Policy;
using Polly;

namespace NeoBay.Grants.Budget;

/// <summary>The fiscal years budgets may be set for: the policy's first year to the last year a multi-year grant can reach.</summary>
public sealed record BudgetOptions(int FirstFiscalYear, int LastFiscalYear, int MaxLines = BudgetOptions.DefaultMaxLines)
{
    public const int DefaultMaxLines = 200;

    /// <summary>
    /// common.1 (reading): multi-year commitments approved inside the window are honoured to their end, so a 3-year grant
    /// approved in the last year of the policy (2029) commits two years beyond it (2031).
    /// </summary>
    public const int YearsBeyondPolicy = 2;

    public static BudgetOptions From(PolicyCatalog catalog) => new(catalog.Policy.ValidFrom.Year, catalog.Policy.ValidTo.Year + YearsBeyondPolicy);
}

/// <summary>What an approval's commitments need: the grant, its measure and its planned lines.</summary>
public interface IBudgetCommitments
{
    /// <summary>
    /// Counts the approval in every fiscal year it commits, refusing it (BudgetExceeded, nothing counted) when a year's
    /// budget line of its measure has not enough left. Idempotent per grant: a repeated approval counts once.
    /// </summary>
    Task<UseCaseError?> ReserveApprovalAsync(string grantId, string measure, IReadOnlyList<LedgerLine> lines, CancellationToken cancellationToken = default);

    /// <summary>Releases what <see cref="ReserveApprovalAsync"/> counted for the grant (the approval did not happen).</summary>
    Task ReleaseApprovalAsync(string grantId, CancellationToken cancellationToken = default);

    /// <summary>Counts events that cannot be refused (issued, lapsed, renewed), each once.</summary>
    Task RecordAsync(IEnumerable<BudgetEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// A stage accepted in another year than planned: its commitment enters the new year (budget checked) and leaves the
    /// old one. BudgetExceeded when the new year has not enough left (nothing moved).
    /// </summary>
    Task<UseCaseError?> MoveAsync(BudgetEvent moveOut, BudgetEvent moveIn, CancellationToken cancellationToken = default);
}

/// <summary>Budgets and the commitments report as the budgets functions use them (<see cref="BudgetService"/>).</summary>
public interface IBudgetUseCases
{
    /// <summary>The fund's years (the report's default <c>from</c>/<c>to</c>).</summary>
    BudgetOptions Options { get; }

    /// <summary>The report of a fiscal year: each line's figures and the year's totals.</summary>
    Task<Result<BudgetReport>> ReportAsync(int fiscalYear, CancellationToken cancellationToken = default);

    /// <summary>Commitments by fiscal year × article for the years <paramref name="from"/>…<paramref name="to"/>.</summary>
    Task<Result<IReadOnlyList<CommitmentRow>>> CommitmentsAsync(int from, int to, CancellationToken cancellationToken = default);

    /// <summary>Sets a year's budget lines against the version <paramref name="ifMatch"/> names (none for the first).</summary>
    Task<Result<BudgetReport>> SetAsync(string setBy, int fiscalYear, string? ifMatch, IReadOnlyList<BudgetLine> lines, CancellationToken cancellationToken = default);
}

/// <summary>
/// Budgets per fiscal year and the counters of commitments (docs/budget.md). Counters change only through events with
/// deterministic ids whose marker is written in the same transaction, so nothing is counted twice; reads never scan the ledger.
/// </summary>
public sealed class BudgetService(IBudgetStore store, PolicyCatalog catalog, TimeProvider clock, BudgetOptions? options = null) : IBudgetUseCases, IBudgetCommitments
{
    public const string BudgetExceeded = "BudgetExceeded";

    private readonly BudgetOptions options = options ?? BudgetOptions.From(catalog);
    private readonly ResiliencePipeline retry = ConflictRetry.Create();

    public BudgetOptions Options => options;

    /// <summary>The report of a fiscal year: each line's figures, the measures counted with no line, the year's totals.</summary>
    public async Task<Result<BudgetReport>> ReportAsync(int fiscalYear, CancellationToken cancellationToken = default)
    {
        if (CheckYear(fiscalYear) is { } refused) return refused;
        return Result<BudgetReport>.Ok(Report(await store.GetYearAsync(fiscalYear, cancellationToken) ?? BudgetYear.Empty(fiscalYear)));
    }

    /// <summary>The commitments by fiscal year × article of <paramref name="from"/>…<paramref name="to"/>: one point read per year.</summary>
    public async Task<Result<IReadOnlyList<CommitmentRow>>> CommitmentsAsync(int from, int to, CancellationToken cancellationToken = default)
    {
        if ((CheckYear(from) ?? CheckYear(to)) is { } refused) return refused;
        if (from > to)
            return new UseCaseError(ErrorKind.Validation, "InvalidRange", "from");
        var years = new List<BudgetYear>();
        for (var year = from; year <= to; year++)
        {
            if (await store.GetYearAsync(year, cancellationToken) is { } read) years.Add(read);
        }

        return Result<IReadOnlyList<CommitmentRow>>.Ok(CommitmentReport.Rows(years));
    }

    public static BudgetReport Report(BudgetYear year)
    {
        var lines = year.Lines.Select(year.FiguresOf).ToList();
        var unbudgeted = year.Counters.Where(c => !year.Lines.Any(l => l.Covers(c.Measure)))
            .Select(c => new BudgetFigures(c.Measure, null, c.CommittedFen, c.IssuedFen, c.LapsedFen, null)).ToList();
        // A measure line inside an article line is part of it: the year's budget counts the outermost lines only.
        var outer = year.Lines.Where(l => l.Key.Contains('.', StringComparison.Ordinal) == false || !year.Lines.Any(a => a.Key == BudgetKeys.ArticleOf(l.Key))).ToList();
        var budget = outer.Sum(l => l.AmountFen);
        var budgetedCommitted = year.Counters.Where(c => year.Lines.Any(l => l.Covers(c.Measure))).Sum(c => c.CommittedFen);
        var total = new BudgetFigures("total", budget, year.Counters.Sum(c => c.CommittedFen), year.Counters.Sum(c => c.IssuedFen),
            year.Counters.Sum(c => c.LapsedFen), budget - budgetedCommitted);
        return new BudgetReport(year.FiscalYear, year.Version, lines, unbudgeted, total);
    }

    /// <summary>Sets a year's budget lines (amounts in fen). If-Match (the year's ETag) is required once a budget was set.</summary>
    public async Task<Result<BudgetReport>> SetAsync(string setBy, int fiscalYear, string? ifMatch, IReadOnlyList<BudgetLine> lines, CancellationToken cancellationToken = default)
    {
        if (CheckYear(fiscalYear) is { } refused) return refused;
        if (CheckLines(lines) is { } invalid) return invalid;
        return await retry.ExecuteAsync(async ct =>
        {
            var year = await store.GetYearAsync(fiscalYear, ct) ?? BudgetYear.Empty(fiscalYear);
            if (year.Version > 0 && string.IsNullOrWhiteSpace(ifMatch))
                return new UseCaseError(ErrorKind.PreconditionRequired, "PreconditionRequired.Budget", "If-Match");
            if (!string.IsNullOrWhiteSpace(ifMatch) && ifMatch.Trim() != "*" && !ETags.MatchesStrong(ifMatch, year.Version))
                return new UseCaseError(ErrorKind.PreconditionFailed, "PreconditionFailed.Budget", "If-Match");
            var saved = await store.SaveYearAsync(year with
            {
                Version = year.Version + 1,
                Lines = lines.OrderBy(l => l.Key, StringComparer.Ordinal).ToList(),
                UpdatedAt = clock.GetUtcNow(),
                UpdatedBy = setBy,
            }, ct);
            return Result<BudgetReport>.Ok(Report(saved));
        }, cancellationToken);
    }

    public async Task<UseCaseError?> ReserveApprovalAsync(string grantId, string measure, IReadOnlyList<LedgerLine> lines, CancellationToken cancellationToken = default)
    {
        var counted = new List<BudgetEvent>();
        foreach (var e in BudgetEvents.OfApproval(grantId, measure, lines))
        {
            if (await CountAsync(e, check: true, cancellationToken) is { } exceeded)
            {
                foreach (var done in counted) await ReleaseAsync(done.FiscalYear, done.Id, cancellationToken);
                return exceeded;
            }

            counted.Add(e);
        }

        return null;
    }

    public async Task ReleaseApprovalAsync(string grantId, CancellationToken cancellationToken = default)
    {
        for (var year = options.FirstFiscalYear; year <= options.LastFiscalYear; year++)
            await ReleaseAsync(year, BudgetKeys.ApprovalEvent(grantId), cancellationToken);
    }

    public async Task RecordAsync(IEnumerable<BudgetEvent> events, CancellationToken cancellationToken = default)
    {
        foreach (var e in events) await CountAsync(e, check: false, cancellationToken);
    }

    public async Task<UseCaseError?> MoveAsync(BudgetEvent moveOut, BudgetEvent moveIn, CancellationToken cancellationToken = default)
    {
        if (await CountAsync(moveIn, check: true, cancellationToken) is { } exceeded) return exceeded;
        await CountAsync(moveOut, check: false, cancellationToken);
        return null;
    }

    /// <summary>Counts one event once; with <paramref name="check"/>, refuses a commitment above what a covering line has left.</summary>
    private async Task<UseCaseError?> CountAsync(BudgetEvent e, bool check, CancellationToken cancellationToken)
    {
        if (e.Delta.IsZero) return null;
        return await retry.ExecuteAsync(async ct =>
        {
            // Counted before (a retried approval): its own amount is already in the counters, so it must not be checked again.
            if (check && await store.GetEventAsync(e.FiscalYear, e.Id, ct) is not null) return null;
            var year = await store.GetYearAsync(e.FiscalYear, ct) ?? BudgetYear.Empty(e.FiscalYear);
            if (check && e.Delta.CommittedFen > 0)
            {
                foreach (var line in year.Lines.Where(l => l.Covers(e.Delta.Measure)))
                {
                    var figures = year.FiguresOf(line);
                    if (e.Delta.CommittedFen > figures.AvailableFen) return Exceeded(e.FiscalYear, figures, e.Delta.CommittedFen);
                }
            }

            await store.ApplyAsync(year.Apply(e.Delta), e with { CountedAt = clock.GetUtcNow() }, ct);
            return (UseCaseError?)null;
        }, cancellationToken);
    }

    /// <summary>Releases one counted event: marker deleted and counters reversed in one transaction; false when it is not (or no longer) counted.</summary>
    public async Task<bool> ReleaseAsync(int fiscalYear, string eventId, CancellationToken cancellationToken) =>
        await retry.ExecuteAsync(async ct =>
        {
            if (await store.GetEventAsync(fiscalYear, eventId, ct) is not { } counted) return false;
            var year = await store.GetYearAsync(fiscalYear, ct) ?? BudgetYear.Empty(fiscalYear);
            await store.ReleaseAsync(year.Apply(counted.Delta.Negate()), counted, ct);
            return true;
        }, cancellationToken);

    private static UseCaseError Exceeded(int fiscalYear, BudgetFigures line, long requestedFen)
    {
        string Y(long fen) => Money.FormatYuan(fen);
        var available = line.AvailableFen ?? 0;
        return new UseCaseError(ErrorKind.Conflict, BudgetExceeded, "amount", [fiscalYear, line.Line, Y(line.BudgetFen ?? 0), Y(line.CommittedFen), Y(available), Y(requestedFen)])
        {
            Figures =
            [
                new("fiscalYear", fiscalYear),
                new("line", line.Line),
                new("budget", Money.ToYuan(line.BudgetFen ?? 0)),
                new("committed", Money.ToYuan(line.CommittedFen)),
                new("available", Money.ToYuan(available)),
                new("requested", Money.ToYuan(requestedFen)),
            ],
        };
    }

    private UseCaseError? CheckYear(int fiscalYear) =>
        fiscalYear < options.FirstFiscalYear || fiscalYear > options.LastFiscalYear
            ? new UseCaseError(ErrorKind.Validation, "FiscalYearOutOfRange.Budget", "fiscalYear", [options.FirstFiscalYear, options.LastFiscalYear])
            : null;

    private UseCaseError? CheckLines(IReadOnlyList<BudgetLine> lines)
    {
        if (lines.Count > options.MaxLines)
            return new UseCaseError(ErrorKind.Validation, "TooManyLines", "lines", [options.MaxLines]);
        var articles = catalog.Measures.Select(m => BudgetKeys.ArticleOf(m.Code)).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"lines[{i}]");
            var key = lines[i].Key;
            if (!articles.Contains(key) && !catalog.TryGet(key, out _))
                return new UseCaseError(ErrorKind.Validation, "UnknownBudgetLine", field);
            if (lines[i].AmountFen < 0)
                return new UseCaseError(ErrorKind.Validation, "NegativeAmount", field + ".amount");
            if (lines.Take(i).Any(l => l.Key == key))
                return new UseCaseError(ErrorKind.Validation, "DuplicateBudgetLine", field, [key]);
        }

        return null;
    }
}
