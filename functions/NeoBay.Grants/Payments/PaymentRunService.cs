using System.Collections.Concurrent;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Policy;

namespace NeoBay.Grants.Payments;

/// <summary>Rows per request of the run's scan of <c>grants</c>, and grants claimed at once.</summary>
public sealed record PaymentRunOptions(int PageSize = 1000, int Parallelism = 8);

/// <summary>One batch of a run as reported.</summary>
public sealed record BatchSummary(string Id, int FiscalYear, string FundingLine, string Status, int Payees, int Lines, long TotalFen, string? FileSha256);

public sealed record PaymentRunReport(string RunId, string Status, DateTimeOffset StartedAt, IReadOnlyList<BatchSummary> Batches);

/// <summary>The payment run as the payments and timer functions use it (<see cref="PaymentRunService"/>).</summary>
public interface IPaymentRunUseCases
{
    /// <summary>Records today's run (once) for a worker to carry out; the report as it stands.</summary>
    Task<PaymentRunReport> StartAsync(string startedBy, CancellationToken cancellationToken = default);

    /// <summary>Finishes runs left unfinished, then carries out today's run; its report.</summary>
    Task<PaymentRunReport> RunAsync(string startedBy, CancellationToken cancellationToken = default);

    /// <summary>The report of run <paramref name="runId"/> (yyyyMMdd); null when there is none.</summary>
    Task<PaymentRunReport?> ReportAsync(string runId, CancellationToken cancellationToken = default);
}

/// <summary>
/// The payment run (docs/payments.md). A run is named by its CST day and its cut-off is when it started: it gathers every
/// line that was <c>issued</c> (or returned) by the cut-off, is a grant (not a voucher quota), belongs to an active grant
/// and whose holder's account was verified by the cut-off, into one batch per fiscal year and funding line (measure).
/// Exactly once: a line is claimed by writing its batch id on it (ETag), so it is in at most one batch; the batch lists
/// it under a deterministic key. Any number of workers may run the same run at once or after a crash: whatever one
/// claims, each of the others finds claimed and lists; a worker that read every grant seals the run's batches. The lines
/// are read by a range scan of <c>grants</c> in pages, not a query per grant; the claim stays on each line's ETag.
/// </summary>
public sealed class PaymentRunService(IPaymentStore store, IGrantStore grants, TimeProvider clock, PaymentRunOptions? options = null) : IPaymentRunUseCases
{
    /// <summary>Voucher quotas are an entitlement, paid through their redemptions.</summary>
    public static readonly string QuotaComponent = LedgerComponent.Quota.ToString();

    private static readonly Polly.ResiliencePipeline Retry = ConflictRetry.Create();
    private readonly PaymentRunOptions options = options ?? new PaymentRunOptions();

    /// <summary>Finishes runs left unfinished, then starts (or resumes, or reports) today's run.</summary>
    public async Task<PaymentRunReport> RunAsync(string startedBy, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var runId = PaymentKeys.RunId(now);
        foreach (var earlier in (await store.ListRunsAsync(RunStatuses.Gathering, cancellationToken)).Where(r => r.Id != runId).OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            await ProcessAsync(earlier, cancellationToken);
        }

        var started = await StartAsync(startedBy, cancellationToken);
        var run = (await store.GetRunAsync(started.RunId, cancellationToken))!;
        if (run.Status != RunStatuses.Complete) await ProcessAsync(run, cancellationToken);
        return (await ReportAsync(run.Id, cancellationToken))!;
    }

    /// <summary>Records today's run (once) for a worker to carry out (<see cref="RunAsync"/>); the report as it stands.</summary>
    public async Task<PaymentRunReport> StartAsync(string startedBy, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var runId = PaymentKeys.RunId(now);
        await store.TryCreateRunAsync(new PaymentRun(runId, now, startedBy, RunStatuses.Gathering), cancellationToken);
        return (await ReportAsync(runId, cancellationToken))!;
    }

    public async Task<PaymentRunReport?> ReportAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (await store.GetRunAsync(runId, cancellationToken) is not { } run) return null;
        var batches = new List<BatchSummary>();
        foreach (var id in await store.ListRunBatchesAsync(runId, cancellationToken))
        {
            if (await store.GetBatchAsync(id, cancellationToken) is { } b) batches.Add(Summary(b));
        }

        return new PaymentRunReport(run.Id, run.Status, run.StartedAt, batches);
    }

    public static BatchSummary Summary(PaymentBatch b) => new(b.Id, b.FiscalYear, b.FundingLine, b.Status, b.PayeeCount, b.LineCount, b.TotalFen, b.FileSha256);

    private async Task ProcessAsync(PaymentRun run, CancellationToken cancellationToken)
    {
        var pass = new Pass(run);
        await Parallel.ForEachAsync(ScanAsync(cancellationToken), new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (read, ct) => pass.List(await GatherAsync(pass, read, ct)));

        // Every grant was read, so the pass holds every line of this run (claimed by it or found claimed): the batches can be sealed.
        foreach (var batchId in await store.ListRunBatchesAsync(run.Id, cancellationToken))
        {
            await Retry.ExecuteAsync(async ct => await SealAsync(pass, batchId, ct), cancellationToken);
        }

        try
        {
            await store.CompleteRunAsync(run with { Status = RunStatuses.Complete }, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Another worker completed it.
        }
    }

    /// <summary>The scanned grants in key order, page after page (the next page read while this one is claimed), each grant whole.</summary>
    private async IAsyncEnumerable<ScannedGrant> ScanAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ScannedGrant? carried = null;
        var next = store.ScanIssuedAsync(null, options.PageSize, cancellationToken);
        while (true)
        {
            var page = await next;
            if (page.ContinuationToken is { } token) next = store.ScanIssuedAsync(token, options.PageSize, cancellationToken);
            var scanned = Join(carried, page.Items);
            // The page's last grant may go on in the next page: it waits for it.
            carried = page.ContinuationToken is not null && scanned.Count > 0 ? scanned[^1] : null;
            if (carried is not null) scanned.RemoveAt(scanned.Count - 1);
            foreach (var read in scanned) yield return read;
            if (page.ContinuationToken is null) yield break;
        }
    }

    /// <summary>A page's grants in order, the one carried over from the previous page joined with its rest.</summary>
    private static List<ScannedGrant> Join(ScannedGrant? carried, IEnumerable<ScannedGrant> page)
    {
        var joined = carried is null ? new List<ScannedGrant>() : [carried];
        foreach (var read in page)
        {
            if (joined.Count > 0 && joined[^1].GrantId == read.GrantId) joined[^1] = joined[^1].Join(read);
            else joined.Add(read);
        }

        return joined;
    }

    /// <summary>
    /// Claims a scanned grant's payable lines; when the claim finds the grant or a line changed since the scan (another
    /// worker claimed it, a revocation), reads the grant's partition again and decides again.
    /// </summary>
    private async Task<IReadOnlyList<BatchItem>> GatherAsync(Pass pass, ScannedGrant read, CancellationToken cancellationToken)
    {
        // Rows without their header: not a grant's (a header is written with its first lines).
        if (read.Grant is null || read.Lines.Count == 0) return [];
        var first = true;
        return await Retry.ExecuteAsync(async ct =>
        {
            var view = first ? new GrantView(read.Grant, read.Lines) : await grants.GetAsync(read.GrantId, ct);
            first = false;
            return view is null ? [] : await ClaimAsync(pass, view, ct);
        }, cancellationToken);
    }

    /// <summary>Claims the grant's payable lines (one transaction on their ETags); returns the lines of this run to list.</summary>
    private async Task<IReadOnlyList<BatchItem>> ClaimAsync(Pass pass, GrantView view, CancellationToken cancellationToken)
    {
        var grant = view.Grant;
        var claims = new List<LedgerLine>();
        var listed = new List<LedgerLine>();
        foreach (var line in view.Ledger)
        {
            if (line.Status != LedgerStatus.Issued || !line.IsGrant || line.AmountFen is not > 0 || line.Component == QuotaComponent) continue;
            if (line.BatchId is { } batchId)
            {
                if (PaymentKeys.RunOf(batchId) == pass.Run.Id) listed.Add(line);
                continue;
            }

            // Revoked: the header says so, or the line carries the stamp the revocation wrote with the header in one transaction.
            if (grant.Status != GrantStatuses.Active || line.GrantRevoked || Later(line.IssuedAt, pass.Run.StartedAt) || Later(line.ReturnedAt, pass.Run.StartedAt)) continue;
            var payee = await pass.Payees.GetOrAdd(grant.ApplicantUscc, uscc => store.GetPayeeAsync(uscc, cancellationToken));
            if (payee is not { Status: PayeeStatuses.Verified } || Later(payee.VerifiedAt, pass.Run.StartedAt)) continue;
            var id = PaymentKeys.BatchId(pass.Run.Id, line.FiscalYear, grant.Measure);
            if (!await pass.Open.GetOrAdd(id, _ => OpenBatchAsync(pass.Run, id, line.FiscalYear, grant.Measure, cancellationToken))) continue;
            claims.Add(line with { BatchId = id, PayeeVersion = payee.Version });
        }

        if (claims.Count > 0) await store.ClaimLinesAsync(grant, claims, cancellationToken);
        return listed.Concat(claims).Select(l => new BatchItem(l.BatchId!, grant.Id, l.FiscalYear, l.Component, grant.ApplicantUscc, l.AmountFen!.Value, l.PayeeVersion ?? 0)).ToList();
    }

    private static bool Later(DateTimeOffset? at, DateTimeOffset cutoff) => at is { } t && t > cutoff;

    /// <summary>True when the batch takes lines (created now, or found open).</summary>
    private async Task<bool> OpenBatchAsync(PaymentRun run, string id, int fiscalYear, string measure, CancellationToken cancellationToken)
    {
        if (await store.GetBatchAsync(id, cancellationToken) is { } existing) return existing.Status == BatchStatuses.Open;
        var now = clock.GetUtcNow();
        var batch = new PaymentBatch(id, run.Id, fiscalYear, measure, BatchStatuses.Open, 1, run.StartedAt);
        await store.CreateBatchAsync(batch, new AuditEntry(PaymentKeys.BatchPartition(id), 1, run.StartedAt, run.StartedBy, "open", $"run {run.Id} fiscal year {fiscalYear} {measure}")
        {
            To = BatchStatuses.Open,
        }, cancellationToken);
        return (await store.GetBatchAsync(id, cancellationToken))?.Status == BatchStatuses.Open;
    }

    /// <summary>Fixes the items (the lines this pass holds for the batch), rows (one per payee account version, by USCC) and totals of an open batch.</summary>
    private async Task SealAsync(Pass pass, string batchId, CancellationToken cancellationToken)
    {
        if (await store.GetBatchAsync(batchId, cancellationToken) is not { Status: BatchStatuses.Open } batch) return;
        var items = pass.Items(batchId);
        var rows = new List<BatchPayee>();
        foreach (var payee in items.GroupBy(i => (i.Uscc, i.PayeeVersion)).OrderBy(g => g.Key.Uscc, StringComparer.Ordinal).ThenBy(g => g.Key.PayeeVersion))
        {
            // The verified version this pass read is the same as its immutable snapshot; another version is read from its snapshot.
            var read = pass.Payees.TryGetValue(payee.Key.Uscc, out var reading) ? await reading : null;
            var account = (read is { Status: PayeeStatuses.Verified } && read.Version == payee.Key.PayeeVersion ? read : null)
                ?? await store.GetPayeeVersionAsync(payee.Key.Uscc, payee.Key.PayeeVersion, cancellationToken)
                ?? throw new InvalidOperationException($"Batch {batchId}: the verified account version {payee.Key.PayeeVersion} of a payee is missing.");
            rows.Add(new BatchPayee(batchId, rows.Count + 1, payee.Key.Uscc, payee.Key.PayeeVersion, account.AccountName, account.Bank, account.Branch, account.AccountNumber,
                account.Cnaps, payee.Sum(i => i.AmountFen), payee.Count()));
        }

        var itemsKey = await store.AddItemsAsync(batchId, items, cancellationToken);
        var sealedBatch = batch with
        {
            Status = BatchStatuses.Sealed,
            Version = batch.Version + 1,
            PayeeCount = rows.Count,
            LineCount = items.Count,
            TotalFen = rows.Sum(r => r.AmountFen),
            ItemsKey = itemsKey,
        };
        var audit = new AuditEntry(PaymentKeys.BatchPartition(batchId), sealedBatch.Version, clock.GetUtcNow(), "run " + batch.RunId, "seal",
            $"{rows.Count} payees, {items.Count} lines, {Money.FormatYuan(sealedBatch.TotalFen)}") { From = batch.Status, To = sealedBatch.Status };
        await store.SaveBatchAsync(sealedBatch, rows, [], audit, cancellationToken);
    }

    /// <summary>
    /// What one worker's pass has read once (the payee accounts, whether each batch is open) and the lines of this run it
    /// found, per batch: the seal writes them as the batch's items, so a line is listed once, by the worker that seals.
    /// </summary>
    private sealed class Pass(PaymentRun run)
    {
        private readonly Dictionary<string, List<BatchItem>> items = new(StringComparer.Ordinal);

        public PaymentRun Run { get; } = run;
        public ConcurrentDictionary<string, Task<PayeeAccount?>> Payees { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, Task<bool>> Open { get; } = new(StringComparer.Ordinal);

        public void List(IEnumerable<BatchItem> found)
        {
            lock (items)
            {
                foreach (var item in found)
                {
                    if (!items.TryGetValue(item.BatchId, out var batch)) items[item.BatchId] = batch = [];
                    batch.Add(item);
                }
            }
        }

        /// <summary>The batch's lines found by this pass, each once.</summary>
        public List<BatchItem> Items(string batchId)
        {
            lock (items)
            {
                return items.TryGetValue(batchId, out var batch) ? batch.DistinctBy(i => PaymentKeys.ItemRowKey(i.GrantId, i.FiscalYear, i.Component)).ToList() : [];
            }
        }
    }
}
