using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Documents;

namespace NeoBay.Functions.Http.Documents;

/// <summary>
/// Event Grid webhook for <c>Microsoft.Storage.BlobCreated</c> on the documents container: runs the same verification as
/// <c>complete</c> (idempotent with it), so a document is verified even when the client never calls <c>complete</c>.
/// A plain HTTP function (Event Grid schema), so it needs no extension package and runs on the local host too; it is
/// protected by the function key (Event Grid carries no bearer token) and answers the subscription validation handshake.
/// </summary>
public sealed class DocumentEventsFunction(IDocumentUseCases documents, DocumentOptions options, ILogger<DocumentEventsFunction> logger)
{
    public const string ValidationEvent = "Microsoft.EventGrid.SubscriptionValidationEvent";
    public const string BlobCreatedEvent = "Microsoft.Storage.BlobCreated";

    [Function(nameof(DocumentBlobCreated))]
    [AllowAnonymous]
    public async Task<IActionResult> DocumentBlobCreated(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "events/documents")] HttpRequest req)
    {
        var (document, problem) = await RequestBody.ReadJsonAsync(req, BodySize.Application);
        if (problem is not null) return problem;
        using var _ = document;
        var root = document!.RootElement;
        var events = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];

        int verified = 0, refused = 0, ignored = 0;
        foreach (var e in events)
        {
            var type = StringProperty(e, "eventType");
            if (type == ValidationEvent && e.TryGetProperty("data", out var data) && StringProperty(data, "validationCode") is { } code)
            {
                logger.LogInformation("Event Grid subscription validated");
                return ApiResult.Of(StatusCodes.Status200OK, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("validationResponse", code);
                    w.WriteEndObject();
                });
            }

            if (type != BlobCreatedEvent || !BlobEventSubject.TryGetBlobName(StringProperty(e, "subject"), options.Container, out var blobName))
            {
                ignored++;
                continue;
            }

            var outcome = await documents.VerifyBlobAsync(blobName, req.HttpContext.RequestAborted);
            if (outcome is null) ignored++;
            else if (outcome.Status == DocumentStatus.Verified) verified++;
            else refused++;
            logger.LogInformation("Blob event for {Blob}: {Status}", blobName, outcome?.Status.ToString() ?? "not a document");
        }

        return ApiResult.Of(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("verified", verified);
            w.WriteNumber("refused", refused);
            w.WriteNumber("ignored", ignored);
            w.WriteEndObject();
        });
    }

    /// <summary>A string property of an object; null for anything else (the body is untrusted: never throw on its shape).</summary>
    private static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
