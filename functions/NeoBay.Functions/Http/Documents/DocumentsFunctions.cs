using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Contracts.Documents;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Documents;
using NeoBay.Policy;

namespace NeoBay.Functions.Http.Documents;

/// <summary>
/// Supporting documents of an application: ask for an upload URL, complete (verify) the upload, list, read.
/// Thin: parse, call one use case, map the result. Who cannot see the application gets 404.
/// </summary>
public sealed class DocumentsFunctions(IDocumentUseCases documents, ILogger<DocumentsFunctions> logger)
{
    [Function(nameof(RequestDocumentUpload))]
    [RequireRoles(Roles.Applicant, Roles.Integrator)]
    public async Task<IActionResult> RequestDocumentUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "applications/{id}/documents")] HttpRequest req, string id)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (upload, problem) = await ReadUploadAsync(req);
        if (problem is not null) return problem;

        var result = await documents.RequestUploadAsync(caller, id, upload!, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var ticket = result.Value!;
        logger.LogInformation("Upload {Document} ({Category}, {ContentType}, {Size} bytes) issued for application {Id} to {Subject}",
            ticket.Document.DocumentId, ticket.Document.Category, ticket.Document.ContentType, upload!.Size, id, caller.LogLabel);
        return DocumentsJson.Ticket(ticket).WithHeader("Location", $"/api/applications/{id}/documents/{ticket.Document.DocumentId}");
    }

    [Function(nameof(CompleteDocumentUpload))]
    [RequireRoles(Roles.Applicant, Roles.Integrator)]
    public async Task<IActionResult> CompleteDocumentUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "applications/{id}/documents/{documentId}/complete")] HttpRequest req, string id, string documentId)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var result = await documents.CompleteAsync(caller, id, documentId, req.HttpContext.RequestAborted);
        if (!result.IsSuccess)
        {
            logger.LogInformation("Document {Document} of application {Id} not kept: {Code}", documentId, id, result.Error!.Code);
            return Problems.From(result.Error!, req);
        }

        return DocumentsJson.Document(result.Value!);
    }

    [Function(nameof(ListDocuments))]
    [RequireRoles(Roles.Applicant, Roles.Integrator, Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> ListDocuments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/{id}/documents")] HttpRequest req, string id)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var result = await documents.ListAsync(caller, id, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var english = Problems.IsEnglish(req);
        return ApiResult.Of(StatusCodes.Status200OK, DocumentMapper.ToResponse(result.Value!, english), DocumentsJsonContext.Default.DocumentListResponse);
    }

    [Function(nameof(GetDocument))]
    [RequireRoles(Roles.Applicant, Roles.Integrator, Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> GetDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/{id}/documents/{documentId}")] HttpRequest req, string id, string documentId)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var result = await documents.GetForReadAsync(caller, id, documentId, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var ticket = result.Value!;
        logger.LogInformation("Document {Document} of application {Id} read by {Subject}", documentId, id, caller.LogLabel);
        return DocumentsJson.Document(ticket.Document, ticket)
            .WithHeader("Cache-Control", "no-store");
    }

    /// <summary><c>{category, fileName, contentType, size}</c>, all required; size a whole number of bytes.</summary>
    public static async Task<(UploadRequest? Request, ApiResult? Problem)> ReadUploadAsync(HttpRequest req)
    {
        var (ticket, problem) = await ContractBody.ReadAsync(req, DocumentsJsonContext.Default.UploadTicketRequest, RequestFields.UploadTicket);
        return ticket is null ? (null, problem) : (new UploadRequest(ticket.Category!, ticket.FileName!, ticket.ContentType!, ticket.Size!.Value), null);
    }
}

/// <summary>The document answers as HTTP results (records and mapping: NeoBay.Contracts.Documents).</summary>
public static class DocumentsJson
{
    /// <summary>201 with where to PUT the file: documentId, uploadUrl, expiresAt, method, requiredHeaders.</summary>
    public static ApiResult Ticket(UploadTicket ticket) =>
        ApiResult.Of(StatusCodes.Status201Created, DocumentMapper.ToResponse(ticket), DocumentsJsonContext.Default.UploadTicketResponse);

    /// <summary>200 with the document (and, for a read, its short-lived download URL).</summary>
    public static ApiResult Document(DocumentRecord document, ReadTicket? read = null) =>
        ApiResult.Of(StatusCodes.Status200OK, DocumentMapper.ToResponse(document, read), DocumentsJsonContext.Default.DocumentResponse);
}
