using System.Security.Cryptography;
using NeoBay.Grants.Applications;

namespace NeoBay.Grants.Documents;

/// <summary>Where a document is: waiting for its upload to be verified, kept, or refused (blob deleted).</summary>
public enum DocumentStatus
{
    Pending,
    Verified,
    Rejected,
}

/// <summary>
/// One supporting document of an application. Blob <c>{container}/{applicationId}/{documentId}</c>; row in the
/// application's partition (RowKey <c>doc-{documentId}</c>). <see cref="Version"/> grows on each transition and
/// keys the document's audit line, so a transition is audited once.
/// </summary>
public sealed record DocumentRecord(
    string ApplicationId,
    string DocumentId,
    string Category,
    string FileName,
    string ContentType,
    long DeclaredSize,
    DocumentStatus Status,
    int Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UploadExpiresAt)
{
    /// <summary>Bytes stored, once verified.</summary>
    public long? Size { get; init; }

    /// <summary>Lower-case hex SHA-256 of the stored bytes, once verified.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The blob's ETag when it was verified: a later change of the blob is detected on read.</summary>
    public string? BlobETag { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }
    public string? CompletedBy { get; init; }

    /// <summary>The reason code of a refusal (<see cref="DocumentReasons"/>).</summary>
    public string? RejectReason { get; init; }

    public string? StorageETag { get; init; }

    public string BlobName => DocumentKeys.BlobName(ApplicationId, DocumentId);
}

public static class DocumentKeys
{
    public const string RowPrefix = "doc-";
    public const string AuditPrefix = "docaudit-";

    /// <summary>A new document id: UTC time (sortable) + 40 random bits, e.g. <c>D20261126112000-9f3c1a2b7d</c>.</summary>
    public static string NewId(DateTimeOffset now) =>
        "D" + now.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" +
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    /// <summary>Only our own id shape reaches storage: <c>D</c>, 14 digits, dash, 10 hex.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: 26 } && id[0] == 'D' && id[1..15].All(char.IsAsciiDigit) && id[15] == '-' && id[16..].All(char.IsAsciiHexDigitLower);

    public static string BlobName(string applicationId, string documentId) => $"{applicationId}/{documentId}";

    public static string RowKey(string documentId) => RowPrefix + documentId;

    /// <summary>The audit line of a document transition (its version after the transition).</summary>
    public static string TransitionAuditKey(string documentId, int version) => $"{AuditPrefix}{documentId}-{version:D6}";

    /// <summary>An audit line of a read: time-ordered, unique per read.</summary>
    public static string ReadAuditKey(string documentId, DateTimeOffset at) =>
        $"{AuditPrefix}{documentId}-read-{at.UtcTicks:D19}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>Splits a blob name <c>{applicationId}/{documentId}</c>; false for anything else.</summary>
    public static bool TryParseBlobName(string? name, out string applicationId, out string documentId)
    {
        applicationId = documentId = string.Empty;
        var parts = name?.Split('/') ?? [];
        if (parts.Length != 2 || !ApplicationKeys.IsWellFormed(parts[0]) || !IsWellFormed(parts[1])) return false;
        (applicationId, documentId) = (parts[0], parts[1]);
        return true;
    }
}

/// <summary>One audit line of a document: an upload issued, a verification, a refusal, a read.</summary>
public sealed record DocumentAuditEntry(string ApplicationId, string RowKey, DateTimeOffset At, string Who, string What, string DocumentId, string? Why);

/// <summary>Stable reason codes of a refused document (HTTP 422).</summary>
public static class DocumentReasons
{
    public const string NotUploaded = "NotUploaded";
    public const string TooLarge = "TooLarge";
    public const string Empty = "Empty";
    public const string SizeMismatch = "SizeMismatch";
    public const string TypeNotAllowed = "TypeNotAllowed";
    public const string SignatureMismatch = "SignatureMismatch";
    public const string ChangedAfterVerification = "ChangedAfterVerification";

    /// <summary>The catalog key of a reject reason's message (<c>{0}</c> is the byte limit); an unknown reason says only that it failed.</summary>
    public static string MessageKey(string reason) => reason switch
    {
        NotUploaded or TooLarge or Empty or SizeMismatch or TypeNotAllowed or SignatureMismatch or ChangedAfterVerification => reason,
        _ => "VerificationFailed",
    };
}

/// <summary>Reads the blob of a Blob Storage event's subject: <c>/blobServices/default/containers/{container}/blobs/{name}</c>.</summary>
public static class BlobEventSubject
{
    public static bool TryGetBlobName(string? subject, string container, out string blobName)
    {
        var prefix = $"/blobServices/default/containers/{container}/blobs/";
        blobName = subject is not null && subject.StartsWith(prefix, StringComparison.Ordinal) ? subject[prefix.Length..] : string.Empty;
        return blobName.Length > 0;
    }
}
