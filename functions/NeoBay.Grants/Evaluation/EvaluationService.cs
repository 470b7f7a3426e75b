using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Matching;
using NeoBay.Grants.Notifications;
using NeoBay.Policy;
using Polly;

namespace NeoBay.Grants.Evaluation;

/// <summary>
/// Evaluates a submitted application with the policy engine. Idempotent under redelivery: each step is
/// a conditional transition (submitted → evaluating → eligible/ineligible) whose audit row key is the new
/// version, so a repeat either finds the work done or loses the ETag race, re-reads, and finds it done.
/// </summary>
public sealed class EvaluationService(
    IApplicationStore applications,
    IGrantStore grants,
    IPolicyEngine engine,
    TimeProvider clock,
    ResiliencePipeline? conflictRetry = null,
    IGrantEvents? events = null) : IEvaluationUseCase
{
    public const string System = "system:evaluation";

    private readonly ResiliencePipeline retry = conflictRetry ?? ConflictRetry.Create();

    public async Task EvaluateAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        if (!ApplicationKeys.IsWellFormed(applicationId)) return;
        await retry.ExecuteAsync(async ct =>
        {
            var application = await applications.GetAsync(applicationId, ct);
            if (application is null) return;
            if (application.Status == ApplicationStatus.Submitted)
                application = await TransitionAsync(application, application with { Status = ApplicationStatus.Evaluating }, "evaluate", null, ct);
            if (application.Status != ApplicationStatus.Evaluating)
            {
                // Done before, withdrawn, or failed. The list entry is written again (kept only when newer): the attempt
                // that made the transition may have stopped before writing it.
                await applications.UpsertIndexAsync(ApplicationChanges.Summary(application), ct);
                await PublishDecidedAsync(application, ct);
                return;
            }

            // The engine's history: the applicant's grants (从优就高不重复, first-time tiers).
            var history = await ApplicantHistory.ReadAsync(grants, application.ApplicantUscc, ct);
            // common.14: persons already supported anywhere, found by a point read on their keyed hash.
            await ApplicantHistory.AddSupportedPersonsAsync(grants, history, application.Request.Measure, ApplicantHistory.PersonsOf(application.Request), ct);
            var decision = engine.Evaluate(application.Request, history);
            var outcome = decision.Eligible ? ApplicationStatus.Eligible : ApplicationStatus.Ineligible;
            var why = decision.Reasons.Count == 0 ? null : string.Join(", ", decision.Reasons.Select(r => r.Code));
            application = await TransitionAsync(application, application with { Status = outcome, Decision = decision }, "evaluated", why, ct);
            await applications.UpsertIndexAsync(ApplicationChanges.Summary(application), ct);
            await PublishDecidedAsync(application, ct);
        }, cancellationToken);
    }

    /// <summary>Push: an evaluated application is <c>decided</c> (published again on a repeat: the event's key records it once).</summary>
    private async Task PublishDecidedAsync(ApplicationRecord application, CancellationToken ct)
    {
        if (events is null || application.Status is not (ApplicationStatus.Eligible or ApplicationStatus.Ineligible)) return;
        await events.PublishAsync(new GrantEvent(NotificationKinds.Decided, application.ApplicantUscc, application.Id, application.Measure)
            { Status = application.Status.ToWire(), AmountFen = application.Decision?.AmountFen }, ct);
    }

    public async Task MarkEvaluationFailedAsync(string applicationId, string reason, CancellationToken cancellationToken = default)
    {
        if (!ApplicationKeys.IsWellFormed(applicationId)) return;
        var why = reason.Length > ReasonText.MaxLength ? reason[..ReasonText.MaxLength] : reason;
        await retry.ExecuteAsync(async ct =>
        {
            var application = await applications.GetAsync(applicationId, ct);
            if (application is not { Status: ApplicationStatus.Submitted or ApplicationStatus.Evaluating }) return;
            application = await TransitionAsync(application, application with { Status = ApplicationStatus.EvaluationFailed, FailureReason = why }, "evaluation-failed", why, ct);
            await applications.UpsertIndexAsync(ApplicationChanges.Summary(application), ct);
        }, cancellationToken);
    }

    private async Task<ApplicationRecord> TransitionAsync(ApplicationRecord from, ApplicationRecord to, string what, string? why, CancellationToken ct)
    {
        var next = to with { Version = from.Version + 1 };
        var audit = ApplicationChanges.Audit(from.Id, next.Version, clock.GetUtcNow(), System, what, why, from.Status, next.Status);
        return await applications.ReplaceAsync(next, audit, ct);
    }
}
