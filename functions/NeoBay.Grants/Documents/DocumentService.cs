using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Messages;
using NeoBay.Policy;

namespace NeoBay.Grants.Documents;

/// <summary>
/// Supporting documents: issue a create-only upload SAS for one blob, verify what arrived (exists, size, type,
/// first bytes; SHA-256 recorded) or delete it, list, and hand out short read SAS URLs. Visibility is the
/// application's (<see cref="IApplicationAccess"/>): the owner, the integrators acting for its USCC, reviewers.
/// Every upload, verification and read is audited. SAS start and expiry come from <paramref name="sasClock"/> (default
/// <paramref name="clock"/>): the storage service checks them against real time, so a host whose business clock is
/// shifted (<c>NeoBay:DevClock</c>) passes the real clock there.
/// </summary>
public sealed partial class DocumentService(
    IApplicationAccess access,
    IDocumentStore documents,
    IDocumentBlobs blobs,
    IDocumentSasIssuer sas,
    PolicyCatalog catalog,
    DocumentOptions options,
    TimeProvider clock,
    TimeProvider? sasClock = null) : IDocumentUseCases
{
    /// <summary>A category outside the measure's list, for anything else the applicant wants to add.</summary>
    public const string OtherCategory = "other";

    /// <summary>A payee account's proof (bank certificate, 开户许可证): any application of the applicant may carry it (docs/payments.md).</summary>
    public const string BankAccountProofCategory = "bankAccountProof";
    public const int MaxFileNameLength = 200;
    public const string SystemActor = "system:blob-event";

    private static readonly ApplicationStatus[] Closed = [ApplicationStatus.Rejected, ApplicationStatus.Withdrawn];

    public async Task<Result<UploadTicket>> RequestUploadAsync(Caller caller, string applicationId, UploadRequest request, CancellationToken cancellationToken = default)
    {
        var application = await access.FindVisibleAsync(caller, applicationId, cancellationToken);
        if (application is null) return ApplicationNotFound();
        if (!caller.ActsForApplicant(application.ApplicantUscc))
            return new UseCaseError(ErrorKind.Forbidden, "Forbidden.Upload");
        if (Closed.Contains(application.Status))
            return new UseCaseError(ErrorKind.Conflict, "ApplicationClosed", "status", [application.Status.ToWire()]);

        var validation = Validate(CategoriesOf(application), request);
        if (validation is not null) return validation;
        return await IssueUploadAsync(caller, applicationId, request, cancellationToken);
    }

    /// <summary>A create-only upload URL for a new document of <paramref name="applicationId"/> (an application, or a binding: its letter).</summary>
    private async Task<Result<UploadTicket>> IssueUploadAsync(Caller caller, string applicationId, UploadRequest request, CancellationToken cancellationToken)
    {
        // Kept documents and uploads still open count; refused ones and expired, never-completed tickets do not.
        var now = clock.GetUtcNow();
        var sasNow = (sasClock ?? clock).GetUtcNow();
        var existing = await documents.ListAsync(applicationId, cancellationToken);
        if (existing.Count(d => d.Status == DocumentStatus.Verified || (d.Status == DocumentStatus.Pending && d.UploadExpiresAt > sasNow)) >= options.MaxDocumentsPerApplication)
            return new UseCaseError(ErrorKind.Conflict, "TooManyDocuments", null, [options.MaxDocumentsPerApplication]);

        var expiresAt = sasNow + options.UploadLifetimeFor(request.Size);
        var contentType = DocumentTypes.Normalise(request.ContentType)!;
        var document = new DocumentRecord(applicationId, DocumentKeys.NewId(now), request.Category, request.FileName.Trim(), contentType, request.Size,
            DocumentStatus.Pending, 1, now, caller.Subject, expiresAt);
        await blobs.EnsureContainerAsync(cancellationToken);
        var uploadUrl = await sas.IssueUploadAsync(document.BlobName, expiresAt, cancellationToken);
        await documents.CreateAsync(document, Audit(document, now, caller.Subject, "upload-issued", $"{document.Category} {document.FileName} {contentType} {request.Size}"), cancellationToken);

        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["x-ms-blob-type"] = "BlockBlob",
            ["Content-Type"] = contentType,
        };
        return Result<UploadTicket>.Ok(new UploadTicket(document, uploadUrl, expiresAt, headers));
    }

    public async Task<Result<DocumentRecord>> CompleteAsync(Caller caller, string applicationId, string documentId, CancellationToken cancellationToken = default)
    {
        var application = await access.FindVisibleAsync(caller, applicationId, cancellationToken);
        if (application is null || !DocumentKeys.IsWellFormed(documentId)) return DocumentNotFound();
        if (!caller.ActsForApplicant(application.ApplicantUscc))
            return new UseCaseError(ErrorKind.Forbidden, "Forbidden.CompleteUpload");
        var document = await documents.GetAsync(applicationId, documentId, cancellationToken);
        if (document is null) return DocumentNotFound();
        return Answer(await VerifyAsync(document, caller.Subject, cancellationToken));
    }

    public async Task<DocumentRecord?> VerifyBlobAsync(string blobName, CancellationToken cancellationToken = default)
    {
        if (!DocumentKeys.TryParseBlobName(blobName, out var applicationId, out var documentId)) return null;
        var document = await documents.GetAsync(applicationId, documentId, cancellationToken);
        return document is null ? null : await VerifyAsync(document, SystemActor, cancellationToken);
    }

    public async Task<Result<DocumentList>> ListAsync(Caller caller, string applicationId, CancellationToken cancellationToken = default)
    {
        var application = await access.FindVisibleAsync(caller, applicationId, cancellationToken);
        if (application is null) return ApplicationNotFound();
        var list = await documents.ListAsync(applicationId, cancellationToken);
        return Result<DocumentList>.Ok(new DocumentList(list, DocumentChecklist.Missing(catalog, application.Measure, list)));
    }

    public async Task<Result<ReadTicket>> GetForReadAsync(Caller caller, string applicationId, string documentId, CancellationToken cancellationToken = default)
    {
        var application = await access.FindVisibleAsync(caller, applicationId, cancellationToken);
        if (application is null || !DocumentKeys.IsWellFormed(documentId)) return DocumentNotFound();
        var document = await documents.GetAsync(applicationId, documentId, cancellationToken);
        if (document is null) return DocumentNotFound();
        if (document.Status != DocumentStatus.Verified)
            return new UseCaseError(ErrorKind.Conflict, "DocumentNotVerified", "status");

        // Defence in depth: the upload SAS cannot overwrite, but a blob changed since verification is never served.
        var etag = await blobs.GetETagAsync(document.BlobName, cancellationToken);
        if (etag != document.BlobETag)
            return Refusal(await RejectAsync(document, DocumentReasons.ChangedAfterVerification, SystemActor, cancellationToken));

        var now = clock.GetUtcNow();
        var expiresAt = (sasClock ?? clock).GetUtcNow() + options.ReadLifetime;
        var url = await sas.IssueReadAsync(document.BlobName, expiresAt, document.ContentType, document.FileName, cancellationToken);
        await documents.AppendAuditAsync(new DocumentAuditEntry(applicationId, DocumentKeys.ReadAuditKey(documentId, now), now, caller.Subject, "read", documentId, null), cancellationToken);
        return Result<ReadTicket>.Ok(new ReadTicket(document, url, expiresAt));
    }

    /// <summary>
    /// Verifies a pending document (a verified or refused one keeps its outcome: completing twice is harmless). A refused
    /// document's blob is deleted whenever it is seen again: its upload URL may still be valid, and a second PUT must
    /// not leave a refused file in the container.
    /// </summary>
    private async Task<DocumentRecord> VerifyAsync(DocumentRecord document, string who, CancellationToken cancellationToken)
    {
        if (document.Status == DocumentStatus.Rejected) await blobs.DeleteAsync(document.BlobName, cancellationToken);
        if (document.Status != DocumentStatus.Pending) return document;

        var inspection = await blobs.InspectAsync(document.BlobName, options.MaxBytes, DocumentTypes.HeadLength, cancellationToken);
        if (inspection is null) return document with { RejectReason = DocumentReasons.NotUploaded }; // stays pending: upload, then complete again

        var reason = inspection switch
        {
            { Length: 0 } => DocumentReasons.Empty,
            { Sha256: null } => DocumentReasons.TooLarge,
            _ when inspection.Length > options.MaxBytes => DocumentReasons.TooLarge,
            _ when inspection.Length != document.DeclaredSize => DocumentReasons.SizeMismatch,
            _ when !DocumentTypes.SignatureMatches(document.ContentType, inspection.Head) => DocumentReasons.SignatureMismatch,
            _ => null,
        };
        if (reason is null && document.ContentType == DocumentTypes.Ofd && !await IsOfdPackageAsync(document.BlobName, inspection, cancellationToken))
            reason = DocumentReasons.SignatureMismatch;
        if (reason is not null) return await RejectAsync(document, reason, who, cancellationToken);

        var now = clock.GetUtcNow();
        var verified = document with
        {
            Status = DocumentStatus.Verified, Version = document.Version + 1, Size = inspection.Length, Sha256 = inspection.Sha256,
            BlobETag = inspection.ETag, CompletedAt = now, CompletedBy = who, RejectReason = null,
        };
        return await SaveAsync(verified, Audit(verified, now, who, "verified", $"{inspection.Length} bytes sha256 {inspection.Sha256}"), cancellationToken);
    }

    /// <summary>An OFD is a ZIP whose central directory lists OFD.xml (two ranged reads: the tail, then the directory).</summary>
    private async Task<bool> IsOfdPackageAsync(string blobName, BlobInspection inspection, CancellationToken cancellationToken)
    {
        var tailLength = OfdPackage.TailLength(inspection.Length);
        var tail = await blobs.ReadRangeAsync(blobName, inspection.Length - tailLength, tailLength, inspection.ETag, cancellationToken);
        if (OfdPackage.FindCentralDirectory(tail, inspection.Length) is not { } directory) return false;
        var entries = await blobs.ReadRangeAsync(blobName, directory.Offset, directory.Size, inspection.ETag, cancellationToken);
        return OfdPackage.ListsRootEntry(entries);
    }

    private async Task<DocumentRecord> RejectAsync(DocumentRecord document, string reason, string who, CancellationToken cancellationToken)
    {
        await blobs.DeleteAsync(document.BlobName, cancellationToken);
        var now = clock.GetUtcNow();
        var rejected = document with { Status = DocumentStatus.Rejected, Version = document.Version + 1, CompletedAt = now, CompletedBy = who, RejectReason = reason };
        return await SaveAsync(rejected, Audit(rejected, now, who, "rejected", reason), cancellationToken);
    }

    /// <summary>Writes the transition; when another call (complete and the blob event) won the race, its outcome stands.</summary>
    private async Task<DocumentRecord> SaveAsync(DocumentRecord document, DocumentAuditEntry audit, CancellationToken cancellationToken)
    {
        try
        {
            return await documents.ReplaceAsync(document, audit, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return await documents.GetAsync(document.ApplicationId, document.DocumentId, cancellationToken)
                   ?? throw new InvalidOperationException($"Document {document.DocumentId} vanished during verification.");
        }
    }

    private Result<DocumentRecord> Answer(DocumentRecord document) =>
        document.Status == DocumentStatus.Verified ? Result<DocumentRecord>.Ok(document) : Refusal(document);

    private UseCaseError Refusal(DocumentRecord document)
    {
        var reason = document.RejectReason ?? DocumentReasons.NotUploaded;
        return new UseCaseError(ErrorKind.Unprocessable, DocumentReasons.MessageKey(reason), "file", [options.MaxBytes]) { Code = reason };
    }

    /// <summary>The measure's categories, and a payee account's proof (docs/payments.md).</summary>
    private List<string> CategoriesOf(ApplicationRecord application) =>
        [.. catalog.TryGet(application.Measure, out var measure) ? measure.RequiredDocuments.Select(d => d.Category) : [], BankAccountProofCategory];

    private UseCaseError? Validate(IReadOnlyList<string> categories, UploadRequest request)
    {
        if (request.Category != OtherCategory && !categories.Contains(request.Category, StringComparer.Ordinal))
            return new UseCaseError(ErrorKind.Validation, "UnknownCategory", "category", [MessageCatalog.List(categories.Append(OtherCategory))]);
        var name = request.FileName?.Trim() ?? string.Empty;
        if (name.Length is 0 or > MaxFileNameLength || name.Any(IsRefusedInFileName) || name is "." or "..")
            return new UseCaseError(ErrorKind.Validation, "InvalidFileName", "fileName", [MaxFileNameLength]);
        if (DocumentTypes.Normalise(request.ContentType) is null)
            return new UseCaseError(ErrorKind.Unprocessable, DocumentReasons.TypeNotAllowed, "contentType");

        if (request.Size <= 0)
            return new UseCaseError(ErrorKind.Validation, "InvalidSize", "size");
        if (request.Size > options.MaxBytes)
            return new UseCaseError(ErrorKind.Unprocessable, DocumentReasons.TooLarge, "size", [options.MaxBytes]);

        return null;
    }

    /// <summary>Path separators, quotes, controls, and format characters (Cf): bidi overrides would disguise the extension.</summary>
    private static bool IsRefusedInFileName(char c) =>
        c is '/' or '\\' or '"' || char.IsControl(c) || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;

    private static DocumentAuditEntry Audit(DocumentRecord document, DateTimeOffset at, string who, string what, string? why) =>
        new(document.ApplicationId, DocumentKeys.TransitionAuditKey(document.DocumentId, document.Version), at, who, what, document.DocumentId, why);

    private static UseCaseError ApplicationNotFound() => UseCaseError.NotFound("NotFound.Application");

    private static UseCaseError DocumentNotFound() => UseCaseError.NotFound("NotFound.Document");
}
