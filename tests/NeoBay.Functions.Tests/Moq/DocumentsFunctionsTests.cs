using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Http.Documents;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Common;
using NeoBay.Grants.Documents;
using NeoBay.Policy;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class DocumentsFunctionsTests
{
    private readonly Mock<IDocumentUseCases> documents = new(MockBehavior.Strict);

    private DocumentsFunctions Functions() => new(documents.Object, NullLogger<DocumentsFunctions>.Instance);

    public static DocumentRecord Document(DocumentStatus status = DocumentStatus.Pending) =>
        new("A1", "D1", "businessLicence", "执照.pdf", "application/pdf", 1234, status, 1, Triggers.Instant, "applicant-a", Triggers.Instant.AddMinutes(15));

    [Fact]
    public async Task An_upload_request_passes_the_declared_file_and_answers_201_with_the_ticket_and_Location()
    {
        var upload = new UploadRequest("businessLicence", "执照.pdf", "application/pdf", 1234);
        documents.Setup(d => d.RequestUploadAsync(Requests.ApplicantA, "A1", upload, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<UploadTicket>.Ok(new UploadTicket(Document(), new Uri("http://127.0.0.1:10000/documents/A1/D1?sig=x"), Triggers.Instant.AddMinutes(15),
                new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" })));

        var result = (await Functions().RequestDocumentUpload(Requests.Make("POST", """{"category": "businessLicence", "fileName": "执照.pdf", "contentType": "application/pdf", "size": 1234}""",
            Requests.ApplicantA), "A1")).Api();

        Assert.Equal((201, "/api/applications/A1/documents/D1"), (result.StatusCode, result.Headers["Location"]));
        Assert.Equal(("D1", "PUT", "BlockBlob"), (result.JsonBody().GetProperty("documentId").GetString(), result.JsonBody().GetProperty("method").GetString(),
            result.JsonBody().GetProperty("requiredHeaders").GetProperty("x-ms-blob-type").GetString()));
    }

    [Theory]
    [InlineData("""{"category": "businessLicence", "fileName": "a.pdf", "contentType": "application/pdf"}""", "InvalidNumber")]
    [InlineData("""{"category": "", "fileName": "a.pdf", "contentType": "application/pdf", "size": 1}""", "MissingField")]
    [InlineData("""{"category": "x", "fileName": "a.pdf", "contentType": "application/pdf", "size": 1, "sha": "0"}""", "UnknownField")]
    public async Task A_bad_upload_request_is_400_before_the_use_case(string body, string code)
    {
        (await Functions().RequestDocumentUpload(Requests.Make("POST", body, Requests.ApplicantA), "A1")).Problem(400, code);
        documents.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Completing_an_upload_answers_the_verified_document_and_another_applicants_is_404()
    {
        documents.Setup(d => d.CompleteAsync(Requests.ApplicantA, "A1", "D1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<DocumentRecord>.Ok(Document(DocumentStatus.Verified) with { Size = 1234, Sha256 = new string('a', 64) }));
        documents.Setup(d => d.CompleteAsync(Requests.ApplicantA, "A2", "D1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<DocumentRecord>.Fail(UseCaseError.NotFound("NotFound.Document")));

        var body = (await Functions().CompleteDocumentUpload(Requests.Make("POST", caller: Requests.ApplicantA), "A1", "D1")).Json();

        Assert.Equal(("verified", 1234), (body.GetProperty("status").GetString(), body.GetProperty("size").GetInt64()));
        (await Functions().CompleteDocumentUpload(Requests.Make("POST", caller: Requests.ApplicantA), "A2", "D1")).Problem(404, "NotFound");
    }

    [Fact]
    public async Task The_list_names_the_missing_categories_in_the_callers_language()
    {
        documents.Setup(d => d.ListAsync(Requests.Reviewer, "A1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<DocumentList>.Ok(new DocumentList([Document()], [new RequiredDocument("bankAccountProof", "开户证明", "Bank account proof")])));

        var zh = (await Functions().ListDocuments(Requests.Make(caller: Requests.Reviewer), "A1")).Json();
        var en = (await Functions().ListDocuments(Requests.Make(caller: Requests.Reviewer, headers: ("Accept-Language", "en")), "A1")).Json();

        Assert.Equal(("D1", "pending"), (zh.GetProperty("items")[0].GetProperty("documentId").GetString(), zh.GetProperty("items")[0].GetProperty("status").GetString()));
        Assert.Equal(("开户证明", "Bank account proof"), (zh.GetProperty("missing")[0].GetProperty("name").GetString(), en.GetProperty("missing")[0].GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Reading_a_document_gives_its_download_URL_never_cached()
    {
        documents.Setup(d => d.GetForReadAsync(Requests.Reviewer, "A1", "D1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<ReadTicket>.Ok(new ReadTicket(Document(DocumentStatus.Verified), new Uri("http://127.0.0.1:10000/documents/A1/D1?sig=r"), Triggers.Instant.AddMinutes(5))));

        var result = (await Functions().GetDocument(Requests.Make(caller: Requests.Reviewer), "A1", "D1")).Api();

        Assert.Equal("no-store", result.Headers["Cache-Control"]);
        Assert.Equal("http://127.0.0.1:10000/documents/A1/D1?sig=r", result.JsonBody().GetProperty("downloadUrl").GetString());
    }
}
