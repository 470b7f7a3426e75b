using System.Net;
using NeoBay.Functions.ApiDocs;
using NeoBay.Grants.Common;

namespace NeoBay.LocalHost.Tests.EndToEnd;

/// <summary><c>GET /api/openapi.json</c> and <c>/api/docs/</c> on the local host, and the contract check that guards every end-to-end answer.</summary>
public sealed class OpenApiTests : IAsyncLifetime
{
    private NeoBayHost host = null!;

    public async ValueTask InitializeAsync() => host = await NeoBayHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_document_is_served_anonymously_as_checked_in()
    {
        using var anonymous = host.Client();
        using var response = await anonymous.GetAsync("/api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(ApiDocsFunctions.OpenApiDocument, await response.Content.ReadAsByteArrayAsync());
        var document = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("3.1.1", document["openapi"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/quotes"]!["post"]);
    }

    [Fact]
    public async Task The_reference_page_and_its_bundled_files_are_served_from_this_origin()
    {
        using var noRedirect = new HttpClient(new OpenApiValidatingHandler(new HttpClientHandler { AllowAutoRedirect = false })) { BaseAddress = host.BaseAddress };
        using var redirect = await noRedirect.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/api/docs/", redirect.Headers.Location!.OriginalString);

        using var anonymous = host.Client();
        var page = await anonymous.GetStringAsync("/api/docs/");
        Assert.Contains("<script src=\"vendor/swagger-ui-bundle.js\"></script>", page);
        Assert.DoesNotContain("https://", page);
        using var bundle = await anonymous.GetAsync("/api/docs/vendor/swagger-ui-bundle.js");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal("text/javascript", bundle.Content.Headers.ContentType!.MediaType);
        Assert.Contains("SwaggerUIBundle", await bundle.Content.ReadAsStringAsync());
        var init = await anonymous.GetStringAsync("/api/docs/init.js");
        Assert.Contains("validatorUrl: null", init);
        using var missing = await anonymous.GetAsync("/api/docs/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public void The_contract_refuses_an_unknown_route_method_status_content_type_and_a_body_off_its_schema()
    {
        var contract = OpenApiContract.Served;
        Assert.Empty(contract.Check("GET", "/api/health", 200, "application/json", """{"status":"ok","measures":36,"time":"2026-12-01T10:00:00+00:00"}"""));
        Assert.Contains("no path", Assert.Single(contract.Check("GET", "/api/nowhere", 404, "application/problem+json", "{}")));
        Assert.Contains("no such operation", Assert.Single(contract.Check("DELETE", "/api/quotes", 404, "application/problem+json", "{}")));
        Assert.Contains("status 418", Assert.Single(contract.Check("GET", "/api/health", 418, "application/json", "{}")));
        Assert.Contains("text/plain", Assert.Single(contract.Check("GET", "/api/health", 200, "text/plain", "ok")));
        Assert.NotEmpty(contract.Check("GET", "/api/health", 200, "application/json", """{"status":"ok","measures":"36","time":"2026-12-01T10:00:00+00:00"}"""));
        Assert.NotEmpty(contract.Check("GET", "/api/health", 200, "application/json", """{"status":"ok","time":"2026-12-01T10:00:00+00:00"}"""));
        // A problem code the operation does not list is off the contract too.
        const string problem = """{"type":"urn:neobay:problem:X","title":"t","status":404,"detail":"d","code":"%","errors":[]}""";
        Assert.Empty(contract.Check("GET", "/api/applications/A1", 404, "application/problem+json", problem.Replace("%", "NotFound")));
        Assert.NotEmpty(contract.Check("GET", "/api/applications/A1", 404, "application/problem+json", problem.Replace("%", "StageNotFound")));
        // An accepted request's body is checked against its operation's request schema.
        Assert.Empty(contract.CheckRequest("POST", "/api/applications/A1/decision", "application/json", """{"approve":true,"amount":1234567.89}"""));
        Assert.NotEmpty(contract.CheckRequest("POST", "/api/applications/A1/decision", "application/json", """{"approve":"yes"}"""));
        Assert.Contains("no application/json request body", Assert.Single(contract.CheckRequest("GET", "/api/health", "application/json", "{}")));
        Assert.Equal("/grants/{id}/stages/{n}/accept", contract.FindTemplate("/api/grants/G1/stages/2/accept"));
        Assert.Equal("/applications/{id}/history", contract.FindTemplate("/api/applications/A1/history"));
    }

    [Fact]
    public async Task A_signed_in_answer_off_the_document_fails_the_request()
    {
        // The reviewer's 200 is documented; the same client refuses an undocumented answer by throwing.
        using var reviewer = host.Client(Roles.Reviewer);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync("/api/overview")).StatusCode);
        await Assert.ThrowsAsync<OpenApiContractException>(() => reviewer.GetAsync("/api/nowhere"));
    }

    [Fact]
    public async Task The_refusals_of_the_offers_push_and_simulation_routes_are_the_documented_problems()
    {
        // Each answer passes OpenApiValidatingHandler: status, problem+json and a code the operation lists.
        using var applicant = host.Client(Roles.Applicant, NeoBayHost.UsccA);
        using var integrator = host.Client(Roles.Integrator, null, [NeoBayHost.UsccA]);
        using var admin = host.Client(Roles.Admin);
        static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
        async Task<(HttpStatusCode, string?)> Refusal(Task<HttpResponseMessage> sent)
        {
            using var response = await sent;
            var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return (response.StatusCode, problem["code"]!.GetValue<string>());
        }

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidUscc"), await Refusal(integrator.PutAsync("/api/integrations/facts/123", Json("{}"))));
        Assert.Equal((HttpStatusCode.BadRequest, "ApplicantRequired"),
            await Refusal(integrator.PutAsync($"/api/integrations/facts/{NeoBayHost.UsccA}", Json("""{ "source": "市科委", "facts": { "nationalApproval": true } }"""))));
        Assert.Equal((HttpStatusCode.Forbidden, "ApplicantMismatch"),
            await Refusal(integrator.PutAsync("/api/integrations/facts/91310000MA1FL0001R", Json("""{ "source": "市科委", "facts": {} }"""))));
        Assert.Equal((HttpStatusCode.NotFound, "NotFound"), await Refusal(applicant.PostAsync("/api/me/offers/O-000000000000000000000000/accept", null)));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidValue"), await Refusal(applicant.PostAsync("/api/me/offers/O-000000000000000000000000/decline", Json("""{ "reason": 7 }"""))));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidPageSize"), await Refusal(applicant.GetAsync("/api/me/notifications?take=0")));
        Assert.Equal((HttpStatusCode.NotFound, "NotFound"), await Refusal(applicant.PostAsync($"/api/me/notifications/{new string('a', 32)}/read", null)));
        Assert.Equal((HttpStatusCode.BadRequest, "MissingField"), await Refusal(applicant.PostAsync("/api/me/subscriptions", Json("""{ "code": "c" }"""))));
        // A development token is not a WeChat sign-in.
        Assert.Equal((HttpStatusCode.Forbidden, "WeChatSignInRequired"),
            await Refusal(applicant.PostAsync("/api/me/subscriptions", Json("""{ "code": "c", "kinds": ["approved"] }"""))));
        Assert.Equal((HttpStatusCode.BadRequest, "ReformRequired"), await Refusal(admin.PostAsync("/api/admin/simulations", Json("""{ "from": "2026-01-01" }"""))));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidBody"), await Refusal(admin.PostAsync("/api/admin/simulations", Json("""{ "reform": "x", "extra": 1 }"""))));
        Assert.Equal((HttpStatusCode.NotFound, "SimulationNotFound"), await Refusal(admin.GetAsync("/api/admin/simulations/nothing")));
    }
}
