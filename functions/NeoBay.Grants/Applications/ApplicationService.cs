using NeoBay.Grants.Common;
using NeoBay.Policy;
using Polly;

namespace NeoBay.Grants.Applications;

/// <summary>
/// The applicant's application workflow: submit (also from an accepted offer), read, list, withdraw. The reviewer's
/// decisions are <see cref="Decisions.DecisionService"/>'s. Workflow knowledge lives here; storage behind the ports; policy in the engine.
/// </summary>
public sealed class ApplicationService(
    IApplicationStore applications,
    IEvaluationQueue queue,
    TimeProvider clock,
    ResiliencePipeline? conflictRetry = null) : IApplicationUseCases, IApplicationAccess, IOfferSubmission
{
    public const int MaxIdempotencyKeyLength = 255;
    public const int MaxReasonLength = ReasonText.MaxLength;

    private static readonly ApplicationStatus[] Withdrawable =
        [ApplicationStatus.Submitted, ApplicationStatus.Evaluating, ApplicationStatus.Eligible, ApplicationStatus.Ineligible, ApplicationStatus.EvaluationFailed];

    private readonly ResiliencePipeline retry = conflictRetry ?? ConflictRetry.Create();

    public async Task<Result<SubmitResult>> SubmitAsync(Caller caller, EvaluationRequest request, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        // A signed-in identity without an approved binding (no uscc in its token) may quote and match, not submit.
        if (caller.IsInRole(Roles.Applicant) && caller.Uscc is null && !caller.IsInRole(Roles.Integrator))
            return new UseCaseError(ErrorKind.Forbidden, "BindingRequired.Submit", "applicant.uscc");
        if (!caller.ActsForApplicant(request.Applicant.Uscc))
            return new UseCaseError(ErrorKind.Forbidden, "ApplicantMismatch.Submit", "applicant.uscc");
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(char.IsControl)))
            return new UseCaseError(ErrorKind.Validation, "InvalidIdempotencyKey", "Idempotency-Key", [MaxIdempotencyKeyLength]);

        var now = clock.GetUtcNow();
        var today = ChinaCalendar.DateOf(now);
        var stored = request with { SubmittedOn = today };
        // The hash leaves out the server-set date, so a retry on another day is still "the same request".
        var requestHash = Hashes.Sha256Hex(StorageJson.Serialize(request with { SubmittedOn = default }));
        var id = ApplicationKeys.NewId(now);
        var replayed = false;
        if (!applications.Fits(NewApplication(id)))
            return new UseCaseError(ErrorKind.Validation, "RequestTooLarge", "$");

        if (idempotencyKey is not null)
        {
            var record = new IdempotencyRecord(Hashes.Sha256Hex(caller.Subject)[..32], Hashes.Sha256Hex(idempotencyKey), requestHash, id, now);
            if (!await applications.TryAddIdempotencyAsync(record, cancellationToken))
            {
                var first = await applications.GetIdempotencyAsync(record.Scope, record.KeyHash, cancellationToken)
                            ?? throw new InvalidOperationException("Idempotency record vanished after a conflict.");
                if (first.RequestHash != requestHash)
                    return new UseCaseError(ErrorKind.Conflict, ErrorCodes.IdempotencyKeyReused, "Idempotency-Key");
                id = first.ApplicationId;
                replayed = true;
            }
        }

        var application = NewApplication(id);
        var audit = ApplicationChanges.Audit(id, 1, now, caller.Subject, "submit", null, null, ApplicationStatus.Submitted);

        ApplicationRecord NewApplication(string applicationId) => new(applicationId, request.Applicant.Uscc, request.Measure, request.Project?.Key, today, now,
            caller.Subject, stored, requestHash, ApplicationStatus.Submitted, 1);
        return await CreateAndQueueAsync(application, audit, replayed, cancellationToken);
    }

    /// <summary>
    /// The application of an accepted offer (免申即享): marked <c>source: offer</c>, its id derived from the offer, then the
    /// same path as <see cref="SubmitAsync"/> (stored, indexed, queued for the normal evaluation and review). A repeat answers
    /// the application already made.
    /// </summary>
    public async Task<Result<SubmitResult>> SubmitOfferAsync(Caller caller, EvaluationRequest request, string applicationId, string offerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!caller.ActsForApplicant(request.Applicant.Uscc))
            return new UseCaseError(ErrorKind.Forbidden, "ApplicantMismatch.Offer", "applicant.uscc");
        var now = clock.GetUtcNow();
        var today = ChinaCalendar.DateOf(now);
        var application = new ApplicationRecord(applicationId, request.Applicant.Uscc, request.Measure, request.Project?.Key, today, now, caller.Subject,
            request with { SubmittedOn = today }, Hashes.Sha256Hex(StorageJson.Serialize(request with { SubmittedOn = default })), ApplicationStatus.Submitted, 1)
        {
            Source = ApplicationSources.Offer, OfferId = offerId,
        };
        if (!applications.Fits(application))
            return new UseCaseError(ErrorKind.Validation, "RequestTooLarge", "$");
        var audit = ApplicationChanges.Audit(applicationId, 1, now, caller.Subject, "submit from offer " + offerId, null, null, ApplicationStatus.Submitted);
        return await CreateAndQueueAsync(application, audit, replayed: true, cancellationToken);
    }

    /// <summary>
    /// Inserts the application (a conflict on a replay is the same application: <paramref name="replayed"/>), then writes its list
    /// entries and queues its evaluation while it is still submitted — both idempotent, repeated on a replay.
    /// </summary>
    private async Task<Result<SubmitResult>> CreateAndQueueAsync(ApplicationRecord application, AuditEntry audit, bool replayed, CancellationToken cancellationToken)
    {
        var id = application.Id;
        var created = await applications.TryCreateAsync(application, audit, cancellationToken);
        if (!created)
        {
            var stored = await applications.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException($"Application {id} vanished after a conflict.");
            if (!replayed || (application.OfferId is null ? stored.RequestHash != application.RequestHash : stored.OfferId != application.OfferId))
                throw new InvalidOperationException($"Application id {id} collided with another application.");
            application = stored;
        }

        // Repeated on a replay while still submitted (the first attempt may have stopped before them): both are idempotent.
        if (application.Status == ApplicationStatus.Submitted)
        {
            await applications.UpsertIndexAsync(ApplicationChanges.Summary(application), cancellationToken);
            await queue.EnqueueAsync(id, cancellationToken);
        }

        // An offer's application answers its current status and whether it was made before; a submission as it always did.
        return Result<SubmitResult>.Ok(application.OfferId is null
            ? new SubmitResult(id, ApplicationStatus.Submitted, replayed)
            : new SubmitResult(id, application.Status, !created));
    }

    public async Task<Result<ApplicationRecord>> GetAsync(Caller caller, string id, CancellationToken cancellationToken = default) =>
        await FindVisibleAsync(caller, id, cancellationToken) is { } application
            ? Result<ApplicationRecord>.Ok(application)
            : ApplicationVisibility.NotFound();

    public Task<ApplicationRecord?> FindVisibleAsync(Caller caller, string applicationId, CancellationToken cancellationToken = default) =>
        applications.FindVisibleAsync(caller, applicationId, cancellationToken);

    public async Task<Result<ListPage<ApplicationSummary>>> ListAsync(Caller caller, string? uscc, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        if (Paging.Problem(continuationToken, pageSize) is { } pageProblem) return pageProblem;

        string? partition;
        if (caller.IsReviewer) partition = uscc;
        else if (uscc is not null) partition = caller.ActsForApplicant(uscc) ? uscc : null;
        else partition = caller.IsInRole(Roles.Applicant) ? caller.Uscc : caller.ActsFor.FirstOrDefault();

        if (partition is null && !caller.IsReviewer) return Result<ListPage<ApplicationSummary>>.Ok(new ListPage<ApplicationSummary>([], null));
        return Result<ListPage<ApplicationSummary>>.Ok(await applications.ListAsync(partition, continuationToken, pageSize, cancellationToken));
    }

    public async Task<Result<ApplicationRecord>> WithdrawAsync(Caller caller, string id, string? reason, CancellationToken cancellationToken = default)
    {
        if (reason is { Length: > MaxReasonLength }) return ReasonText.TooLong();
        return await retry.ExecuteAsync(async ct =>
        {
            var application = await FindVisibleAsync(caller, id, ct);
            if (application is null) return ApplicationVisibility.NotFound();
            if (!caller.ActsForApplicant(application.ApplicantUscc))
                return new UseCaseError(ErrorKind.Forbidden, "Forbidden.Withdraw");
            if (application.Status == ApplicationStatus.Withdrawn)
            {
                await applications.UpsertIndexAsync(ApplicationChanges.Summary(application), ct); // the first withdrawal may have stopped before it
                return Result<ApplicationRecord>.Ok(application);
            }
            if (!Withdrawable.Contains(application.Status)) return ApplicationVisibility.InvalidTransition(application.Status, ApplicationStatus.Withdrawn);

            var now = clock.GetUtcNow();
            var updated = application with { Status = ApplicationStatus.Withdrawn, Version = application.Version + 1, DecisionReason = reason, DecidedBy = caller.Subject, DecidedAt = now };
            updated = await applications.ReplaceAsync(updated, ApplicationChanges.Audit(id, updated.Version, now, caller.Subject, "withdraw", reason, application.Status, updated.Status), ct);
            await applications.UpsertIndexAsync(ApplicationChanges.Summary(updated), ct);
            return Result<ApplicationRecord>.Ok(updated);
        }, cancellationToken);
    }
}
