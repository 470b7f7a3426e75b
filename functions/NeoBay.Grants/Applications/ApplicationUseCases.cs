using NeoBay.Grants.Common;
using NeoBay.Policy;

namespace NeoBay.Grants.Applications;

/// <summary>The answer to a submission: the id to poll and the status at submission (<c>submitted</c>).</summary>
public sealed record SubmitResult(string Id, ApplicationStatus Status, bool Replayed);

/// <summary>The applicant-facing application use cases (HTTP). Another applicant's id answers NotFound.</summary>
public interface IApplicationUseCases
{
    /// <summary>
    /// Stores a parsed application (SubmittedOn set by the server) and queues its evaluation.
    /// Same <paramref name="idempotencyKey"/> and request → the same answer; other request → Conflict.
    /// </summary>
    Task<Result<SubmitResult>> SubmitAsync(Caller caller, EvaluationRequest request, string? idempotencyKey, CancellationToken cancellationToken = default);

    Task<Result<ApplicationRecord>> GetAsync(Caller caller, string id, CancellationToken cancellationToken = default);

    /// <summary>The caller's own applications (or, for reviewers, all; <paramref name="uscc"/> narrows to one applicant).</summary>
    Task<Result<ListPage<ApplicationSummary>>> ListAsync(Caller caller, string? uscc, string? continuationToken, int pageSize, CancellationToken cancellationToken = default);

    Task<Result<ApplicationRecord>> WithdrawAsync(Caller caller, string id, string? reason, CancellationToken cancellationToken = default);
}

/// <summary>For the documents feature: find an application by id if this caller may see it.</summary>
public interface IApplicationAccess
{
    Task<ApplicationRecord?> FindVisibleAsync(Caller caller, string applicationId, CancellationToken cancellationToken = default);
}

/// <summary>Submits the application of an accepted offer through the normal path (stored, indexed, queued for evaluation): the offers' port.</summary>
public interface IOfferSubmission
{
    /// <summary>Idempotent by <paramref name="applicationId"/>: a repeat answers the application already made.</summary>
    Task<Result<SubmitResult>> SubmitOfferAsync(Caller caller, EvaluationRequest request, string applicationId, string offerId, CancellationToken cancellationToken = default);
}
