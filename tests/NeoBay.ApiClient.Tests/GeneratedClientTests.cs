using System.Security.Cryptography;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using NeoBay.ApiClient;
using NeoBay.ApiClient.Models;
using NeoBay.Functions.ApiDocs;
using NeoBay.Grants.Common;
using NeoBay.LocalHost.Tests.EndToEnd;
using NeoBay.Testing;
using QuotesRequestBuilder = NeoBay.ApiClient.Quotes.QuotesRequestBuilder;

namespace NeoBay.ApiClient.Tests;

/// <summary>
/// The Kiota client generated from the served OpenAPI document (Generated/, generate.sh), used as a third party would:
/// through the local host running the real Function App, every answer also checked against the document.
/// </summary>
public sealed class GeneratedClientTests : IAsyncLifetime
{
    private NeoBayHost host = null!;

    public async ValueTask InitializeAsync() => host = await NeoBayHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private NeoBayApiClient Client(HttpClient http) => new(Adapter(http));

    private HttpClientRequestAdapter Adapter(HttpClient http) =>
        new(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = new Uri(host.BaseAddress, "/api").ToString() };

    [Fact]
    public void The_committed_client_was_generated_from_the_served_document()
    {
        var recorded = File.ReadAllText(Path.Combine(Azurite.RepositoryRoot(), "tests", "NeoBay.ApiClient.Tests", "Generated", "openapi.sha256")).Trim();
        var served = Convert.ToHexStringLower(SHA256.HashData(ApiDocsFunctions.OpenApiDocument));
        Assert.True(recorded == served,
            $"Generated/ was made from a document with SHA-256 {recorded}, the served one is {served}: run tests/NeoBay.ApiClient.Tests/generate.sh and commit Generated/.");
    }

    [Fact]
    public async Task An_anonymous_quote_then_a_signed_in_submission_and_read()
    {
        // Quote A02.1 (rule 4): min(floor_fen(20% × 12,000,000.00), 3,000,000.00) = 2,400,000.00.
        using var anonymousHttp = host.Client();
        var anonymous = Client(anonymousHttp);
        // POST /quotes answers an object for one request and an array for an array (anyOf, no discriminator can tell them
        // apart): the request built by the client, the answer read as the one QuoteResult a single request gets.
        var adapter = Adapter(anonymousHttp);
        var request = anonymous.Quotes.ToPostRequestInformation(new QuotesRequestBuilder.QuotesPostRequestBody { QuotesPostRequestBodyQuoteRequest = Request<QuoteRequest>() });
        var quote = await adapter.SendAsync(request, QuoteResult.CreateFromDiscriminatorValue,
            new Dictionary<string, ParsableFactory<IParsable>> { ["XXX"] = Problem.CreateFromDiscriminatorValue });
        Assert.NotNull(quote);
        Assert.Equal("A02.1", quote.Measure);
        Assert.True(quote.Eligible);
        Assert.Equal(2_400_000.00m, quote.Amount);
        Assert.Equal(2_400_000.00m, Assert.Single(quote.Schedule!).Amount);

        // Signed in as the applicant of the USCC (a development token with an approved binding): submit, then read until evaluated.
        using var applicantHttp = host.Client(Roles.Applicant, NeoBayHost.UsccA);
        var applicant = Client(applicantHttp);
        var submitted = await applicant.Applications.PostAsync(Request<ApplicationRequest>(), c => c.Headers.Add("Idempotency-Key", "kiota-flow-1"));
        Assert.Equal(SubmitAnswer_status.Submitted, submitted!.Status);
        Assert.StartsWith("A", submitted.Id);

        var again = await applicant.Applications.PostAsync(Request<ApplicationRequest>(), c => c.Headers.Add("Idempotency-Key", "kiota-flow-1"));
        Assert.Equal(submitted.Id, again!.Id);

        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        Application read;
        do
        {
            read = (await applicant.Applications[submitted.Id].GetAsync())!;
            if (read.Status is not (Application_status.Submitted or Application_status.Evaluating)) break;
            await Task.Delay(100);
        }
        while (TimeProvider.System.GetUtcNow() < deadline);
        Assert.Equal(Application_status.Eligible, read.Status);
        Assert.Equal(NeoBayHost.UsccA, read.ApplicantUscc);
        Assert.Equal(2_400_000.00m, read.Decision!.Amount);
        Assert.Equal("\"v3\"", read.Etag);

        // Another applicant's read is a 404 problem, surfaced by the client as the document's Problem.
        using var otherHttp = host.Client(Roles.Applicant, NeoBayHost.UsccB);
        var problem = await Assert.ThrowsAsync<Problem>(() => Client(otherHttp).Applications[submitted.Id].GetAsync());
        Assert.Equal(404, problem.Status);
        Assert.Equal("NotFound", problem.Code);
    }

    private static T Request<T>() where T : class, new()
    {
        var applicant = new Applicant { Kind = "enterprise", Uscc = NeoBayHost.UsccA, Name = "零号湾示例科技有限公司", InZone = true, IsSme = false };
        var project = new Project { Key = "P-kiota-1", Name = "量子传感前沿技术" };
        var facts = new Facts { AdditionalData = new Dictionary<string, object> { ["totalInvestment"] = 12_000_000m, ["nationalApproval"] = true } };
        object request = typeof(T) == typeof(QuoteRequest)
            ? new QuoteRequest { Measure = "A02.1", SubmittedOn = new Date(2025, 6, 1), Applicant = applicant, Project = project, Facts = facts }
            : new ApplicationRequest { Measure = "A02.1", Applicant = applicant, Project = project, Facts = facts };
        return (T)request;
    }
}
