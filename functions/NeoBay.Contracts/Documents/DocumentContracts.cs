using System.Text.Json.Serialization;
using NeoBay.Grants.Common;
using NeoBay.Grants.Documents;

namespace NeoBay.Contracts.Documents;

/// <summary><c>201</c> with where to PUT the file: the document's id, the upload URL (SAS), until when, the method and the headers to send.</summary>
public sealed record UploadTicketResponse(string DocumentId, string UploadUrl, DateTimeOffset ExpiresAt, string Method, IReadOnlyDictionary<string, string> RequiredHeaders);

/// <summary>
/// A supporting document. <c>size</c>, <c>sha256</c> and <c>completedAt</c> are null until verified, <c>reason</c> unless refused;
/// <c>downloadUrl</c> and <c>expiresAt</c> are present only when it is read one at a time (a short-lived read URL).
/// </summary>
public sealed record DocumentResponse(
    string DocumentId,
    string ApplicationId,
    string Category,
    string FileName,
    string ContentType,
    string Status,
    long DeclaredSize,
    long? Size,
    string? Sha256,
    string? Reason,
    string UploadedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DownloadUrl = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt = null);

/// <summary>A required category not uploaded yet: its names in both languages and in the caller's (<c>name</c>).</summary>
public sealed record MissingDocumentResponse(string Category, string Zh, string En, string Name);

/// <summary><c>GET /api/applications/{id}/documents</c>.</summary>
public sealed record DocumentListResponse(IReadOnlyList<DocumentResponse> Items, IReadOnlyList<MissingDocumentResponse> Missing);

/// <summary>What a batch of Event Grid blob events did.</summary>
public sealed record BlobEventsResponse(int Verified, int Refused, int Ignored);

/// <summary>Event Grid's subscription handshake answer.</summary>
public sealed record EventGridValidationResponse(string ValidationResponse);

/// <summary>Grants records → the document contracts.</summary>
public static class DocumentMapper
{
    public static UploadTicketResponse ToResponse(UploadTicket ticket) =>
        new(ticket.Document.DocumentId, ticket.UploadUrl.AbsoluteUri, ticket.ExpiresAt, "PUT", ticket.RequiredHeaders);

    public static DocumentResponse ToResponse(DocumentRecord d, ReadTicket? read = null) =>
        new(d.DocumentId, d.ApplicationId, d.Category, d.FileName, d.ContentType, d.Status.ToWire(), d.DeclaredSize, d.Size, d.Sha256, d.RejectReason, d.CreatedBy,
            d.CreatedAt, d.CompletedAt, read?.DownloadUrl.AbsoluteUri, read?.ExpiresAt);

    public static DocumentListResponse ToResponse(DocumentList list, bool english) =>
        new([.. list.Documents.Select(d => ToResponse(d))],
            [.. list.Missing.Select(r => new MissingDocumentResponse(r.Category, r.Zh, r.En, english ? r.En : r.Zh))]);
}

/// <summary>Body of <c>POST /api/applications/{id}/documents</c> and <c>POST /api/bindings/{id}/documents</c>: all required, size in bytes.</summary>
public sealed record UploadTicketRequest(string? Category, string? FileName, string? ContentType, long? Size);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(UploadTicketResponse))]
[JsonSerializable(typeof(DocumentResponse))]
[JsonSerializable(typeof(DocumentListResponse))]
[JsonSerializable(typeof(BlobEventsResponse))]
[JsonSerializable(typeof(EventGridValidationResponse))]
[JsonSerializable(typeof(UploadTicketRequest))]
public sealed partial class DocumentsJsonContext : JsonSerializerContext;
