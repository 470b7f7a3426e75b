using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Http.Documents;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Documents;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class DocumentEventsFunctionTests
{
    private readonly Mock<IDocumentUseCases> documents = new(MockBehavior.Strict);

    private DocumentEventsFunction Function() => new(documents.Object, new DocumentOptions { Container = "documents" }, NullLogger<DocumentEventsFunction>.Instance);

    private static string Created(string container, string blobName) => $$"""
        { "id": "{{Guid.NewGuid()}}", "eventType": "Microsoft.Storage.BlobCreated", "eventTime": "2026-11-26T03:00:01Z", "dataVersion": "",
          "subject": "/blobServices/default/containers/{{container}}/blobs/{{blobName}}",
          "topic": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/neobay",
          "data": { "api": "PutBlob", "contentType": "application/pdf", "blobType": "BlockBlob", "url": "https://neobay.blob.core.windows.net/{{container}}/{{blobName}}" } }
        """;

    [Fact]
    public async Task Each_created_blob_of_the_documents_container_is_verified_and_counted_by_outcome()
    {
        documents.Setup(d => d.VerifyBlobAsync("A1/D1", It.IsAny<CancellationToken>())).ReturnsAsync(DocumentsFunctionsTests.Document(DocumentStatus.Verified));
        documents.Setup(d => d.VerifyBlobAsync("A1/D2", It.IsAny<CancellationToken>())).ReturnsAsync(DocumentsFunctionsTests.Document(DocumentStatus.Rejected));
        documents.Setup(d => d.VerifyBlobAsync("A1/D3", It.IsAny<CancellationToken>())).ReturnsAsync((DocumentRecord?)null);
        var body = $"[{Created("documents", "A1/D1")}, {Created("documents", "A1/D2")}, {Created("documents", "A1/D3")}, {Created("other", "A1/D4")}]";

        var answer = (await Function().DocumentBlobCreated(Requests.Make("POST", body))).Json();

        Assert.Equal((1, 1, 2), (answer.GetProperty("verified").GetInt32(), answer.GetProperty("refused").GetInt32(), answer.GetProperty("ignored").GetInt32()));
        documents.Verify(d => d.VerifyBlobAsync(It.Is<string>(b => b.StartsWith("A1/D", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Exactly(3));
        documents.Verify(d => d.VerifyBlobAsync("A1/D4", It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_subscription_handshake_answers_the_validation_code_and_verifies_nothing()
    {
        const string body = """
            [{"id": "1", "topic": "/subscriptions/x", "subject": "", "data": {"validationCode": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6"},
              "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "eventTime": "2026-11-26T03:00:00Z", "metadataVersion": "1", "dataVersion": "1"}]
            """;

        var answer = (await Function().DocumentBlobCreated(Requests.Make("POST", body))).Json();

        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", answer.GetProperty("validationResponse").GetString());
        documents.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_400()
    {
        (await Function().DocumentBlobCreated(Requests.Make("POST", "not json"))).Problem(400, "MalformedJson");
        documents.VerifyNoOtherCalls();
    }
}
