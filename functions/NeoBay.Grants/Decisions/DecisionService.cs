using NeoBay.Grants.Applications;
using NeoBay.Grants.Budget;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Matching;
using NeoBay.Grants.Notifications;
using NeoBay.Messages;
using NeoBay.Policy;
using Polly;

namespace NeoBay.Grants.Decisions;

/// <summary>
/// The reviewer's decisions: approve or reject an evaluated application, release a grant's stages, read grants (a grant
/// whose approval was recorded but not yet written is completed on the way). Commits the budget and publishes the grant events.
/// </summary>
public sealed class DecisionService(
    IApplicationStore applications,
    IGrantStore grants,
    IDocumentChecklist documents,
    TimeProvider clock,
    ResiliencePipeline? conflictRetry = null,
    IBudgetCommitments? budget = null,
    IGrantEvents? events = null,
    IServiceTimes? serviceTimes = null) : IReviewUseCases, IGrantQueries
{
    private readonly ResiliencePipeline retry = conflictRetry ?? ConflictRetry.Create();

    public async Task<Result<DecisionResult>> DecideAsync(Caller caller, string applicationId, string? ifMatch, DecisionCommand command, CancellationToken cancellationToken = default)
    {
        if (command.Reason is { Length: > ReasonText.MaxLength }) return ReasonText.TooLong();
        // Reviewers see every application: the visibility check only shares the id check and the point read.
        var application = await applications.FindVisibleAsync(caller, applicationId, cancellationToken);
        if (application is null) return ApplicationVisibility.NotFound();
        if (string.IsNullOrWhiteSpace(ifMatch))
            return new UseCaseError(ErrorKind.PreconditionRequired, "PreconditionRequired.Decision", "If-Match");
        if (!ETags.MatchesStrong(ifMatch, application.Version)) return Stale();

        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        var now = clock.GetUtcNow();
        ApplicationRecord updated;
        if (command.Approve)
        {
            if (application.Status != ApplicationStatus.Eligible || application.Decision is not { } decision)
                return ApplicationVisibility.InvalidTransition(application.Status, ApplicationStatus.Approved);
            var amount = ApprovedAmount(decision, command, reason);
            if (!amount.IsSuccess) return amount.Error!;
            // Every required document of the measure (catalog requiredDocuments) must be verified before approval.
            var missing = await documents.MissingAsync(application, cancellationToken);
            if (missing.Count > 0) return MissingDocument(missing);
            // The budget of every fiscal year the grant commits is counted before the approval is recorded (docs/budget.md).
            if (budget is not null && await budget.ReserveApprovalAsync(GrantKeys.ForApplication(applicationId), application.Measure,
                    LedgerPlanner.Plan(GrantKeys.ForApplication(applicationId), decision, amount.Value, now), cancellationToken) is { } exceeded)
                return exceeded;
            updated = application with
            {
                Status = ApplicationStatus.Approved, Version = application.Version + 1, GrantId = GrantKeys.ForApplication(applicationId),
                ApprovedAmountFen = amount.Value, DecisionReason = reason, DecidedBy = caller.Subject, DecidedAt = now,
            };
        }
        else
        {
            if (reason is null) return ReasonRequired();
            if (application.Status is not (ApplicationStatus.Eligible or ApplicationStatus.Ineligible))
                return ApplicationVisibility.InvalidTransition(application.Status, ApplicationStatus.Rejected);
            updated = application with { Status = ApplicationStatus.Rejected, Version = application.Version + 1, DecisionReason = reason, DecidedBy = caller.Subject, DecidedAt = now };
        }

        try
        {
            // Conditional on the storage ETag of the version whose If-Match matched: of racing decisions, one wins.
            updated = await applications.ReplaceAsync(updated,
                ApplicationChanges.Audit(applicationId, updated.Version, now, caller.Subject, command.Approve ? "approve" : "reject", reason, application.Status, updated.Status, updated.ApprovedAmountFen),
                cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            await ReleaseUnlessApprovedAsync(applicationId, cancellationToken);
            return Stale();
        }

        if (serviceTimes is not null) await serviceTimes.DecidedAsync(updated, cancellationToken); // service days (docs/budget.md)
        if (updated.Status == ApplicationStatus.Approved) await EnsureGrantAsync(updated, cancellationToken);
        else if (budget is not null) await budget.ReleaseApprovalAsync(updated.GrantId ?? GrantKeys.ForApplication(applicationId), cancellationToken); // an interrupted approval's reservation
        await applications.UpsertIndexAsync(ApplicationChanges.Summary(updated), cancellationToken);
        if (updated.Status == ApplicationStatus.Rejected)
            await PublishAsync(new(NotificationKinds.Decided, updated.ApplicantUscc, updated.Id, updated.Measure) { Status = updated.Status.ToWire() }, cancellationToken);
        return Result<DecisionResult>.Ok(new DecisionResult(updated.Status, updated.GrantId, updated.Measure, updated.ApprovedAmountFen));
    }

    public async Task<Result<GrantView>> AcceptStageAsync(Caller caller, string grantId, int stage, string? ifMatch, CancellationToken cancellationToken = default)
    {
        if (!ApplicationKeys.IsWellFormed(grantId)) return GrantNotFound();
        if (string.IsNullOrWhiteSpace(ifMatch))
            return new UseCaseError(ErrorKind.PreconditionRequired, "PreconditionRequired.Acceptance", "If-Match");
        return await retry.ExecuteAsync(async ct =>
        {
            var view = await LoadGrantAsync(grantId, ct);
            if (view is null) return GrantNotFound();
            var stageLines = view.Ledger.Where(l => l.Stage == stage && l.Trigger is ScheduleTrigger.Acceptance or ScheduleTrigger.Completion).ToList();
            if (stageLines.Count == 0)
                return new UseCaseError(ErrorKind.NotFound, ErrorCodes.StageNotFound, "n", [stage]);
            var due = stageLines.Where(l => l.Status == LedgerStatus.Scheduled).ToList();
            if (due.Count == 0)
            {
                // Already released: idempotent; counts what an interrupted release may not have counted (once, by event id).
                if (budget is not null) await budget.RecordAsync(BudgetEvents.OfIssued(view.Grant.Measure, stageLines.Where(l => l.IssuedAt is not null)), ct);
                await PublishStageReleasedAsync(view.Grant, stage, stageLines, ct);
                return Result<GrantView>.Ok(view);
            }

            if (!ETags.MatchesStrong(ifMatch, view.Grant.Version))
                return new UseCaseError(ErrorKind.PreconditionFailed, "PreconditionFailed.Acceptance", "If-Match");

            var now = clock.GetUtcNow();
            var grant = view.Grant with { Version = view.Grant.Version + 1 };
            // A stage accepted in another fiscal year than planned is re-planned: its commitment moves there (budget checked again).
            var year = ChinaCalendar.FiscalYearOf(now);
            if (budget is not null)
            {
                foreach (var line in due.Where(l => l.PlannedYear != year))
                {
                    var (moveOut, moveIn) = BudgetEvents.OfReplan(view.Grant.Measure, line, year);
                    if (await budget.MoveAsync(moveOut, moveIn, ct) is { } exceeded) return exceeded;
                }
            }

            var issued = due.Select(l => l with { Status = LedgerStatus.Issued, IssuedAt = now, PlannedYear = year }).ToList();
            var audit = ApplicationChanges.Audit(grantId, grant.Version, now, caller.Subject, $"accept-stage-{stage}",
                string.Join(", ", issued.Select(l => $"{l.FiscalYear}/{l.Component}")), null, null, issued.Sum(l => l.AmountFen ?? 0));
            var (updated, released) = await grants.UpdateAsync(grant, issued, audit, ct);
            if (budget is not null) await budget.RecordAsync(BudgetEvents.OfIssued(grant.Measure, released), ct);
            if (serviceTimes is not null) await serviceTimes.IssuedAsync(grant.ApplicationId, now, ct);
            await PublishStageReleasedAsync(grant, stage, released, ct);
            var byKey = released.ToDictionary(l => (l.FiscalYear, l.Component));
            return Result<GrantView>.Ok(new GrantView(updated, view.Ledger.Select(l => byKey.GetValueOrDefault((l.FiscalYear, l.Component), l)).ToList()));
        }, cancellationToken);
    }

    public async Task<Result<GrantView>> GetGrantAsync(Caller caller, string grantId, CancellationToken cancellationToken = default)
    {
        if (!ApplicationKeys.IsWellFormed(grantId)) return GrantNotFound();
        var view = await LoadGrantAsync(grantId, cancellationToken);
        return view is not null && caller.CanSee(view.Grant.ApplicantUscc) ? Result<GrantView>.Ok(view) : GrantNotFound();
    }

    /// <summary>Releases the budget an approval of the application reserved, unless the application is approved (then it is the grant's).</summary>
    private async Task ReleaseUnlessApprovedAsync(string applicationId, CancellationToken cancellationToken)
    {
        if (budget is null) return;
        if (await applications.GetAsync(applicationId, cancellationToken) is { Status: ApplicationStatus.Approved }) return;
        await budget.ReleaseApprovalAsync(GrantKeys.ForApplication(applicationId), cancellationToken);
    }

    /// <summary>
    /// The grant, or, when the approval was recorded but the grant's write did not finish (a crash between
    /// the two), the grant completed now from the approved application: the application is the commit point.
    /// The list entry, written after the grant, is written again too (kept only when newer).
    /// </summary>
    private async Task<GrantView?> LoadGrantAsync(string grantId, CancellationToken cancellationToken)
    {
        var view = await grants.GetAsync(grantId, cancellationToken);
        if (view is not null) return view;
        var application = await applications.GetAsync(GrantKeys.ApplicationOf(grantId), cancellationToken);
        if (application is not { Status: ApplicationStatus.Approved } || application.GrantId != grantId) return null;
        await EnsureGrantAsync(application, cancellationToken);
        await applications.UpsertIndexAsync(ApplicationChanges.Summary(application), cancellationToken);
        return await grants.GetAsync(grantId, cancellationToken);
    }

    /// <summary>Writes the grant, its ledger and index from the approved application (idempotent: same keys every time).</summary>
    private async Task EnsureGrantAsync(ApplicationRecord approved, CancellationToken cancellationToken)
    {
        var decision = approved.Decision!;
        var approvedAt = approved.DecidedAt!.Value;
        var amount = approved.ApprovedAmountFen!.Value;
        var grant = new GrantRecord(approved.GrantId!, approved.Id, approved.ApplicantUscc, approved.Measure, approved.ProjectKey, decision.Tier,
            amount, approvedAt, ChinaCalendar.FiscalYearOf(approvedAt), approved.DecidedBy!, 1);
        var lines = LedgerPlanner.Plan(grant.Id, decision, amount, approvedAt);
        await grants.TryCreateAsync(grant, lines, ApplicationChanges.Audit(grant.Id, 1, approvedAt, approved.DecidedBy!, "grant", approved.DecisionReason, null, null, amount), cancellationToken);
        if (serviceTimes is not null && lines.Min(l => l.IssuedAt) is { } firstIssued) await serviceTimes.IssuedAsync(approved.Id, firstIssued, cancellationToken);
        await grants.UpsertIndexAsync(GrantIndexEntry.Of(grant, lines) with { Persons = ApplicantHistory.PersonsOf(approved.Request) }, cancellationToken);
        await PublishAsync(new(NotificationKinds.Approved, grant.ApplicantUscc, grant.Id, grant.Measure) { AmountFen = amount }, cancellationToken);
    }

    /// <summary>Push (issue 15): an event of the applicant, published after the change is stored (again on a repeat: its key records it once).</summary>
    private Task PublishAsync(GrantEvent grantEvent, CancellationToken cancellationToken) =>
        events is null ? Task.CompletedTask : events.PublishAsync(grantEvent, cancellationToken);

    private Task PublishStageReleasedAsync(GrantRecord grant, int stage, IReadOnlyList<LedgerLine> lines, CancellationToken cancellationToken) =>
        PublishAsync(new(NotificationKinds.StageReleased, grant.ApplicantUscc, grant.Id, grant.Measure)
            { Stage = stage, AmountFen = lines.Sum(l => l.AmountFen ?? 0) }, cancellationToken);

    private static Result<long> ApprovedAmount(Decision decision, DecisionCommand command, string? reason)
    {
        if (decision.Discretionary || decision.AmountFen is null)
        {
            // Rule 6: the reviewer sets the amount, and says why.
            if (command.AmountFen is not { } set)
                return Result<long>.Fail(new(ErrorKind.Validation, ErrorCodes.AmountRequired, "amount"));
            if (reason is null) return Result<long>.Fail(ReasonRequired());
            return set > 0 ? Result<long>.Ok(set) : Result<long>.Fail(AmountOutOfRange());
        }

        var computed = decision.AmountFen.Value;
        var amount = command.AmountFen ?? computed;
        if (amount <= 0) return Result<long>.Fail(AmountOutOfRange());
        if (amount > computed)
            return Result<long>.Fail(new(ErrorKind.Validation, ErrorCodes.AmountAboveComputed, "amount", [Money.FormatYuan(computed)]));
        return Result<long>.Ok(amount);
    }

    private static UseCaseError GrantNotFound() => UseCaseError.NotFound("NotFound.Grant");

    private static UseCaseError AmountOutOfRange() =>
        new(ErrorKind.Validation, ErrorCodes.AmountOutOfRange, "amount");

    private static UseCaseError ReasonRequired() =>
        new(ErrorKind.Validation, "ReasonRequired.Decision", "reason");

    private static UseCaseError MissingDocument(IReadOnlyList<RequiredDocument> missing)
    {
        string Listed(bool english) => string.Join(MessageCatalog.Text("List.Semicolon", english),
            missing.Select(d => MessageCatalog.Format("MissingDocument.Item", english, d.Category, english ? d.En : d.Zh)));
        return new(ErrorKind.Conflict, "MissingDocument.Application", missing[0].Category, [new Localized(Listed(false), Listed(true))]);
    }

    private static UseCaseError Stale() =>
        new(ErrorKind.PreconditionFailed, "PreconditionFailed.Decision", "If-Match");
}
