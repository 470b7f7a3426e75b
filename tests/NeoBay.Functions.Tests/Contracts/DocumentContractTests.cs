using NeoBay.Contracts.Documents;
using NeoBay.Functions.Http;
using NeoBay.Functions.Http.Documents;
using NeoBay.Grants.Documents;
using NeoBay.Policy;

namespace NeoBay.Functions.Tests.Contracts;

public sealed class DocumentContractTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));

    private static DocumentRecord Pending() =>
        new("app-1", "doc-1", "invoice", "发票.pdf", "application/pdf", 2048, DocumentStatus.Pending, 1, Created, "wx:abc", Created.AddMinutes(15));

    [Fact]
    public void A_pending_document_has_null_size_hash_reason_and_completion_and_no_download()
    {
        Assert.Equal(
            Wire.Line("""
                {"documentId":"doc-1","applicationId":"app-1","category":"invoice","fileName":"发票.pdf","contentType":"application/pdf","status":"pending","declaredSize":2048,
                """) + Wire.Line("""
                "size":null,"sha256":null,"reason":null,"uploadedBy":"wx:abc","createdAt":"2026-12-01T09:00:00+08:00","completedAt":null}
                """),
            DocumentsJson.Document(Pending()).Body);
    }

    [Fact]
    public void A_read_document_carries_its_download_url_until_when()
    {
        var verified = Pending() with { Status = DocumentStatus.Verified, Size = 2000, Sha256 = "ab12", CompletedAt = Created.AddMinutes(1) };
        var read = new ReadTicket(verified, new Uri("https://blob.example/docs/doc-1?sig=x&se=1"), Created.AddMinutes(6));
        Assert.Equal(
            Wire.Line("""
                {"documentId":"doc-1","applicationId":"app-1","category":"invoice","fileName":"发票.pdf","contentType":"application/pdf","status":"verified","declaredSize":2048,
                """) + Wire.Line("""
                "size":2000,"sha256":"ab12","reason":null,"uploadedBy":"wx:abc","createdAt":"2026-12-01T09:00:00+08:00","completedAt":"2026-12-01T09:01:00+08:00",
                """) + Wire.Line("""
                "downloadUrl":"https://blob.example/docs/doc-1?sig=x&se=1","expiresAt":"2026-12-01T09:06:00+08:00"}
                """),
            DocumentsJson.Document(verified, read).Body);
    }

    [Fact]
    public void An_upload_ticket_says_where_and_how_to_put_the_file()
    {
        var ticket = new UploadTicket(Pending(), new Uri("https://blob.example/docs/doc-1?sig=y"), Created.AddMinutes(15),
            new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob", ["Content-Type"] = "application/pdf" });
        var result = DocumentsJson.Ticket(ticket);
        Assert.Equal(201, result.StatusCode);
        Assert.Equal(
            Wire.Line("""
                {"documentId":"doc-1","uploadUrl":"https://blob.example/docs/doc-1?sig=y","expiresAt":"2026-12-01T09:15:00+08:00","method":"PUT",
                """) + Wire.Line("""
                "requiredHeaders":{"x-ms-blob-type":"BlockBlob","Content-Type":"application/pdf"}}
                """),
            result.Body);
    }

    [Fact]
    public void A_list_names_the_missing_categories_in_the_callers_language()
    {
        var list = new DocumentList([], [new RequiredDocument("licence", "营业执照", "Business licence")]);
        Assert.Equal(Wire.Line("""
            {"items":[],"missing":[{"category":"licence","zh":"营业执照","en":"Business licence","name":"Business licence"}]}
            """),
            ApiResult.Of(200, DocumentMapper.ToResponse(list, english: true), DocumentsJsonContext.Default.DocumentListResponse).Body);
        Assert.EndsWith(Wire.Line("""
            "name":"营业执照"}]}
            """), ApiResult.Of(200, DocumentMapper.ToResponse(list, english: false), DocumentsJsonContext.Default.DocumentListResponse).Body);
    }

    [Fact]
    public void Event_grid_answers()
    {
        Assert.Equal(Wire.Line("""
            {"verified":2,"refused":1,"ignored":0}
            """),
            ApiResult.Of(200, new BlobEventsResponse(2, 1, 0), DocumentsJsonContext.Default.BlobEventsResponse).Body);
        Assert.Equal(Wire.Line("""
            {"validationResponse":"code-1"}
            """),
            ApiResult.Of(200, new EventGridValidationResponse("code-1"), DocumentsJsonContext.Default.EventGridValidationResponse).Body);
    }
}
