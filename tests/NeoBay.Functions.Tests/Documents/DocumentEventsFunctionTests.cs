using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Functions.Auth;
using NeoBay.Functions.Http;
using NeoBay.Functions.Http.Documents;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Storage.Documents;
using NeoBay.Testing;

namespace NeoBay.Functions.Tests.Documents;

/// <summary>The Event Grid webhook: the validation handshake, and BlobCreated running the same verification as complete.</summary>
public sealed class DocumentEventsFunctionTests
{
    private static async Task<(ServiceProvider Services, string Id, string Container)> AppAsync()
    {
        var connection = await Azurite.GetConnectionStringAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
            ["NeoBay:Storage:TablePrefix"] = Azurite.UniqueName("ev"),
            ["NeoBay:Environment"] = "Development",
        }).Build();
        var container = Azurite.UniqueName("documents");
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero)));
        services.AddSingleton(new DocumentOptions { Container = container });
        services.AddSingleton<IEvaluationQueue>(Moq.Mock.Of<IEvaluationQueue>());
        services.AddNeoBayFunctionApp(configuration);
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        var id = (await scope.ServiceProvider.GetRequiredService<ApplicationsFunctions>().SubmitApplication(Requests.Make("POST", Requests.A021Body(), Requests.ApplicantA)))
            .Json().GetProperty("id").GetString()!;
        return (provider, id, container);
    }

    private static DocumentEventsFunction Function(IServiceProvider services) => services.CreateScope().ServiceProvider.GetRequiredService<DocumentEventsFunction>();

    private static string BlobCreated(string container, string blobName) => $$"""
        [{ "id": "{{Guid.NewGuid()}}", "eventType": "Microsoft.Storage.BlobCreated", "eventTime": "2026-11-26T03:00:01Z", "dataVersion": "",
           "subject": "/blobServices/default/containers/{{container}}/blobs/{{blobName}}",
           "topic": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/neobay",
           "data": { "api": "PutBlob", "contentType": "application/pdf", "blobType": "BlockBlob", "url": "https://neobay.blob.core.windows.net/{{container}}/{{blobName}}" } }]
        """;

    /// <summary>Asks for an upload (through the function) and writes the blob, but never calls complete.</summary>
    private static async Task<string> UploadWithoutCompleteAsync(IServiceProvider services, string id, byte[] content)
    {
        var functions = services.CreateScope().ServiceProvider.GetRequiredService<DocumentsFunctions>();
        var body = $$"""{"category": "nationalApproval", "fileName": "a.pdf", "contentType": "application/pdf", "size": {{content.Length}}}""";
        var documentId = (await functions.RequestDocumentUpload(Requests.Make("POST", body, Requests.ApplicantA), id)).Json().GetProperty("documentId").GetString()!;
        await (await services.GetRequiredService<BlobDocumentStorage>().BlobAsync(DocumentKeys.BlobName(id, documentId))).UploadAsync(new BinaryData(content));
        return documentId;
    }

    [Fact]
    public async Task The_subscription_validation_handshake_echoes_the_code()
    {
        var (services, _, _) = await AppAsync();
        // The handshake as Event Grid sends it (every envelope field of the Event Grid schema; the SDK requires them).
        const string validation = """
            [{"id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66", "topic": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/neobay",
              "subject": "", "data": {"validationCode": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6", "validationUrl": "https://127.0.0.1/validate"},
              "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "eventTime": "2026-11-26T03:00:00Z", "metadataVersion": "1", "dataVersion": "1"}]
            """;

        var answer = (await Function(services).DocumentBlobCreated(Requests.Make("POST", validation))).Json();

        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", answer.GetProperty("validationResponse").GetString());
    }

    [Theory]
    [InlineData("""[{"id": "1", "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "subject": "", "data": "not an object"}]""")]
    [InlineData("""[{"id": "1", "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "subject": "", "data": {"validationCode": 42}}]""")]
    [InlineData("""[{"id": "1", "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "subject": "", "data": {"validationCode": "c"}}]""")] // no eventTime, dataVersion
    [InlineData("""[42]""")]
    public async Task A_malformed_validation_event_is_ignored_not_a_server_error(string body)
    {
        var function = new DocumentEventsFunction(Moq.Mock.Of<IDocumentUseCases>(), new DocumentOptions(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DocumentEventsFunction>.Instance);

        var answer = (await function.DocumentBlobCreated(Requests.Make("POST", body))).Json();

        Assert.Equal((0, 0, 1), (answer.GetProperty("verified").GetInt32(), answer.GetProperty("refused").GetInt32(), answer.GetProperty("ignored").GetInt32()));
    }

    [Fact]
    public async Task A_BlobCreated_event_verifies_a_document_never_completed_and_a_redelivery_changes_nothing()
    {
        var (services, id, container) = await AppAsync();
        var content = RequiredDocumentUploads.Pdf("event");
        var documentId = await UploadWithoutCompleteAsync(services, id, content);
        var blobName = DocumentKeys.BlobName(id, documentId);

        var first = (await Function(services).DocumentBlobCreated(Requests.Make("POST", BlobCreated(container, blobName)))).Json();
        var again = (await Function(services).DocumentBlobCreated(Requests.Make("POST", BlobCreated(container, blobName)))).Json();
        var completed = (await services.CreateScope().ServiceProvider.GetRequiredService<DocumentsFunctions>()
            .CompleteDocumentUpload(Requests.Make("POST", caller: Requests.ApplicantA), id, documentId)).Json();

        Assert.Equal((1, 0, 0), (first.GetProperty("verified").GetInt32(), first.GetProperty("refused").GetInt32(), first.GetProperty("ignored").GetInt32()));
        Assert.Equal(1, again.GetProperty("verified").GetInt32());
        Assert.Equal(("verified", DocumentService.SystemActor), (completed.GetProperty("status").GetString(), (await services.GetRequiredService<IDocumentStore>().GetAsync(id, documentId))!.CompletedBy));
        Assert.Single(await services.GetRequiredService<IDocumentStore>().GetAuditAsync(id), a => a.What == "verified");
    }

    [Fact]
    public async Task A_disguised_file_is_refused_by_the_event_and_other_containers_and_events_are_ignored()
    {
        var (services, id, container) = await AppAsync();
        var documentId = await UploadWithoutCompleteAsync(services, id, [0x4D, 0x5A, 0x90, 0x00]);
        var blobName = DocumentKeys.BlobName(id, documentId);

        var refused = (await Function(services).DocumentBlobCreated(Requests.Make("POST", BlobCreated(container, blobName)))).Json();
        var otherContainer = (await Function(services).DocumentBlobCreated(Requests.Make("POST", BlobCreated("deployments", blobName)))).Json();
        var notOurs = (await Function(services).DocumentBlobCreated(Requests.Make("POST", BlobCreated(container, "readme.txt")))).Json();
        var deleted = (await Function(services).DocumentBlobCreated(Requests.Make("POST", BlobCreated(container, blobName).Replace("BlobCreated", "BlobDeleted")))).Json();

        Assert.Equal(1, refused.GetProperty("refused").GetInt32());
        Assert.Equal(DocumentReasons.SignatureMismatch, (await services.GetRequiredService<IDocumentStore>().GetAsync(id, documentId))!.RejectReason);
        Assert.Null(await services.GetRequiredService<IDocumentBlobs>().GetETagAsync(blobName));
        Assert.All([otherContainer, notOurs, deleted], r => Assert.Equal(1, r.GetProperty("ignored").GetInt32()));
    }

    [Fact]
    public async Task The_upload_SAS_follows_the_real_clock_even_when_the_app_clock_is_shifted_into_the_past()
    {
        var (services, id, _) = await AppAsync(); // app clock: 2026-11-26 03:00 UTC, as with NeoBay:DevClock
        var functions = services.CreateScope().ServiceProvider.GetRequiredService<DocumentsFunctions>();
        var content = RequiredDocumentUploads.Pdf("dev clock");
        var ticket = (await functions.RequestDocumentUpload(Requests.Make("POST",
            $$"""{"category": "nationalApproval", "fileName": "a.pdf", "contentType": "application/pdf", "size": {{content.Length}}}""", Requests.ApplicantA), id)).Json();

        using var put = new HttpRequestMessage(HttpMethod.Put, ticket.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(content) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var response = await new HttpClient().SendAsync(put);

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        Assert.True(ticket.GetProperty("expiresAt").GetDateTimeOffset() > TimeProvider.System.GetUtcNow());
    }

    [Fact]
    public void The_webhook_needs_the_function_key_not_a_bearer_token()
    {
        var method = typeof(DocumentEventsFunction).GetMethod(nameof(DocumentEventsFunction.DocumentBlobCreated))!;
        var trigger = method.GetParameters()[0].GetCustomAttribute<HttpTriggerAttribute>()!;

        Assert.Equal(AuthorizationLevel.Function, trigger.AuthLevel);
        Assert.True(AuthMiddleware.RuleFor(typeof(DocumentEventsFunction).FullName + "." + method.Name).Anonymous);
    }
}
