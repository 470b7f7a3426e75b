using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;

namespace NeoBay.Grants.Payments;

/// <summary>Payee accounts, runs and batches (table <c>payments</c>) and the ledger-line claims of a run (docs/payments.md).</summary>
public interface IPaymentStore
{
    Task<PayeeAccount?> GetPayeeAsync(string uscc, CancellationToken cancellationToken = default);

    /// <summary>Inserts (no <see cref="PayeeAccount.StorageETag"/>) or replaces with the ETag, with its audit line; a verified
    /// account also gets its immutable snapshot. <see cref="ConcurrencyConflictException"/> when stale or present.</summary>
    Task<PayeeAccount> SavePayeeAsync(PayeeAccount account, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>The verified snapshot of one account version (what a batch pays into).</summary>
    Task<PayeeAccount?> GetPayeeVersionAsync(string uscc, int version, CancellationToken cancellationToken = default);

    Task<PaymentRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Inserts the run; false when it exists.</summary>
    Task<bool> TryCreateRunAsync(PaymentRun run, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PaymentRun>> ListRunsAsync(string? status, CancellationToken cancellationToken = default);

    /// <summary>Replaces the run with its ETag (<see cref="ConcurrencyConflictException"/> when stale).</summary>
    Task CompleteRunAsync(PaymentRun run, CancellationToken cancellationToken = default);

    /// <summary>Records that a run has this batch (insert once), then the batch header open with its first audit line (insert once).</summary>
    Task CreateBatchAsync(PaymentBatch batch, AuditEntry audit, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ListRunBatchesAsync(string runId, CancellationToken cancellationToken = default);

    Task<PaymentBatch?> GetBatchAsync(string batchId, CancellationToken cancellationToken = default);

    Task<BatchContent?> GetBatchContentAsync(string batchId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page (up to <paramref name="pageSize"/> rows) of the run's range scan of <c>grants</c>: every grant header and every
    /// <c>issued</c> ledger line, in key order, grouped by grant. A grant's rows may run over into the next page.
    /// </summary>
    Task<ListPage<ScannedGrant>> ScanIssuedAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims issued lines for their batches: one transaction in the grant's partition, each line merged with its ETag. A
    /// revocation stamps every unpaid line in its own transaction, so a grant revoked since its lines were read is not claimed.
    /// </summary>
    Task ClaimLinesAsync(GrantRecord grant, IReadOnlyList<LedgerLine> claimed, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts the items of one batch packed into few rows under a key derived from them (a repeat finds them: 409 is success);
    /// returns the key, for the sealed header (<see cref="PaymentBatch.ItemsKey"/>), which is what makes them the batch's items.
    /// </summary>
    Task<string> AddItemsAsync(string batchId, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the batch header with its ETag and one audit line, after inserting <paramref name="newRows"/> (seal; a repeat
    /// finds them) and replacing <paramref name="changedRows"/> with their ETags (results) in the same transactions' order.
    /// </summary>
    Task<PaymentBatch> SaveBatchAsync(PaymentBatch batch, IReadOnlyList<BatchPayee> newRows, IReadOnlyList<BatchPayee> changedRows, AuditEntry audit,
        CancellationToken cancellationToken = default);

    /// <summary>Marks a row's result applied (merge, no ETag needed: only ever set true).</summary>
    Task MarkAppliedAsync(BatchPayee row, CancellationToken cancellationToken = default);
}

/// <summary>A grant's rows as one page of the run's scan read them: its header (null when it was on an earlier page) and its issued lines.</summary>
public sealed record ScannedGrant(string GrantId, GrantRecord? Grant, IReadOnlyList<LedgerLine> Lines)
{
    /// <summary>The same grant's rows from the next page appended.</summary>
    public ScannedGrant Join(ScannedGrant next) => this with { Grant = Grant ?? next.Grant, Lines = [.. Lines, .. next.Lines] };
}

/// <summary>Work for the payment run: one message per start (the run itself is idempotent, so a repeat is harmless).</summary>
public interface IPaymentRunQueue
{
    Task EnqueueAsync(string startedBy, CancellationToken cancellationToken = default);
}
