using System.Text;
using NeoBay.Grants.Common;
using NeoBay.Grants.Documents;
using NeoBay.Messages;
using NeoBay.Policy;

namespace NeoBay.Grants.Auth;

/// <summary>A request to bind the caller to a company: <c>{uscc, name, role}</c>.</summary>
public sealed record BindingRequest(string? Uscc, string? Name, string? Role);

/// <summary>A pending binding as reviewers list it, with whether its authorisation letter is verified (approval needs it).</summary>
public sealed record PendingBinding(BindingRecord Binding, bool LetterVerified);

/// <summary>The caller as <c>GET /api/me</c> shows it: subject, roles, the USCC its token acts for, its bindings.</summary>
public sealed record Me(Caller Caller, IReadOnlyList<BindingRecord> Bindings);

/// <summary>
/// Binding a signed-in person to a company (一企一档): request (pending), a reviewer's decision on the binding's ETag,
/// the caller's own view. The owner uploads the authorisation letter through the documents flow while the binding is pending;
/// approval needs it verified. An approved binding puts <c>uscc</c> into the next sign-in's token.
/// </summary>
public sealed class BindingService(IBindingStore store, IBindingDocuments letters, TimeProvider clock) : IBindingUseCases
{
    public const int MaxNameLength = 64;
    public const int MaxReasonLength = ReasonText.MaxLength;

    public async Task<Result<(BindingRecord Binding, bool Created)>> RequestAsync(Caller caller, BindingRequest request, CancellationToken cancellationToken = default)
    {
        if (!Uscc.IsValid(request.Uscc))
            return new UseCaseError(ErrorKind.Validation, "InvalidUscc.Short", "uscc");
        var name = request.Name?.Trim().Normalize(NormalizationForm.FormC) ?? string.Empty;
        if (name.Length is 0 or > MaxNameLength || name.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
            return new UseCaseError(ErrorKind.Validation, "InvalidName", "name", [MaxNameLength]);
        if (request.Role is null || !BindingRoles.All.Contains(request.Role, StringComparer.Ordinal))
            return new UseCaseError(ErrorKind.Validation, "InvalidRole", "role", [MessageCatalog.List(BindingRoles.All)]);

        var now = clock.GetUtcNow();
        var binding = new BindingRecord(BindingKeys.Id(caller.Subject, request.Uscc!), request.Uscc!, name, request.Role, BindingStatus.Pending, 1, now);
        if (await store.TryCreateAsync(binding, caller.Subject, cancellationToken)) return Result<(BindingRecord, bool)>.Ok((binding, true));

        var existing = await store.GetAsync(binding.Id, cancellationToken) ?? throw new InvalidOperationException("Binding vanished after a conflict.");
        if (existing.Status != BindingStatus.Rejected) return Result<(BindingRecord, bool)>.Ok((existing, false)); // repeated: the same binding
        try
        {
            // Asking again after a rejection opens a new pending version.
            var again = existing with { Name = name, Role = request.Role, Status = BindingStatus.Pending, Version = existing.Version + 1, RequestedAt = now, Reason = null, DecidedBy = null, DecidedAt = null };
            return Result<(BindingRecord, bool)>.Ok((await store.ReplaceAsync(again, caller.Subject, "request"), true));
        }
        catch (ConcurrencyConflictException)
        {
            return Stale();
        }
    }

    public async Task<Me> MeAsync(Caller caller, CancellationToken cancellationToken = default) =>
        new(caller, await store.ListAsync(caller.Subject, cancellationToken));

    /// <summary>A binding its owner or a reviewer may see; anyone else gets NotFound.</summary>
    public async Task<Result<BindingRecord>> GetAsync(Caller caller, string id, CancellationToken cancellationToken = default)
    {
        var binding = await store.GetAsync(id, cancellationToken);
        return binding is not null && (caller.IsReviewer || IsOwner(caller, id)) ? Result<BindingRecord>.Ok(binding) : NotFound();
    }

    /// <summary>An upload URL for the authorisation letter of the caller's own pending binding.</summary>
    public async Task<Result<UploadTicket>> RequestLetterUploadAsync(Caller caller, string id, UploadRequest request, CancellationToken cancellationToken = default)
    {
        var binding = IsOwner(caller, id) ? await store.GetAsync(id, cancellationToken) : null;
        if (binding is null) return NotFound();
        if (binding.Status != BindingStatus.Pending)
            return new UseCaseError(ErrorKind.Conflict, "InvalidTransition.BindingDocuments", "status");
        return await letters.RequestLetterUploadAsync(caller, id, request, cancellationToken);
    }

    /// <summary>Verifies the uploaded letter (a refusal deletes the blob and answers Unprocessable).</summary>
    public async Task<Result<DocumentRecord>> CompleteLetterAsync(Caller caller, string id, string documentId, CancellationToken cancellationToken = default) =>
        IsOwner(caller, id) && await store.GetAsync(id, cancellationToken) is not null
            ? await letters.CompleteLetterAsync(caller, id, documentId, cancellationToken)
            : NotFound();

    /// <summary>Pending bindings for reviewers, oldest request first, each with whether its authorisation letter is verified.</summary>
    public async Task<Result<ListPage<PendingBinding>>> ListPendingAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        if (Paging.Problem(continuationToken, pageSize) is { } pageProblem) return pageProblem;
        var page = await store.ListPendingAsync(continuationToken, pageSize, cancellationToken);
        var items = await Task.WhenAll(page.Items.Select(async b => new PendingBinding(b, await letters.HasVerifiedLetterAsync(b.Id, cancellationToken))));
        return Result<ListPage<PendingBinding>>.Ok(new ListPage<PendingBinding>(items, page.ContinuationToken));
    }

    private static bool IsOwner(Caller caller, string id) => id.StartsWith(BindingKeys.Partition(caller.Subject) + "-", StringComparison.Ordinal);

    /// <summary>A reviewer approves or rejects (reason required) a pending binding; <paramref name="ifMatch"/> must be its current strong ETag.</summary>
    public async Task<Result<BindingRecord>> DecideAsync(Caller caller, string id, string? ifMatch, bool approve, string? reason, CancellationToken cancellationToken = default)
    {
        if (reason is { Length: > MaxReasonLength })
            return new UseCaseError(ErrorKind.Validation, "ReasonTooLong.Binding", "reason", [MaxReasonLength]);
        var binding = await store.GetAsync(id, cancellationToken);
        if (binding is null) return NotFound();
        if (string.IsNullOrWhiteSpace(ifMatch))
            return new UseCaseError(ErrorKind.PreconditionRequired, "PreconditionRequired.Binding", "If-Match");
        if (ifMatch.Trim() != binding.HttpETag) return Stale();
        if (binding.Status != BindingStatus.Pending)
            return new UseCaseError(ErrorKind.Conflict, "InvalidTransition.Binding", "status");
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (!approve && reason is null)
            return new UseCaseError(ErrorKind.Validation, "ReasonRequired.Binding", "reason");
        if (approve && !await letters.HasVerifiedLetterAsync(id, cancellationToken))
            return new UseCaseError(ErrorKind.Conflict, ErrorCodes.MissingDocument, DocumentService.AuthorisationLetterCategory);

        var decided = binding with
        {
            Status = approve ? BindingStatus.Approved : BindingStatus.Rejected, Version = binding.Version + 1,
            Reason = reason, DecidedBy = caller.Subject, DecidedAt = clock.GetUtcNow(),
        };
        try
        {
            return Result<BindingRecord>.Ok(await store.ReplaceAsync(decided, caller.Subject, approve ? "approve" : "reject", cancellationToken));
        }
        catch (ConcurrencyConflictException)
        {
            return Stale();
        }
    }

    private static UseCaseError NotFound() => UseCaseError.NotFound("NotFound.Binding");

    private static UseCaseError Stale() =>
        new(ErrorKind.PreconditionFailed, "PreconditionFailed.Binding", "If-Match");
}
