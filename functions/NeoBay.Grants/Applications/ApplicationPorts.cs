using NeoBay.Grants.Common;
using NeoBay.Grants.Evaluation;
using NeoBay.Policy;

namespace NeoBay.Grants.Applications;

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

/// <summary>For the decision (implemented by the documents feature): the required document categories an application still lacks (verified documents count).</summary>
public interface IDocumentChecklist
{
    Task<IReadOnlyList<RequiredDocument>> MissingAsync(ApplicationRecord application, CancellationToken cancellationToken = default);
}

/// <summary>The evaluation queue (<c>applications-evaluate</c>): a submission queues its evaluation (message: <see cref="Evaluation.EvaluationMessage"/>).</summary>
public interface IEvaluationQueue
{
    Task EnqueueAsync(string applicationId, CancellationToken cancellationToken = default);
}
