using NeoBay.Grants.Auth;
using NeoBay.Grants.Domain;
using NeoBay.Policy;

namespace NeoBay.Grants.UseCases;

/// <summary>The answer to a submission: the id to poll and the status at submission (<c>submitted</c>).</summary>
public sealed record SubmitResult(string Id, ApplicationStatus Status, bool Replayed);

/// <summary>A reviewer's decision: approve (at <see cref="AmountFen"/>, default the computed amount) or reject.</summary>
public sealed record DecisionCommand(bool Approve, long? AmountFen, string? Reason);

/// <summary>The decision as made: status, grant, and the measure and amount approved (for metrics without a second read).</summary>
public sealed record DecisionResult(ApplicationStatus Status, string? GrantId, string Measure = "", long? ApprovedAmountFen = null);

/// <summary>A grant with its ledger, in fiscal-year then component order.</summary>
public sealed record GrantView(GrantRecord Grant, IReadOnlyList<LedgerLine> Ledger);

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

/// <summary>The reviewer's use cases.</summary>
public interface IReviewUseCases
{
    /// <summary>Approve or reject; <paramref name="ifMatch"/> must name the current version (stale → PreconditionFailed).</summary>
    Task<Result<DecisionResult>> DecideAsync(Caller caller, string applicationId, string? ifMatch, DecisionCommand command, CancellationToken cancellationToken = default);

    /// <summary>Releases the acceptance/completion lines of stage <paramref name="stage"/> (idempotent).</summary>
    Task<Result<GrantView>> AcceptStageAsync(Caller caller, string grantId, int stage, string? ifMatch, CancellationToken cancellationToken = default);
}

public interface IGrantQueries
{
    Task<Result<GrantView>> GetGrantAsync(Caller caller, string grantId, CancellationToken cancellationToken = default);
}

/// <summary>The queue side: evaluate one application (idempotent under redelivery).</summary>
public interface IEvaluationUseCase
{
    Task EvaluateAsync(string applicationId, CancellationToken cancellationToken = default);

    /// <summary>The last delivery failed: mark the application <c>evaluationFailed</c> (idempotent).</summary>
    Task MarkEvaluationFailedAsync(string applicationId, string reason, CancellationToken cancellationToken = default);
}

/// <summary>For the documents feature: find an application by id if this caller may see it.</summary>
public interface IApplicationAccess
{
    Task<ApplicationRecord?> FindVisibleAsync(Caller caller, string applicationId, CancellationToken cancellationToken = default);
}
