using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Policy;

namespace NeoBay.Grants.Decisions;

/// <summary>A reviewer's decision: approve (at <see cref="AmountFen"/>, default the computed amount) or reject.</summary>
public sealed record DecisionCommand(bool Approve, long? AmountFen, string? Reason);

/// <summary>The decision as made: status, grant, and the measure and amount approved (for metrics without a second read).</summary>
public sealed record DecisionResult(ApplicationStatus Status, string? GrantId, string Measure = "", long? ApprovedAmountFen = null);

/// <summary>The reviewer's use cases.</summary>
public interface IReviewUseCases
{
    /// <summary>Approve or reject; <paramref name="ifMatch"/> must name the current version (stale → PreconditionFailed).</summary>
    Task<Result<DecisionResult>> DecideAsync(Caller caller, string applicationId, string? ifMatch, DecisionCommand command, CancellationToken cancellationToken = default);

    /// <summary>Releases the acceptance/completion lines of stage <paramref name="stage"/> (idempotent).</summary>
    Task<Result<GrantView>> AcceptStageAsync(Caller caller, string grantId, int stage, string? ifMatch, CancellationToken cancellationToken = default);
}
