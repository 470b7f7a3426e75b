using NeoBay.Grants.Budget;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Policy;

namespace NeoBay.Grants.Payments;

/// <summary>One row of the bank's result: the file's row, its amount (must match), <c>paid</c> (with the date) or <c>returned</c> (with the bank's reason).</summary>
public sealed record PaymentResultRow(int Row, long AmountFen, string Result, DateOnly? PaidOn, string? Reason);

/// <summary>A batch after an import: its status and rows by result.</summary>
public sealed record ImportSummary(BatchSummary Batch, int PaidRows, long PaidFen, int ReturnedRows, long ReturnedFen, int PendingRows, bool Changed);

/// <summary>A payment batch as the payments functions use it (<see cref="PaymentBatchService"/>).</summary>
public interface IPaymentBatchUseCases
{
    /// <summary>The batch with its rows; NotFound for an unknown or malformed id.</summary>
    Task<Result<BatchContent>> GetAsync(string batchId, CancellationToken cancellationToken = default);

    /// <summary>The payment files; the first export records their SHA-256. Refused while the batch is open.</summary>
    Task<Result<PaymentFiles>> ExportAsync(string batchId, string who, CancellationToken cancellationToken = default);

    /// <summary>Records and applies the bank's results; the same import again changes nothing.</summary>
    Task<Result<ImportSummary>> ImportAsync(string batchId, string who, IReadOnlyList<PaymentResultRow> results, CancellationToken cancellationToken = default);
}

/// <summary>
/// A sealed batch: its payment files (the first export records their SHA-256 on the batch) and the bank's results
/// (docs/payments.md). Results are recorded on the batch rows (header ETag, audited), then applied grant by grant: paid
/// lines become <c>paid</c> with the date; returned lines go back to <c>issued</c>, out of the batch, with the bank's reason,
/// and the account they were paid into is marked <c>returned</c> until corrected and verified again. The same import
/// again changes nothing (and finishes applying what a crash left); a batch whose every row is applied is <c>closed</c>.
/// </summary>
public sealed class PaymentBatchService(IPaymentStore store, IGrantStore grants, TimeProvider clock, IServiceTimes? serviceTimes = null) : IPaymentBatchUseCases
{
    /// <summary>Batch rows recorded per transaction (with the header and the audit line: ≤ 100 operations).</summary>
    public const int RowsPerTransaction = 98;

    private static readonly Polly.ResiliencePipeline Retry = ConflictRetry.Create();

    public async Task<Result<BatchContent>> GetAsync(string batchId, CancellationToken cancellationToken = default) =>
        PaymentKeys.IsBatchId(batchId) && await store.GetBatchContentAsync(batchId, cancellationToken) is { } content ? Result<BatchContent>.Ok(content) : NotFound();

    /// <summary>The payment files; the first export records their hashes (<c>sealed → exported</c>). Refused while the batch is open.</summary>
    public async Task<Result<PaymentFiles>> ExportAsync(string batchId, string who, CancellationToken cancellationToken = default)
    {
        if (!PaymentKeys.IsBatchId(batchId)) return NotFound();
        return await Retry.ExecuteAsync<Result<PaymentFiles>>(async ct =>
        {
            if (await store.GetBatchContentAsync(batchId, ct) is not { } content) return NotFound();
            var batch = content.Batch;
            if (batch.Status == BatchStatuses.Open)
                return new UseCaseError(ErrorKind.Conflict, "BatchNotSealed");
            var files = PaymentFile.Build(content);
            if (batch.FileSha256 is null)
            {
                var exported = batch with { Status = BatchStatuses.Exported, Version = batch.Version + 1, FileSha256 = files.PayeesSha256, LinesFileSha256 = files.LinesSha256 };
                await store.SaveBatchAsync(exported, [], [], new AuditEntry(PaymentKeys.BatchPartition(batchId), exported.Version, clock.GetUtcNow(), who, "export",
                    $"sha256 {files.PayeesSha256} lines sha256 {files.LinesSha256}") { From = batch.Status, To = exported.Status }, ct);
            }
            else if (batch.FileSha256 != files.PayeesSha256 || batch.LinesFileSha256 != files.LinesSha256)
            {
                return new UseCaseError(ErrorKind.Conflict, "FileChanged");
            }

            return Result<PaymentFiles>.Ok(files);
        }, cancellationToken);
    }

    public async Task<Result<ImportSummary>> ImportAsync(string batchId, string who, IReadOnlyList<PaymentResultRow> results, CancellationToken cancellationToken = default)
    {
        if (!PaymentKeys.IsBatchId(batchId)) return NotFound();
        var changed = false;
        var outcome = await Retry.ExecuteAsync<Result<ImportSummary>>(async ct =>
        {
            if (await store.GetBatchContentAsync(batchId, ct) is not { } content) return NotFound();
            if (content.Batch.Status is BatchStatuses.Open or BatchStatuses.Sealed)
                return new UseCaseError(ErrorKind.Conflict, "BatchNotExported");
            var byRow = content.Payees.ToDictionary(p => p.Row);
            var updates = new List<BatchPayee>();
            for (var i = 0; i < results.Count; i++)
            {
                var r = results[i];
                if (Check(r, i, byRow, content.Batch.Status, results) is { } refused) return refused;
                var row = byRow[r.Row];
                if (row.Result is null) updates.Add(row with { Result = r.Result, PaidOn = r.PaidOn, Reason = r.Reason?.Trim() });
            }

            for (var start = 0; start < updates.Count; start += RowsPerTransaction)
            {
                var chunk = updates.Skip(start).Take(RowsPerTransaction).ToList();
                var batch = (await store.GetBatchAsync(batchId, ct))!;
                if (start == 0) batch = batch with { StorageETag = content.Batch.StorageETag };
                var next = batch with { Version = batch.Version + 1 };
                var audit = new AuditEntry(PaymentKeys.BatchPartition(batchId), next.Version, clock.GetUtcNow(), who, "results",
                    string.Join("; ", chunk.Select(r => $"row {r.Row} {r.Result} {Money.FormatYuan(r.AmountFen)}{(r.Result == PaymentResults.Paid ? " " + r.PaidOn!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "")}")));
                await store.SaveBatchAsync(next, [], chunk, audit, ct);
                changed = true;
            }

            return Result<ImportSummary>.Ok(null!);
        }, cancellationToken);
        if (!outcome.IsSuccess) return outcome;

        var current = (await store.GetBatchContentAsync(batchId, cancellationToken))!;
        foreach (var row in current.Payees.Where(p => p.Result is not null && !p.Applied))
        {
            await ApplyAsync(current, row, who, cancellationToken);
            changed = true;
        }

        current = (await store.GetBatchContentAsync(batchId, cancellationToken))!;
        if (current.Batch.Status != BatchStatuses.Closed && current.Payees.All(p => p.Result is not null && p.Applied))
        {
            var batch = current.Batch;
            var closed = batch with { Status = BatchStatuses.Closed, Version = batch.Version + 1 };
            try
            {
                await store.SaveBatchAsync(closed, [], [], new AuditEntry(PaymentKeys.BatchPartition(batchId), closed.Version, clock.GetUtcNow(), who, "close",
                    $"{current.Payees.Count} rows with results") { From = batch.Status, To = closed.Status }, cancellationToken);
                changed = true;
            }
            catch (ConcurrencyConflictException)
            {
                // Closed by a concurrent import.
            }

            current = (await store.GetBatchContentAsync(batchId, cancellationToken))!;
        }

        var paid = current.Payees.Where(p => p.Result == PaymentResults.Paid).ToList();
        var returned = current.Payees.Where(p => p.Result == PaymentResults.Returned).ToList();
        return Result<ImportSummary>.Ok(new ImportSummary(PaymentRunService.Summary(current.Batch), paid.Count, paid.Sum(p => p.AmountFen), returned.Count, returned.Sum(p => p.AmountFen),
            current.Payees.Count(p => p.Result is null), changed));
    }

    private static UseCaseError? Check(PaymentResultRow r, int index, Dictionary<int, BatchPayee> byRow, string status, IReadOnlyList<PaymentResultRow> all)
    {
        var field = $"results[{index}]";
        if (!byRow.TryGetValue(r.Row, out var row))
            return new UseCaseError(ErrorKind.Unprocessable, "UnknownRow", field, [r.Row]);
        if (all.Take(index).Any(o => o.Row == r.Row))
            return new UseCaseError(ErrorKind.Validation, "DuplicateRow", field, [r.Row]);
        if (r.AmountFen != row.AmountFen)
            return new UseCaseError(ErrorKind.Unprocessable, "AmountMismatch", field, [r.Row, Money.FormatYuan(r.AmountFen), Money.FormatYuan(row.AmountFen)]);
        if (r.Result is not (PaymentResults.Paid or PaymentResults.Returned))
            return new UseCaseError(ErrorKind.Validation, "InvalidResult", field, [r.Row]);
        if (r.Result == PaymentResults.Paid && r.PaidOn is null)
            return new UseCaseError(ErrorKind.Validation, "PaidOnRequired", field, [r.Row]);
        if (r.Result == PaymentResults.Returned && string.IsNullOrWhiteSpace(r.Reason))
            return new UseCaseError(ErrorKind.Validation, "ReasonRequired.ReturnedRow", field, [r.Row]);
        if (row.Result is null) return status == BatchStatuses.Closed ? Closed(r.Row, field) : null;
        var same = row.Result == r.Result && (r.Result == PaymentResults.Paid ? row.PaidOn == r.PaidOn : row.Reason == r.Reason!.Trim());
        if (same) return null;
        return status == BatchStatuses.Closed
            ? Closed(r.Row, field)
            : new UseCaseError(ErrorKind.Conflict, "ResultConflict", field, [r.Row, row.Result]);
    }

    private static UseCaseError Closed(int row, string field) =>
        new(ErrorKind.Conflict, "BatchClosed", field, [row]);

    /// <summary>Applies one row's result to its lines, grant by grant (each one transaction with the grant's audit line).</summary>
    private async Task ApplyAsync(BatchContent content, BatchPayee row, string who, CancellationToken cancellationToken)
    {
        var batchId = content.Batch.Id;
        var items = content.Items.Where(i => i.Uscc == row.Uscc && i.PayeeVersion == row.PayeeVersion).ToList();
        foreach (var grantItems in items.GroupBy(i => i.GrantId))
        {
            await Retry.ExecuteAsync(async ct =>
            {
                if (await grants.GetAsync(grantItems.Key, ct) is not { } view) return;
                var keys = grantItems.Select(i => (i.FiscalYear, i.Component)).ToHashSet();
                var lines = view.Ledger.Where(l => l.BatchId == batchId && l.Status == LedgerStatus.Issued && keys.Contains((l.FiscalYear, l.Component))).ToList();
                if (lines.Count == 0) return;
                var now = clock.GetUtcNow();
                var changed = row.Result == PaymentResults.Paid
                    ? lines.Select(l => l with { Status = LedgerStatus.Paid, PaidOn = row.PaidOn }).ToList()
                    : lines.Select(l => l with { BatchId = null, PayeeVersion = null, ReturnReason = row.Reason, ReturnedAt = now }).ToList();
                var grant = view.Grant with { Version = view.Grant.Version + 1 };
                var detail = string.Join(", ", lines.Select(l => $"{l.FiscalYear} {l.Component} {Money.FormatYuan(l.AmountFen ?? 0)}"));
                await grants.UpdateAsync(grant, changed, new AuditEntry(grant.Id, grant.Version, now, who, row.Result!,
                    $"batch {batchId} row {row.Row}: {detail}" + (row.Result == PaymentResults.Paid ? "" : $" ({row.Reason})")), ct);
            }, cancellationToken);
            // Service days (docs/budget.md): the first paid date of the grant's application; again after a crash (the earliest is kept).
            if (serviceTimes is not null && row.Result == PaymentResults.Paid)
                await serviceTimes.PaidAsync(GrantKeys.ApplicationOf(grantItems.Key), row.PaidOn!.Value, cancellationToken);
        }

        if (row.Result == PaymentResults.Returned) await MarkAccountReturnedAsync(row, who, cancellationToken);
        await store.MarkAppliedAsync(row, cancellationToken);
    }

    /// <summary>The account version the money came back from waits for a correction (unless one was already submitted).</summary>
    private async Task MarkAccountReturnedAsync(BatchPayee row, string who, CancellationToken cancellationToken) =>
        await Retry.ExecuteAsync(async ct =>
        {
            if (await store.GetPayeeAsync(row.Uscc, ct) is not { Status: PayeeStatuses.Verified } account || account.Version != row.PayeeVersion) return;
            var next = account with { Status = PayeeStatuses.Returned, Version = account.Version + 1, Reason = row.Reason };
            await store.SavePayeeAsync(next, new AuditEntry(PaymentKeys.PayeePartition(row.Uscc), next.Version, clock.GetUtcNow(), who, "returned",
                $"batch {row.BatchId} row {row.Row} {account.MaskedNumber}: {row.Reason}") { From = account.Status, To = next.Status }, ct);
        }, cancellationToken);

    private static UseCaseError NotFound() => UseCaseError.NotFound("NotFound.PaymentBatch");
}
