using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Functions.Auth;
using NeoBay.Functions.Http;
using NeoBay.Functions.Http.Documents;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Evaluation;
using NeoBay.Testing;

namespace NeoBay.Functions.Tests.Documents;

/// <summary>The document functions as AddNeoBayFunctionApp wires them, on Azurite, with uploads PUT through the SAS URL.</summary>
public sealed class DocumentsFunctionsTests
{
    private static readonly HttpClient Http = new();
    private static readonly Caller IntegratorA = Caller.Create("integrator-a", [Roles.Integrator], null, [Requests.UsccA]);
    private static readonly Caller IntegratorB = Caller.Create("integrator-b", [Roles.Integrator], null, [Requests.UsccB]);
    private static readonly Caller ApplicantB = Caller.Create("applicant-b", [Roles.Applicant], Requests.UsccB);

    /// <summary>The app on Azurite (unique tables and container) at real time, and an evaluated A02.1 application of applicant A.</summary>
    private static async Task<(ServiceProvider Services, string Id)> AppWithApplicationAsync(long? maxBytes = null)
    {
        var connection = await Azurite.GetConnectionStringAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
            ["NeoBay:Storage:TablePrefix"] = Azurite.UniqueName("d"),
            ["NeoBay:Environment"] = "Development",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        services.AddSingleton(new DocumentOptions { Container = Azurite.UniqueName("documents"), MaxBytes = maxBytes ?? DocumentOptions.DefaultMaxBytes }.Validate());
        services.AddSingleton<IEvaluationQueue, NoQueue>();
        services.AddNeoBayFunctionApp(configuration);
        var provider = services.BuildServiceProvider();

        using var scope = provider.CreateScope();
        var submitted = (await scope.ServiceProvider.GetRequiredService<ApplicationsFunctions>().SubmitApplication(Requests.Make("POST", Requests.A021Body(), Requests.ApplicantA))).Json();
        var id = submitted.GetProperty("id").GetString()!;
        await provider.GetRequiredService<IEvaluationUseCase>().EvaluateAsync(id);
        return (provider, id);
    }

    private sealed class NoQueue : IEvaluationQueue
    {
        public Task EnqueueAsync(string applicationId, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private static DocumentsFunctions Functions(IServiceProvider services) => services.CreateScope().ServiceProvider.GetRequiredService<DocumentsFunctions>();

    private static string Body(string category, long size, string contentType = "application/pdf", string fileName = "file.pdf") =>
        $$"""{"category": "{{category}}", "fileName": "{{fileName}}", "contentType": "{{contentType}}", "size": {{size}}}""";

    /// <summary>PUT as a client would: the URL and the headers the API answered.</summary>
    private static async Task<HttpStatusCode> PutAsync(System.Text.Json.JsonElement ticket, byte[] content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, ticket.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(content) };
        foreach (var header in ticket.GetProperty("requiredHeaders").EnumerateObject())
        {
            if (header.Name == "Content-Type") request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(header.Value.GetString()!);
            else request.Headers.Add(header.Name, header.Value.GetString());
        }

        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task An_integrator_uploads_through_the_SAS_completes_and_the_owner_lists_and_downloads()
    {
        var (services, id) = await AppWithApplicationAsync();
        var functions = Functions(services);
        var content = RequiredDocumentUploads.Pdf("国家立项批复");

        var created = (await functions.RequestDocumentUpload(Requests.Make("POST", Body("nationalApproval", content.Length, fileName: "批复.pdf"), IntegratorA), id)).Api();
        Assert.Equal(201, created.StatusCode);
        var ticket = created.JsonBody();
        var documentId = ticket.GetProperty("documentId").GetString()!;
        Assert.Equal($"/api/applications/{id}/documents/{documentId}", created.Headers["Location"]);
        Assert.Equal("BlockBlob", ticket.GetProperty("requiredHeaders").GetProperty("x-ms-blob-type").GetString());
        Assert.True(ticket.GetProperty("expiresAt").GetDateTimeOffset() <= services.GetRequiredService<TimeProvider>().GetUtcNow().AddMinutes(15));
        Assert.Equal(HttpStatusCode.Created, await PutAsync(ticket, content));

        var completed = (await functions.CompleteDocumentUpload(Requests.Make("POST", caller: IntegratorA), id, documentId)).Json();
        Assert.Equal(("verified", content.Length, Convert.ToHexStringLower(SHA256.HashData(content))),
            (completed.GetProperty("status").GetString(), completed.GetProperty("size").GetInt32(), completed.GetProperty("sha256").GetString()));

        var list = (await functions.ListDocuments(Requests.Make(caller: Requests.ApplicantA, headers: ("Accept-Language", "en")), id)).Json();
        Assert.Equal(documentId, list.GetProperty("items")[0].GetProperty("documentId").GetString());
        var missing = Assert.Single(list.GetProperty("missing").EnumerateArray());
        Assert.Equal(("investmentStatement", "Audit report of the project's total investment"), (missing.GetProperty("category").GetString(), missing.GetProperty("name").GetString()));

        var read = (await functions.GetDocument(Requests.Make(caller: Requests.ApplicantA), id, documentId)).Api();
        Assert.Equal(("no-store", 200), (read.Headers["Cache-Control"], read.StatusCode));
        using var download = await Http.GetAsync(read.JsonBody().GetProperty("downloadUrl").GetString());
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        Assert.Contains("filename*=UTF-8''%E6%89%B9%E5%A4%8D.pdf", download.Content.Headers.ContentDisposition?.ToString());
    }

    [Fact]
    public async Task A_disguised_executable_answers_422_SignatureMismatch_as_problem_json_and_again_on_a_second_complete()
    {
        var (services, id) = await AppWithApplicationAsync();
        var functions = Functions(services);
        byte[] exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00];
        var ticket = (await functions.RequestDocumentUpload(Requests.Make("POST", Body("nationalApproval", exe.Length, fileName: "setup.pdf"), Requests.ApplicantA), id)).Json();
        Assert.Equal(HttpStatusCode.Created, await PutAsync(ticket, exe));
        var documentId = ticket.GetProperty("documentId").GetString()!;

        var first = (await functions.CompleteDocumentUpload(Requests.Make("POST", caller: Requests.ApplicantA, headers: ("Accept-Language", "en")), id, documentId)).Problem(422, "SignatureMismatch");
        (await functions.CompleteDocumentUpload(Requests.Make("POST", caller: Requests.ApplicantA), id, documentId)).Problem(422, "SignatureMismatch");

        Assert.Contains("does not match its declared type", first.GetProperty("detail").GetString());
        (await functions.GetDocument(Requests.Make(caller: Requests.ApplicantA), id, documentId)).Problem(409, "DocumentNotVerified");
        Assert.Equal("rejected", (await functions.ListDocuments(Requests.Make(caller: Requests.Reviewer), id)).Json().GetProperty("items")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_oversized_file_answers_422_TooLarge_with_the_configured_limit()
    {
        var (services, id) = await AppWithApplicationAsync(maxBytes: 1024);
        var functions = Functions(services);
        (await functions.RequestDocumentUpload(Requests.Make("POST", Body("nationalApproval", 1025), Requests.ApplicantA), id)).Problem(422, "TooLarge");

        var content = new byte[2048];
        "%PDF-"u8.CopyTo(content);
        var ticket = (await functions.RequestDocumentUpload(Requests.Make("POST", Body("nationalApproval", 1000), Requests.ApplicantA), id)).Json();
        Assert.Equal(HttpStatusCode.Created, await PutAsync(ticket, content));

        (await functions.CompleteDocumentUpload(Requests.Make("POST", caller: Requests.ApplicantA), id, ticket.GetProperty("documentId").GetString()!)).Problem(422, "TooLarge");
    }

    [Theory]
    [InlineData("""{"category": "nationalApproval", "fileName": "a.pdf", "contentType": "application/pdf", "size": "10"}""", 400, "InvalidNumber", "size")]
    [InlineData("""{"category": "nationalApproval", "fileName": "a.pdf", "contentType": "application/pdf", "size": 10, "path": "x"}""", 400, "UnknownField", "path")]
    [InlineData("""{"fileName": "a.pdf", "contentType": "application/pdf", "size": 10}""", 400, "MissingField", "category")]
    [InlineData("""{"category": "nationalApproval", "fileName": "a.exe", "contentType": "application/x-msdownload", "size": 10}""", 422, "TypeNotAllowed", "contentType")]
    [InlineData("""{"category": "loanContract", "fileName": "a.pdf", "contentType": "application/pdf", "size": 10}""", 400, "UnknownCategory", "category")]
    public async Task A_bad_upload_request_gets_a_problem_naming_its_field(string body, int status, string code, string field)
    {
        var (services, id) = await AppWithApplicationAsync();

        var problem = (await Functions(services).RequestDocumentUpload(Requests.Make("POST", body, Requests.ApplicantA), id)).Problem(status, code);

        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Another_applicant_and_an_integrator_for_another_USCC_get_404()
    {
        var (services, id) = await AppWithApplicationAsync();
        var documentId = await RequiredDocumentUploads.UploadAndCompleteAsync(services, IntegratorA, id, "nationalApproval", RequiredDocumentUploads.Pdf("x"));
        var functions = Functions(services);

        foreach (var stranger in new[] { ApplicantB, IntegratorB })
        {
            (await functions.RequestDocumentUpload(Requests.Make("POST", Body("nationalApproval", 10), stranger), id)).Problem(404, "NotFound");
            (await functions.CompleteDocumentUpload(Requests.Make("POST", caller: stranger), id, documentId)).Problem(404, "NotFound");
            (await functions.ListDocuments(Requests.Make(caller: stranger), id)).Problem(404, "NotFound");
            (await functions.GetDocument(Requests.Make(caller: stranger), id, documentId)).Problem(404, "NotFound");
        }

        Assert.Equal(200, (await functions.GetDocument(Requests.Make(caller: Requests.Reviewer), id, documentId)).Api().StatusCode);
    }

    [Fact]
    public async Task Approval_answers_409_MissingDocument_naming_the_category_until_the_documents_are_verified()
    {
        var (services, id) = await AppWithApplicationAsync();
        using var scope = services.CreateScope();
        var applications = scope.ServiceProvider.GetRequiredService<ApplicationsFunctions>();
        await RequiredDocumentUploads.UploadAndCompleteAsync(services, Requests.ApplicantA, id, "investmentStatement", RequiredDocumentUploads.Pdf("audit"));

        var refused = (await applications.DecideApplication(Requests.Make("POST", """{"approve": true}""", Requests.Reviewer, ("If-Match", "\"v3\""), ("Accept-Language", "en")), id))
            .Problem(409, ErrorCodes.MissingDocument);
        Assert.Equal("nationalApproval", refused.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Contains("nationalApproval (National project approval document)", refused.GetProperty("detail").GetString());

        await RequiredDocumentUploads.CompleteRequiredDocumentsAsync(services, Requests.ApplicantA, id);
        var approved = (await applications.DecideApplication(Requests.Make("POST", """{"approve": true}""", Requests.Reviewer, ("If-Match", "\"v3\"")), id)).Json();
        Assert.Equal("approved", approved.GetProperty("status").GetString());
    }

    [Fact]
    public void Uploads_are_for_applicants_and_integrators_and_reads_also_for_reviewers()
    {
        const string prefix = "NeoBay.Functions.Http.Documents.DocumentsFunctions.";
        Assert.Equal([Roles.Applicant, Roles.Integrator], AuthMiddleware.RuleFor(prefix + nameof(DocumentsFunctions.RequestDocumentUpload)).Roles);
        Assert.Equal([Roles.Applicant, Roles.Integrator], AuthMiddleware.RuleFor(prefix + nameof(DocumentsFunctions.CompleteDocumentUpload)).Roles);
        Assert.Equal([Roles.Applicant, Roles.Integrator, Roles.Reviewer, Roles.Admin], AuthMiddleware.RuleFor(prefix + nameof(DocumentsFunctions.GetDocument)).Roles);
        Assert.Equal([Roles.Applicant, Roles.Integrator, Roles.Reviewer, Roles.Admin], AuthMiddleware.RuleFor(prefix + nameof(DocumentsFunctions.ListDocuments)).Roles);
    }

    [Fact]
    public void MaxBytes_comes_from_the_settings_and_a_bad_value_stops_the_start()
    {
        static IConfiguration Settings(string? value) =>
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["NeoBay:Documents:MaxBytes"] = value }).Build();

        Assert.Equal(20_971_520, DocumentsRegistration.DocumentOptionsFrom(Settings(null)).MaxBytes);
        Assert.Equal(1_048_576, DocumentsRegistration.DocumentOptionsFrom(Settings("1048576")).MaxBytes);
        Assert.Throws<InvalidOperationException>(() => DocumentsRegistration.DocumentOptionsFrom(Settings("20MB")));
        Assert.Throws<InvalidOperationException>(() => DocumentsRegistration.DocumentOptionsFrom(Settings("0")));
    }
}
