using NeoBay.Grants.Common;

namespace NeoBay.Grants.Documents;

/// <summary>
/// A binding's authorisation letter (授权委托书, category <c>authorisationLetter</c>) goes through the same upload and verification
/// as an application's documents, with the binding id in place of the application id (blob <c>{bindingId}/{documentId}</c>,
/// rows in that partition of <c>applications</c>). Who may upload is checked by the binding use case.
/// </summary>
public sealed partial class DocumentService : IBindingDocuments
{
    public const string AuthorisationLetterCategory = "authorisationLetter";

    public async Task<Result<UploadTicket>> RequestLetterUploadAsync(Caller caller, string bindingId, UploadRequest request, CancellationToken cancellationToken = default) =>
        Validate([AuthorisationLetterCategory], request) is { } problem ? problem : await IssueUploadAsync(caller, bindingId, request, cancellationToken);

    public async Task<Result<DocumentRecord>> CompleteLetterAsync(Caller caller, string bindingId, string documentId, CancellationToken cancellationToken = default)
    {
        var document = DocumentKeys.IsWellFormed(documentId) ? await documents.GetAsync(bindingId, documentId, cancellationToken) : null;
        return document is null ? DocumentNotFound() : Answer(await VerifyAsync(document, caller.Subject, cancellationToken));
    }

    public async Task<bool> HasVerifiedLetterAsync(string bindingId, CancellationToken cancellationToken = default) =>
        (await documents.ListAsync(bindingId, cancellationToken)).Any(d => d.Status == DocumentStatus.Verified && d.Category == AuthorisationLetterCategory);
}

/// <summary>The documents flow for a binding's authorisation letter, as the bindings (Auth) use it.</summary>
public interface IBindingDocuments
{
    Task<Result<UploadTicket>> RequestLetterUploadAsync(Caller caller, string bindingId, UploadRequest request, CancellationToken cancellationToken = default);

    Task<Result<DocumentRecord>> CompleteLetterAsync(Caller caller, string bindingId, string documentId, CancellationToken cancellationToken = default);

    Task<bool> HasVerifiedLetterAsync(string bindingId, CancellationToken cancellationToken = default);
}
