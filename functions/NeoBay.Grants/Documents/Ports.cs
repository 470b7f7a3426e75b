using NeoBay.Grants.Common;
using NeoBay.Policy;

namespace NeoBay.Grants.Documents;

/// <summary>Document rows and their audit, in the application's partition of <c>applications</c>.</summary>
public interface IDocumentStore
{
    /// <summary>Inserts the document and its first audit line in one batch.</summary>
    Task CreateAsync(DocumentRecord document, DocumentAuditEntry audit, CancellationToken cancellationToken = default);

    Task<DocumentRecord?> GetAsync(string applicationId, string documentId, CancellationToken cancellationToken = default);

    /// <summary>One-partition query: the application's documents, oldest first.</summary>
    Task<IReadOnlyList<DocumentRecord>> ListAsync(string applicationId, CancellationToken cancellationToken = default);

    /// <summary>ETag replace + audit line in one batch; <see cref="ConcurrencyConflictException"/> when stale.</summary>
    Task<DocumentRecord> ReplaceAsync(DocumentRecord document, DocumentAuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>Appends an audit line (reads).</summary>
    Task AppendAuditAsync(DocumentAuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>One-partition query: the document audit of an application, in key order.</summary>
    Task<IReadOnlyList<DocumentAuditEntry>> GetAuditAsync(string applicationId, CancellationToken cancellationToken = default);
}

/// <summary>What the blob holds, read once as a stream: length, ETag, first bytes and SHA-256.</summary>
public sealed record BlobInspection(long Length, string ETag, byte[] Head, string? Sha256);

/// <summary>The document blobs.</summary>
public interface IDocumentBlobs
{
    /// <summary>Creates the (private) container if needed, so an upload URL always has somewhere to go.</summary>
    Task EnsureContainerAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Null when the blob does not exist. When it is longer than <paramref name="maxBytes"/> only its properties are
    /// read (no download; <see cref="BlobInspection.Sha256"/> null); otherwise the content is streamed once.
    /// </summary>
    Task<BlobInspection?> InspectAsync(string blobName, long maxBytes, int headLength, CancellationToken cancellationToken = default);

    /// <summary>Bytes [offset, offset + length) of the blob as it was at <paramref name="etag"/>.</summary>
    Task<byte[]> ReadRangeAsync(string blobName, long offset, int length, string etag, CancellationToken cancellationToken = default);

    /// <summary>The current ETag, or null when the blob does not exist.</summary>
    Task<string?> GetETagAsync(string blobName, CancellationToken cancellationToken = default);

    Task DeleteAsync(string blobName, CancellationToken cancellationToken = default);
}

/// <summary>
/// Issues SAS URLs for one blob: a user-delegation SAS when the app runs with a managed identity, an
/// account-key SAS where a connection string with a key is configured (Azurite).
/// </summary>
public interface IDocumentSasIssuer
{
    /// <summary>Create-only (no read, no overwrite, no delete), for exactly this blob, until <paramref name="expiresOn"/>.</summary>
    Task<Uri> IssueUploadAsync(string blobName, DateTimeOffset expiresOn, CancellationToken cancellationToken = default);

    /// <summary>Read-only for this blob, answering with the given Content-Type and an attachment file name.</summary>
    Task<Uri> IssueReadAsync(string blobName, DateTimeOffset expiresOn, string contentType, string fileName, CancellationToken cancellationToken = default);
}

/// <summary>What a client declares before uploading.</summary>
public sealed record UploadRequest(string Category, string FileName, string ContentType, long Size);

/// <summary>The answer to an upload request: where to PUT, until when, with which headers.</summary>
public sealed record UploadTicket(DocumentRecord Document, Uri UploadUrl, DateTimeOffset ExpiresAt, IReadOnlyDictionary<string, string> RequiredHeaders);

/// <summary>A verified document and a short read SAS for it.</summary>
public sealed record ReadTicket(DocumentRecord Document, Uri DownloadUrl, DateTimeOffset ExpiresAt);

/// <summary>The application's documents and the required categories still missing.</summary>
public sealed record DocumentList(IReadOnlyList<DocumentRecord> Documents, IReadOnlyList<RequiredDocument> Missing);

/// <summary>Documents of an application. Who cannot see the application gets NotFound.</summary>
public interface IDocumentUseCases
{
    Task<Result<UploadTicket>> RequestUploadAsync(Caller caller, string applicationId, UploadRequest request, CancellationToken cancellationToken = default);

    /// <summary>Verifies the uploaded blob; a refusal deletes it and answers Unprocessable. Idempotent.</summary>
    Task<Result<DocumentRecord>> CompleteAsync(Caller caller, string applicationId, string documentId, CancellationToken cancellationToken = default);

    Task<Result<DocumentList>> ListAsync(Caller caller, string applicationId, CancellationToken cancellationToken = default);

    Task<Result<ReadTicket>> GetForReadAsync(Caller caller, string applicationId, string documentId, CancellationToken cancellationToken = default);

    /// <summary>The same verification for a blob-created event (no caller: the system). Unknown names are ignored.</summary>
    Task<DocumentRecord?> VerifyBlobAsync(string blobName, CancellationToken cancellationToken = default);
}
