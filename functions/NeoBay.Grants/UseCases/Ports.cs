using NeoBay.Grants.Domain;
using NeoBay.Policy;

namespace NeoBay.Grants.UseCases;

/// <summary>A conditional write lost the race (HTTP 412 from storage): re-read and decide again.</summary>
public sealed class ConcurrencyConflictException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Who first used an Idempotency-Key, for which request, and which application it made.</summary>
public sealed record IdempotencyRecord(string Scope, string KeyHash, string RequestHash, string ApplicationId, DateTimeOffset CreatedAt);

/// <summary>Applications, their audit and index, and idempotency records (see docs/storage.md).</summary>
public interface IApplicationStore
{
    /// <summary>Inserts the application and its first audit line in one batch; false when the id exists.</summary>
    Task<bool> TryCreateAsync(ApplicationRecord application, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>Point read; null when absent. The record carries its storage ETag.</summary>
    Task<ApplicationRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the application if its <see cref="ApplicationRecord.StorageETag"/> is still current and appends
    /// the audit line, in one batch. Throws <see cref="ConcurrencyConflictException"/> when stale.
    /// Returns the record with its new storage ETag.
    /// </summary>
    Task<ApplicationRecord> ReplaceAsync(ApplicationRecord application, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>Upserts the list entries (the applicant's partition and the reviewers' one).</summary>
    Task UpsertIndexAsync(ApplicationSummary summary, CancellationToken cancellationToken = default);

    /// <summary>One-partition query: one applicant's applications, or (uscc null) everyone's.</summary>
    Task<ListPage<ApplicationSummary>> ListAsync(string? uscc, string? continuationToken, int pageSize, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>False when storage would refuse the application (an entity over its limits): checked before anything is written.</summary>
    bool Fits(ApplicationRecord application);

    Task<IdempotencyRecord?> GetIdempotencyAsync(string scope, string keyHash, CancellationToken cancellationToken = default);

    /// <summary>Insert only; false when the key was already used.</summary>
    Task<bool> TryAddIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken = default);
}

/// <summary>Grants with their ledger lines and audit (one partition per grant), and the grant index.</summary>
public interface IGrantStore
{
    /// <summary>Inserts the grant, all its ledger lines and the audit line (batched, one partition); false when the grant exists.</summary>
    Task<bool> TryCreateAsync(GrantRecord grant, IReadOnlyList<LedgerLine> lines, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>One-partition query: the grant and its ledger; null when absent.</summary>
    Task<GrantView?> GetAsync(string grantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the grant header (ETag-checked, so concurrent updates of one grant serialise) and the changed
    /// lines (each ETag-checked), and appends the audit line, in one transaction (≤ 100 operations).
    /// Throws <see cref="ConcurrencyConflictException"/> when anything is stale. Returns the grant and the lines with
    /// their new storage ETags, so the caller needs no second read.
    /// </summary>
    Task<(GrantRecord Grant, IReadOnlyList<LedgerLine> Lines)> UpdateAsync(GrantRecord grant, IReadOnlyList<LedgerLine> changedLines, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>For the renewal run: inserts a new line keyed grant + fiscal year + component; false when it exists (never a second payment).</summary>
    Task<bool> TryAddLineAsync(LedgerLine line, CancellationToken cancellationToken = default);

    /// <summary>Upserts the index entries: by applicant (engine history) and by renewal shard.</summary>
    Task UpsertIndexAsync(GrantIndexEntry entry, CancellationToken cancellationToken = default);

    /// <summary>One-partition query: the applicant's grants.</summary>
    Task<IReadOnlyList<GrantIndexEntry>> ListByApplicantAsync(string uscc, CancellationToken cancellationToken = default);

    /// <summary>common.14: those of <paramref name="persons"/> an active grant already supports in the same category (one point read each).</summary>
    Task<IReadOnlyList<PersonFact>> FindSupportedPersonsAsync(IReadOnlyList<PersonFact> persons, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PersonFact>>([]);

    /// <summary>One-partition query: the grants of one renewal shard (0 … <see cref="GrantKeys.ShardCount"/>-1).</summary>
    Task<ListPage<GrantIndexEntry>> ListByShardAsync(int shard, string? continuationToken, int pageSize, CancellationToken cancellationToken = default);
}

/// <summary>The evaluation queue (<c>applications-evaluate</c>).</summary>
public interface IEvaluationQueue
{
    Task EnqueueAsync(string applicationId, CancellationToken cancellationToken = default);
}
