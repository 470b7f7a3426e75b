using NeoBay.Grants.Applications;
using NeoBay.Grants.Budget;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Notifications;
using NeoBay.Policy;
using Polly;

namespace NeoBay.Grants.Renewals;

/// <summary>
/// Tuning of the run: grants per index page and grants renewed at once within a page. <see cref="BlindWrites"/> off
/// makes the run read every due grant's partition before writing (two requests a grant instead of one).
/// </summary>
public sealed record RenewalOptions(int PageSize = RenewalOptions.DefaultPageSize, int Parallelism = RenewalOptions.DefaultParallelism, bool BlindWrites = true)
{
    public const int DefaultPageSize = 200;
    public const int DefaultParallelism = 8;
}

/// <summary>The yearly run as the renewals and timer functions use it (<see cref="RenewalService"/>).</summary>
public interface IRenewalRunUseCases
{
    /// <summary>Starts or resumes the run of <paramref name="fiscalYear"/> (not before it has begun, not before the policy).</summary>
    Task<Result<RenewalReport>> StartAsync(string startedBy, int fiscalYear, CancellationToken cancellationToken = default);

    /// <summary>The run's progress; null when the year has no run.</summary>
    Task<RenewalReport?> ReportAsync(int fiscalYear, CancellationToken cancellationToken = default);

    /// <summary>Renews one shard from its saved progress, at most <paramref name="maxPages"/> pages.</summary>
    Task<ShardProgress> ProcessShardAsync(int fiscalYear, int shard, CancellationToken cancellationToken = default, int maxPages = int.MaxValue);
}

/// <summary>
/// The yearly run (POLICY.md "Renewals"): start or resume a fiscal year's run, process one shard (the queue
/// function), report progress. Exactly once per (grant, fiscal year, component): each grant's changes are one
/// transaction gated by the insert of its <c>renewal-{fiscalYear}</c> marker; shard progress is saved per page
/// with its ETag. The rules themselves are in <see cref="RenewalPlanner"/>.
/// </summary>
public sealed class RenewalService(
    IRenewalStore store,
    IGrantStore grants,
    IApplicationStore applications,
    IRenewalQueue queue,
    PolicyCatalog catalog,
    TimeProvider clock,
    RenewalOptions? options = null,
    IBudgetCommitments? budget = null,
    IGrantEvents? events = null) : IRenewalRunUseCases
{
    private readonly RenewalOptions options = options ?? new RenewalOptions();
    private readonly ResiliencePipeline retry = ConflictRetry.Create();

    /// <summary>The earliest fiscal year a run may be for: the policy's first (common.1).</summary>
    public int FirstFiscalYear => catalog.Policy.ValidFrom.Year;

    /// <summary>Refuses a fiscal year that has not begun by the clock (CST), or one before the policy.</summary>
    public UseCaseError? CheckFiscalYear(int fiscalYear)
    {
        var current = ChinaCalendar.FiscalYearOf(clock.GetUtcNow());
        if (fiscalYear > current)
            return new UseCaseError(ErrorKind.Conflict, "FiscalYearNotBegun", "fiscalYear", [fiscalYear, current]);
        if (fiscalYear < FirstFiscalYear)
            return new UseCaseError(ErrorKind.Validation, "FiscalYearOutOfRange.BeforePolicy", "fiscalYear", [fiscalYear]);
        return null;
    }

    /// <summary>
    /// Starts the run of a fiscal year, or resumes it: every shard not done is (re)queued; a done shard that counted
    /// failures is reset to a new pass (its markers make the pass recount without writing twice).
    /// </summary>
    public async Task<Result<RenewalReport>> StartAsync(string startedBy, int fiscalYear, CancellationToken cancellationToken = default)
    {
        if (CheckFiscalYear(fiscalYear) is { } refused) return refused;
        var run = await store.GetRunAsync(fiscalYear, cancellationToken);
        if (run is null)
        {
            await store.TryCreateRunAsync(new RenewalRun(fiscalYear, clock.GetUtcNow(), startedBy), cancellationToken);
            run = (await store.GetRunAsync(fiscalYear, cancellationToken))!;
        }

        var shards = (await store.GetShardsAsync(fiscalYear, cancellationToken)).ToDictionary(s => s.Shard);
        for (var shard = 0; shard < GrantKeys.ShardCount; shard++)
        {
            if (shards.TryGetValue(shard, out var progress) && progress.Done)
            {
                if (progress.Tally.Total().Failed == 0) continue;
                try
                {
                    await store.SaveShardAsync(new ShardProgress(fiscalYear, shard, progress.Pass + 1, 0, null, false, new RenewalTally())
                    {
                        UpdatedAt = clock.GetUtcNow(),
                        StorageETag = progress.StorageETag,
                    }, cancellationToken);
                }
                catch (ConcurrencyConflictException)
                {
                    // Another start reset it first: its message is on the way.
                    continue;
                }
            }

            await queue.EnqueueAsync(fiscalYear, shard, cancellationToken);
        }

        return Result<RenewalReport>.Ok((await ReportAsync(fiscalYear, cancellationToken))!);
    }

    /// <summary>The run's record, each shard's progress and the counts; null when no run of that year exists.</summary>
    public async Task<RenewalReport?> ReportAsync(int fiscalYear, CancellationToken cancellationToken = default)
    {
        var run = await store.GetRunAsync(fiscalYear, cancellationToken);
        if (run is null) return null;
        var shards = await store.GetShardsAsync(fiscalYear, cancellationToken);
        var tally = new RenewalTally();
        foreach (var s in shards) tally.Add(s.Tally);
        return new RenewalReport(run, shards, tally);
    }

    /// <summary>
    /// Processes one shard from its saved progress to the end, page by page (the queue function). Safe to run twice at
    /// once or again after a crash: grants write once (markers), pages are counted once (progress ETag).
    /// </summary>
    /// <param name="maxPages">Stop after this many pages (the queue function then re-queues the shard, to stay within the function time limit).</param>
    public async Task<ShardProgress> ProcessShardAsync(int fiscalYear, int shard, CancellationToken cancellationToken = default, int maxPages = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, GrantKeys.ShardCount);
        var run = await store.GetRunAsync(fiscalYear, cancellationToken)
                  ?? throw new InvalidOperationException($"No renewal run of fiscal year {fiscalYear}: start it first.");
        var zone = await store.GetZoneDeparturesAsync(cancellationToken);
        for (var pages = 0; ; pages++)
        {
            var progress = await store.GetShardAsync(fiscalYear, shard, cancellationToken)
                           ?? new ShardProgress(fiscalYear, shard, run.Pass, 0, null, false, new RenewalTally());
            if (progress.Done || pages >= maxPages) return progress;
            var page = await grants.ListByShardAsync(shard, progress.Token, options.PageSize, cancellationToken);
            var tally = new RenewalTally();
            tally.Add(progress.Tally);
            var failures = progress.Failures.ToList();
            foreach (var result in await RenewPageAsync(page.Items, fiscalYear, zone, cancellationToken))
            {
                if (result.Failure is null)
                {
                    tally.Add(result.Plan);
                    continue;
                }

                tally.AddFailure(result.Entry.Measure);
                if (failures.Count < ShardProgress.MaxFailuresKept) failures.Add($"{result.Entry.GrantId}: {result.Failure}");
            }

            var next = progress with
            {
                Pages = progress.Pages + 1,
                Token = page.ContinuationToken,
                Done = page.ContinuationToken is null,
                Tally = tally,
                Failures = failures,
                UpdatedAt = clock.GetUtcNow(),
            };
            try
            {
                await store.SaveShardAsync(next, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                // Another worker saved this page first (same page, same counts): continue from what it saved.
            }
        }
    }

    /// <summary>One grant's result: its plan (for counting) or the failure that stopped it.</summary>
    public sealed record GrantResult(GrantIndexEntry Entry, RenewalPlan Plan, string? Failure);

    private async Task<IReadOnlyList<GrantResult>> RenewPageAsync(IReadOnlyList<GrantIndexEntry> entries, int fiscalYear,
        IReadOnlyDictionary<string, ZoneDeparture> zone, CancellationToken cancellationToken)
    {
        var results = new GrantResult[entries.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, entries.Count), new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await RenewGrantAsync(entries[i], fiscalYear, zone, write: true, ct));
        return results;
    }

    /// <summary>
    /// Renews one grant (or, with <paramref name="write"/> false, only plans it, for a dry run). Storage faults are
    /// thrown (the shard resumes later); a grant that cannot be renewed (data, limits, endless conflicts) counts as failed.
    /// </summary>
    public async Task<GrantResult> RenewGrantAsync(GrantIndexEntry entry, int fiscalYear, IReadOnlyDictionary<string, ZoneDeparture> zone, bool write,
        CancellationToken cancellationToken = default)
    {
        if (!RenewalPlanner.IsDue(entry, fiscalYear, catalog)) return new GrantResult(entry, RenewalPlan.NotDue(entry.GrantId, entry.Measure, fiscalYear), null);
        try
        {
            if (write && await TryWriteBlindAsync(entry, fiscalYear, zone, cancellationToken) is { } blind) return await CountedAsync(entry, blind, cancellationToken);
            var plan = await retry.ExecuteAsync(async ct =>
            {
                var state = await store.ReadGrantAsync(entry.GrantId, ct);
                if (state is null) return RenewalPlan.NotDue(entry.GrantId, entry.Measure, fiscalYear);
                if (catalog.TryGet(state.Grant.Measure, out var measure) && measure.Kind == CalculationKind.Voucher)
                    state = state with { Holder = await HolderAsync(state, ct) };
                zone.TryGetValue(state.Grant.ApplicantUscc, out var left);
                var planned = RenewalPlanner.Plan(state, fiscalYear, catalog, left, clock.GetUtcNow());
                if (write && planned.Outcome == RenewalOutcome.Write) await store.ApplyAsync(planned, ct);
                if (write && (planned.Outcome == RenewalOutcome.Write || state.AuditPending)) await store.LinkAuditAsync(entry.GrantId, ct);
                return planned;
            }, cancellationToken);
            return write ? await CountedAsync(entry, plan, cancellationToken) : new GrantResult(entry, plan, null);
        }
        catch (Exception e) when (e is ConcurrencyConflictException or TableLimitException or InvalidOperationException or FormatException or System.Text.Json.JsonException)
        {
            return new GrantResult(entry, RenewalPlan.NotDue(entry.GrantId, entry.Measure, fiscalYear), e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>
    /// Counts a written (or, on a repeated run, already written) renewal in the budget (docs/budget.md): by event ids, so a
    /// run repeated after a crash between the write and the count counts it once.
    /// </summary>
    private async Task<GrantResult> CountedAsync(GrantIndexEntry entry, RenewalPlan plan, CancellationToken cancellationToken)
    {
        if (budget is not null && plan.Outcome is RenewalOutcome.Write or RenewalOutcome.AlreadyDone)
            await budget.RecordAsync(RenewalBudgetEvents.Of(plan.GrantId, plan.Measure, plan.FiscalYear, plan.Items), cancellationToken);
        if (events is not null && plan.Outcome is RenewalOutcome.Write or RenewalOutcome.AlreadyDone)
            foreach (var grantEvent in EventsOf(entry.ApplicantUscc, plan)) await events.PublishAsync(grantEvent, cancellationToken);
        return new GrantResult(entry, plan, null);
    }

    /// <summary>Push (issue 15): lines issued are <c>renewalIssued</c>; a claim opened or an invitation is <c>claimInvited</c>.</summary>
    public static IEnumerable<GrantEvent> EventsOf(string uscc, RenewalPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var issued = plan.Items.Where(i => i.Action is RenewalAction.Issued or RenewalAction.QuotaIssued).ToList();
        if (issued.Count > 0)
            yield return new(NotificationKinds.RenewalIssued, uscc, plan.GrantId, plan.Measure) { FiscalYear = plan.FiscalYear, AmountFen = issued.Sum(i => i.AmountFen) };
        var claims = plan.Items.Where(i => i.Action is RenewalAction.ClaimOpened or RenewalAction.Invited).ToList();
        if (claims.Count > 0)
            yield return new(NotificationKinds.ClaimInvited, uscc, plan.GrantId, plan.Measure) { FiscalYear = plan.FiscalYear, AmountFen = claims.Sum(i => i.AmountFen) };
    }

    /// <summary>
    /// One request per grant: the plan made from the index entry, written without reading the partition. Null when the
    /// entry cannot be planned alone, or when the write is refused because the year was renewed or held (or a line is
    /// not there): then the caller reads the partition.
    /// </summary>
    private async Task<RenewalPlan?> TryWriteBlindAsync(GrantIndexEntry entry, int fiscalYear, IReadOnlyDictionary<string, ZoneDeparture> zone,
        CancellationToken cancellationToken)
    {
        if (!options.BlindWrites) return null;
        zone.TryGetValue(entry.ApplicantUscc, out var left);
        if (RenewalPlanner.PlanFromIndex(entry, fiscalYear, catalog, left, clock.GetUtcNow()) is not { } plan) return null;
        if (plan.Outcome != RenewalOutcome.Write) return plan;
        try
        {
            await store.ApplyAsync(plan, cancellationToken);
            await store.LinkAuditAsync(plan.GrantId, cancellationToken);
            return plan;
        }
        catch (ConcurrencyConflictException)
        {
            return null;
        }
    }

    /// <summary>A09.4 holder: kind and SME flag, from the voucher year already recorded or else from the grant's application.</summary>
    private async Task<(ApplicantKind Kind, bool IsSme)?> HolderAsync(RenewalGrantState state, CancellationToken cancellationToken)
    {
        if (state.VoucherYears.OrderByDescending(v => v.FiscalYear).FirstOrDefault() is { HolderKind.Length: > 0 } year)
            return (HolderKinds.ApplicantKindOf(year.HolderKind), year.IsSme);
        var application = await applications.GetAsync(state.Grant.ApplicationId, cancellationToken);
        return application is null ? null : (application.Request.Applicant.Kind, application.Request.Applicant.IsSme);
    }
}
