using Microsoft.Extensions.Logging;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Evaluation;
using NeoBay.Grants.Ledger;
using NeoBay.Policy;

namespace NeoBay.Functions.Telemetry;

/// <summary>
/// The application use cases with telemetry around them: a log scope naming the application id, so every log line of
/// the call, storage included, carries it; and the business metric of each event that happened.
/// Ids are random keys, not personal data; the applicant's USCC and names never enter a scope.
/// </summary>
public sealed class ObservedApplicationUseCases(IApplicationUseCases inner, BusinessMetrics metrics, ILogger<ObservedApplicationUseCases> logger)
    : IApplicationUseCases
{
    public async Task<Result<SubmitResult>> SubmitAsync(Caller caller, EvaluationRequest request, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        var result = await inner.SubmitAsync(caller, request, idempotencyKey, cancellationToken);
        if (result.Value is { Replayed: false } submitted)
        {
            using var _ = LogScopes.Application(logger, submitted.Id);
            metrics.ApplicationSubmitted(request.Measure);
            logger.LogInformation("Application {ApplicationId} submitted for {Measure}", submitted.Id, request.Measure);
        }

        return result;
    }

    public async Task<Result<ApplicationRecord>> GetAsync(Caller caller, string id, CancellationToken cancellationToken = default)
    {
        using var _ = LogScopes.Application(logger, id);
        return await inner.GetAsync(caller, id, cancellationToken);
    }

    public Task<Result<ListPage<ApplicationSummary>>> ListAsync(Caller caller, string? uscc, string? continuationToken, int pageSize, CancellationToken cancellationToken = default) =>
        inner.ListAsync(caller, uscc, continuationToken, pageSize, cancellationToken);

    public async Task<Result<ApplicationRecord>> WithdrawAsync(Caller caller, string id, string? reason, CancellationToken cancellationToken = default)
    {
        using var _ = LogScopes.Application(logger, id);
        return await inner.WithdrawAsync(caller, id, reason, cancellationToken);
    }
}

/// <summary>The reviewer's use cases with the application and grant ids in scope and the <c>approved</c>/<c>rejected</c> metrics.</summary>
public sealed class ObservedReviewUseCases(IReviewUseCases inner, BusinessMetrics metrics, ILogger<ObservedReviewUseCases> logger) : IReviewUseCases
{
    public async Task<Result<DecisionResult>> DecideAsync(Caller caller, string applicationId, string? ifMatch, DecisionCommand command, CancellationToken cancellationToken = default)
    {
        using var _ = LogScopes.Application(logger, applicationId);
        var result = await inner.DecideAsync(caller, applicationId, ifMatch, command, cancellationToken);
        if (!result.IsSuccess) return result;

        var decided = result.Value!;
        using var __ = LogScopes.Grant(logger, decided.GrantId);
        if (command.Approve) metrics.ApplicationApproved(decided.Measure, decided.ApprovedAmountFen);
        else metrics.ApplicationRejected(decided.Measure);
        return result;
    }

    public async Task<Result<GrantView>> AcceptStageAsync(Caller caller, string grantId, int stage, string? ifMatch, CancellationToken cancellationToken = default)
    {
        using var _ = LogScopes.Grant(logger, grantId);
        return await inner.AcceptStageAsync(caller, grantId, stage, ifMatch, cancellationToken);
    }
}

/// <summary>Evaluation with the application id in scope and the <c>decided</c> metric (eligible, computed amount).</summary>
public sealed class ObservedEvaluationUseCase(IEvaluationUseCase inner, IApplicationStore store, BusinessMetrics metrics, ILogger<ObservedEvaluationUseCase> logger) : IEvaluationUseCase
{
    public async Task EvaluateAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        using var _ = LogScopes.Application(logger, applicationId);
        await inner.EvaluateAsync(applicationId, cancellationToken);
        if (await store.GetAsync(applicationId, cancellationToken) is { Decision: { } decision } evaluated)
            metrics.ApplicationDecided(evaluated.Measure, decision.Eligible, decision.AmountFen);
    }

    public async Task MarkEvaluationFailedAsync(string applicationId, string reason, CancellationToken cancellationToken = default)
    {
        using var _ = LogScopes.Application(logger, applicationId);
        await inner.MarkEvaluationFailedAsync(applicationId, reason, cancellationToken);
    }
}

/// <summary>The structured properties every log line inside a scope carries (Application Insights customDimensions).</summary>
public static class LogScopes
{
    public const string ApplicationId = "ApplicationId";
    public const string GrantId = "GrantId";
    public const string RunId = "RunId";

    public static IDisposable? Application(ILogger logger, string? id) =>
        id is null ? null : logger.BeginScope(new Dictionary<string, object> { [ApplicationId] = id });

    public static IDisposable? Grant(ILogger logger, string? id) =>
        id is null ? null : logger.BeginScope(new Dictionary<string, object> { [GrantId] = id });

    /// <summary>A yearly run is one per fiscal year; its passes (resumptions) share the id.</summary>
    public static IDisposable? Run(ILogger logger, int fiscalYear, int? shard = null) =>
        logger.BeginScope(shard is null
            ? new Dictionary<string, object> { [RunId] = $"renewal-{fiscalYear}" }
            : new Dictionary<string, object> { [RunId] = $"renewal-{fiscalYear}", ["Shard"] = shard.Value });
}
