using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Documents;
using NeoBay.Policy;

namespace NeoBay.Grants.Payments;

/// <summary>What an applicant (or its integrator) submits: the account and the <c>bankAccountProof</c> document that proves it.</summary>
public sealed record PayeeSubmission(string? AccountName, string? Bank, string? Branch, string? AccountNumber, string? Cnaps, string? ProofApplicationId, string? ProofDocumentId);

/// <summary>Payee accounts as the payees functions use them (<see cref="PayeeService"/>).</summary>
public interface IPayeeUseCases
{
    /// <summary>The holder's account as the caller may see it; NotFound otherwise.</summary>
    Task<Result<PayeeAccount>> GetAsync(Caller caller, string uscc, CancellationToken cancellationToken = default);

    /// <summary>Submits (or changes) the holder's account with its <c>bankAccountProof</c> document; a new version, <c>pending</c>.</summary>
    Task<Result<PayeeAccount>> SubmitAsync(Caller caller, string uscc, PayeeSubmission submission, CancellationToken cancellationToken = default);

    /// <summary>A reviewer verifies or refuses the version <paramref name="ifMatch"/> names.</summary>
    Task<Result<PayeeAccount>> VerifyAsync(Caller caller, string uscc, string? ifMatch, bool approve, string? reason, CancellationToken cancellationToken = default);
}

/// <summary>
/// Payee accounts (docs/payments.md): submitted by the applicant or its integrator with a verified <c>bankAccountProof</c>
/// document of one of the applicant's applications; the account name must equal the applicant's registered name (the
/// name on that application); a reviewer verifies it against the version it read (If-Match). A change after verification
/// goes back to <c>pending</c> (payments wait) and is audited; every audit line shows the account number masked.
/// </summary>
public sealed class PayeeService(IPaymentStore store, IApplicationAccess applications, IDocumentStore documents, TimeProvider clock) : IPayeeUseCases
{
    private static readonly Polly.ResiliencePipeline Retry = ConflictRetry.Create();

    public async Task<Result<PayeeAccount>> GetAsync(Caller caller, string uscc, CancellationToken cancellationToken = default) =>
        caller.CanSee(uscc) && await store.GetPayeeAsync(uscc, cancellationToken) is { } account ? Result<PayeeAccount>.Ok(account) : NotFound();

    public async Task<Result<PayeeAccount>> SubmitAsync(Caller caller, string uscc, PayeeSubmission submission, CancellationToken cancellationToken = default)
    {
        if (!caller.ActsForApplicant(uscc))
            return caller.IsReviewer
                ? new UseCaseError(ErrorKind.Forbidden, "NotPayee")
                : NotFound();
        var number = PayeeRules.NormaliseAccountNumber(submission.AccountNumber);
        if (FormError(submission, number) is { } invalid) return invalid;

        var application = await applications.FindVisibleAsync(caller, submission.ProofApplicationId!, cancellationToken);
        var proof = application is null || application.ApplicantUscc != uscc || !DocumentKeys.IsWellFormed(submission.ProofDocumentId)
            ? null
            : await documents.GetAsync(application.Id, submission.ProofDocumentId!, cancellationToken);
        if (proof is null || proof.Category != DocumentService.BankAccountProofCategory)
            return new UseCaseError(ErrorKind.Validation, "ProofNotFound", "proof");
        if (proof.Status != DocumentStatus.Verified)
            return new UseCaseError(ErrorKind.Unprocessable, "ProofNotVerified", "proof");
        if (!PayeeRules.SameName(submission.AccountName, application!.Request.Applicant.Name))
            return new UseCaseError(ErrorKind.Unprocessable, "AccountNameMismatch", "accountName");

        return await Retry.ExecuteAsync(async ct =>
        {
            var current = await store.GetPayeeAsync(uscc, ct);
            var now = clock.GetUtcNow();
            var next = new PayeeAccount(uscc, PayeeRules.NormaliseName(submission.AccountName), PayeeRules.NormaliseName(submission.Bank), PayeeRules.NormaliseName(submission.Branch),
                number!, submission.Cnaps!, application.Id, proof.DocumentId, PayeeStatuses.Pending, (current?.Version ?? 0) + 1, now, caller.Subject)
            {
                StorageETag = current?.StorageETag,
                AuditHash = current?.AuditHash,
            };
            if (current is not null && current.SameDetails(next) && current.Status is PayeeStatuses.Pending or PayeeStatuses.Verified)
                return Result<PayeeAccount>.Ok(current);
            var change = current is null ? "" : $"{current.MaskedNumber} → ";
            var audit = new AuditEntry(PaymentKeys.PayeePartition(uscc), next.Version, now, caller.Subject, current is null ? "submit" : "change",
                $"{change}{next.MaskedNumber} {next.Cnaps} proof {proof.DocumentId}") { From = current?.Status, To = next.Status };
            return Result<PayeeAccount>.Ok(await store.SavePayeeAsync(next, audit, ct));
        }, cancellationToken);
    }

    /// <summary>A reviewer verifies (or refuses, with a reason) the version named by <paramref name="ifMatch"/>.</summary>
    public async Task<Result<PayeeAccount>> VerifyAsync(Caller caller, string uscc, string? ifMatch, bool approve, string? reason, CancellationToken cancellationToken = default)
    {
        if (!caller.IsReviewer) return new UseCaseError(ErrorKind.Forbidden, "Forbidden.VerifyPayee");
        if (await store.GetPayeeAsync(uscc, cancellationToken) is not { } current) return NotFound();
        if (string.IsNullOrWhiteSpace(ifMatch))
            return new UseCaseError(ErrorKind.PreconditionRequired, "PreconditionRequired.Payee");
        if (!ETags.Matches(ifMatch, current.Version))
            return new UseCaseError(ErrorKind.PreconditionFailed, "PreconditionFailed.Payee");
        if (current.Status != PayeeStatuses.Pending)
            return new UseCaseError(ErrorKind.Conflict, "InvalidTransition.Payee", null, [current.Status]);
        if (!approve && string.IsNullOrWhiteSpace(reason))
            return new UseCaseError(ErrorKind.Validation, "ReasonRequired.PayeeRefusal", "reason");

        var now = clock.GetUtcNow();
        var next = current with
        {
            Status = approve ? PayeeStatuses.Verified : PayeeStatuses.Rejected,
            Version = current.Version + 1,
            VerifiedAt = approve ? now : null,
            VerifiedBy = approve ? caller.Subject : null,
            Reason = approve ? null : reason!.Trim(),
        };
        var audit = new AuditEntry(PaymentKeys.PayeePartition(uscc), next.Version, now, caller.Subject, approve ? "verify" : "refuse",
            approve ? $"{next.MaskedNumber} {next.Cnaps}" : next.Reason) { From = current.Status, To = next.Status };
        try
        {
            return Result<PayeeAccount>.Ok(await store.SavePayeeAsync(next, audit, cancellationToken));
        }
        catch (ConcurrencyConflictException)
        {
            return new UseCaseError(ErrorKind.PreconditionFailed, "PreconditionFailed.Payee");
        }
    }

    private static UseCaseError? FormError(PayeeSubmission s, string? number)
    {
        if (!PayeeRules.IsText(s.AccountName)) return Invalid("accountName", "InvalidPayeeField.AccountName");
        if (!PayeeRules.IsText(s.Bank)) return Invalid("bank", "InvalidPayeeField.Bank");
        if (!PayeeRules.IsText(s.Branch)) return Invalid("branch", "InvalidPayeeField.Branch");
        if (number is null)
            return new UseCaseError(ErrorKind.Validation, "InvalidAccountNumber", "accountNumber", [PayeeRules.MinAccountDigits, PayeeRules.MaxAccountDigits]);
        if (!PayeeRules.IsCnaps(s.Cnaps))
            return new UseCaseError(ErrorKind.Validation, "InvalidCnaps", "cnaps");
        if (string.IsNullOrWhiteSpace(s.ProofApplicationId) || string.IsNullOrWhiteSpace(s.ProofDocumentId))
            return new UseCaseError(ErrorKind.Validation, "ProofRequired", "proof");
        return null;
    }

    private static UseCaseError Invalid(string field, string key) => new(ErrorKind.Validation, key, field, [PayeeRules.MaxTextLength]);

    private static UseCaseError NotFound() => UseCaseError.NotFound("NotFound.Payee");
}
