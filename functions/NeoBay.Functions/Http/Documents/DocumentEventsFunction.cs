using System.Text.Json;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Contracts.Documents;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Documents;

namespace NeoBay.Functions.Http.Documents;

/// <summary>
/// Event Grid webhook for <c>Microsoft.Storage.BlobCreated</c> on the documents container: runs the same verification as
/// <c>complete</c> (idempotent with it), so a document is verified even when the client never calls <c>complete</c>.
/// A plain HTTP function (Event Grid schema, read with Azure.Messaging.EventGrid), so it needs no extension package and runs on
/// the local host too; it is
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
            // Event Grid schema, parsed by Azure.Messaging.EventGrid; an event it cannot read is ignored (the body is untrusted).
            switch (SystemEvent(e))
            {
                case (_, SubscriptionValidationEventData { ValidationCode: { } code }):
                    logger.LogInformation("Event Grid subscription validated");
                    return ApiResult.Of(StatusCodes.Status200OK, new EventGridValidationResponse(code), DocumentsJsonContext.Default.EventGridValidationResponse);
                case ({ } created, StorageBlobCreatedEventData) when BlobEventSubject.TryGetBlobName(created.Subject, options.Container, out var blobName):
                    var outcome = await documents.VerifyBlobAsync(blobName, req.HttpContext.RequestAborted);
                    if (outcome is null) ignored++;
                    else if (outcome.Status == DocumentStatus.Verified) verified++;
                    else refused++;
                    logger.LogInformation("Blob event for {Blob}: {Status}", blobName, outcome?.Status.ToString() ?? "not a document");
                    break;
                default:
                    ignored++;
                    break;
            }
        }

        return ApiResult.Of(StatusCodes.Status200OK, new BlobEventsResponse(verified, refused, ignored), DocumentsJsonContext.Default.BlobEventsResponse);
    }

    /// <summary>The event and its system event data; (null, null) for anything the SDK cannot read.</summary>
    private static (EventGridEvent? Event, object? Data) SystemEvent(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) return (null, null);
        try
        {
            var parsed = EventGridEvent.Parse(BinaryData.FromString(element.GetRawText()));
            return parsed.TryGetSystemEventData(out var data) ? (parsed, data) : (parsed, null);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or NullReferenceException)
        {
            return (null, null);
        }
    }
}
