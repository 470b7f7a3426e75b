using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NeoBay.Grants.Common;
using NeoBay.Testing.Stubs;

namespace NeoBay.LocalHost.Tests.EndToEnd;

/// <summary>
/// Real sign-ins through the local host: the mini-program's WeChat code (WeChat stub on loopback) → app token → binding → a
/// reviewer's approval → a new sign-in whose token carries the USCC → submit; and an Entra ID integrator (OIDC stub on loopback)
/// that sees an applicant's application only while the applicant's grant exists. A02.1: 20% × 12,000,000 = 2,400,000.00.
/// </summary>
public sealed class SignInTests : IAsyncLifetime
{
    private const string Audience = "api://neobay-e2e";
    private const string IntegratorClientId = "0d9c7a52-1b2c-4d5e-8f90-0123456789ab";
    private WeChatStub wechat = null!;
    private OidcStub oidc = null!;
    private NeoBayHost host = null!;

    public async ValueTask InitializeAsync()
    {
        wechat = await WeChatStub.StartAsync();
        oidc = await OidcStub.StartAsync();
        host = await NeoBayHost.StartAsync(settings =>
        {
            settings["NeoBay:WeChat:BaseUrl"] = wechat.BaseAddress.AbsoluteUri;
            settings["NeoBay:WeChat:AppId"] = WeChatStub.AppId;
            settings["NeoBay:WeChat:AppSecret"] = WeChatStub.AppSecret;
            settings["NeoBay:Auth:Entra:Authority"] = oidc.Authority.AbsoluteUri;
            settings["NeoBay:Auth:Entra:Audience"] = Audience;
        });
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await oidc.DisposeAsync();
        await wechat.DisposeAsync();
    }

    private HttpClient WithToken(string token)
    {
        var client = host.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<JsonElement> SignInAsync(string code, string? uscc = null)
    {
        using var anonymous = host.Client();
        var response = await anonymous.PostAsJsonAsync("/api/auth/wechat", uscc is null ? new { code } : (object)new { code, uscc });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> ProblemCode(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task Code_to_token_to_binding_to_approval_to_submit()
    {
        wechat.AddCode("login-1", "openid-e2e");
        wechat.AddCode("login-2", "openid-e2e");
        var body = NeoBayHost.Application("A02.1", NeoBayHost.UsccA, """{"totalInvestment": 12000000, "nationalApproval": true}""", "P-wx");

        // 1. First sign-in: an identity with no binding can read itself but not submit.
        var first = await SignInAsync("login-1");
        Assert.Equal(0, first.GetProperty("bindings").GetArrayLength());
        using var unbound = WithToken(first.GetProperty("token").GetString()!);
        Assert.Equal("BindingRequired", await ProblemCode(await NeoBayHost.SubmitAsync(unbound, body, "wx-1"), HttpStatusCode.Forbidden));

        // 2. It asks to act for company A; the reviewer approves on the binding's ETag.
        var requested = await unbound.PostAsJsonAsync("/api/me/bindings", new { uscc = NeoBayHost.UsccA, name = "张三", role = "legalRepresentative" });
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        var binding = await requested.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("pending", "张三"), (binding.GetProperty("status").GetString(), binding.GetProperty("name").GetString()));
        var bindingId = binding.GetProperty("id").GetString()!;
        using var reviewer = host.Client(Roles.Reviewer);
        HttpRequestMessage Decide(string? etag)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, $"/api/bindings/{bindingId}/decision") { Content = JsonContent.Create(new { approve = true }) };
            if (etag is not null) message.Headers.TryAddWithoutValidation("If-Match", etag);
            return message;
        }

        Assert.Equal("PreconditionRequired", await ProblemCode(await reviewer.SendAsync(Decide(null)), HttpStatusCode.PreconditionRequired));
        Assert.Equal("PreconditionFailed", await ProblemCode(await reviewer.SendAsync(Decide("*")), HttpStatusCode.PreconditionFailed));
        Assert.Equal("MissingDocument", await ProblemCode(await reviewer.SendAsync(Decide(requested.Headers.ETag!.Tag)), HttpStatusCode.Conflict));

        // The authorisation letter through the documents flow: upload URL, PUT to storage, complete (verified).
        Assert.Equal("verified", (await NeoBayHost.UploadBindingLetterAsync(unbound, bindingId)).GetProperty("status").GetString());
        var decided = await reviewer.SendAsync(Decide(requested.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal("approved", (await decided.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var me = await unbound.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("approved", me.GetProperty("bindings")[0].GetProperty("status").GetString());

        // 3. The old token still has no uscc; a new sign-in carries it, and submitting works.
        Assert.Equal("BindingRequired", await ProblemCode(await NeoBayHost.SubmitAsync(unbound, body, "wx-1"), HttpStatusCode.Forbidden));
        var second = await SignInAsync("login-2");
        Assert.Equal(NeoBayHost.UsccA, second.GetProperty("bindings")[0].GetProperty("uscc").GetString());
        using var bound = WithToken(second.GetProperty("token").GetString()!);
        var submitted = await NeoBayHost.SubmitAsync(bound, body, "wx-2");
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var (evaluated, _) = await NeoBayHost.PollUntilEvaluatedAsync(bound, id);
        Assert.Equal("2400000.00", evaluated.GetProperty("decision").GetProperty("amount").GetRawText());

        // Bound to A only: applying for B is still refused.
        var forB = NeoBayHost.Application("A02.1", "91310000MA1FL0001R", """{"totalInvestment": 12000000, "nationalApproval": true}""", "P-wx");
        Assert.Equal("ApplicantMismatch", await ProblemCode(await NeoBayHost.SubmitAsync(bound, forB, "wx-3"), HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task An_Entra_integrator_sees_an_applicants_records_only_while_granted()
    {
        using var applicant = host.Client(Roles.Applicant, NeoBayHost.UsccA);
        var submitted = await NeoBayHost.SubmitAsync(applicant,
            NeoBayHost.Application("A02.1", NeoBayHost.UsccA, """{"totalInvestment": 12000000, "nationalApproval": true}""", "P-int"), "int-1");
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var integrator = WithToken(oidc.Token(Audience, ["NeoBay.Integrator"], TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(1), clientId: IntegratorClientId));

        Assert.Equal(HttpStatusCode.NotFound, (await integrator.GetAsync($"/api/applications/{id}")).StatusCode);

        var granted = await applicant.PostAsJsonAsync("/api/me/integrators", new { clientId = IntegratorClientId });
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await integrator.GetAsync($"/api/applications/{id}")).StatusCode);
        var mine = await applicant.GetFromJsonAsync<JsonElement>("/api/me/integrators");
        Assert.Equal(IntegratorClientId, mine.GetProperty("items")[0].GetProperty("clientId").GetString());
        using var admin = WithToken(oidc.Token(Audience, ["NeoBay.Admin"], TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(1), objectId: "admin-oid"));
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/integrators?clientId={IntegratorClientId}");
        Assert.Equal(NeoBayHost.UsccA, listed.GetProperty("items")[0].GetProperty("uscc").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await applicant.DeleteAsync($"/api/me/integrators/{IntegratorClientId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await integrator.GetAsync($"/api/applications/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await applicant.DeleteAsync($"/api/me/integrators/{IntegratorClientId}")).StatusCode);

        // An admin can revoke too.
        await applicant.PostAsJsonAsync("/api/me/integrators", new { clientId = IntegratorClientId });
        Assert.Equal(HttpStatusCode.OK, (await integrator.GetAsync($"/api/applications/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/integrators/{IntegratorClientId}/grants/{NeoBayHost.UsccA}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await integrator.GetAsync($"/api/applications/{id}")).StatusCode);
    }

    [Fact]
    public async Task Entra_staff_tokens_work_through_the_host_and_bad_ones_answer_401()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var reviewer = WithToken(oidc.Token(Audience, ["NeoBay.Reviewer"], now, TimeSpan.FromHours(1), objectId: "reviewer-oid"));
        using var wrongAudience = WithToken(oidc.Token("api://other", ["NeoBay.Reviewer"], now, TimeSpan.FromHours(1), objectId: "reviewer-oid"));
        using var expired = WithToken(oidc.Token(Audience, ["NeoBay.Reviewer"], now.AddHours(-3), TimeSpan.FromHours(1), objectId: "reviewer-oid"));

        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync("/api/applications")).StatusCode);
        Assert.Equal("InvalidToken", await ProblemCode(await wrongAudience.GetAsync("/api/applications"), HttpStatusCode.Unauthorized));
        Assert.Equal("TokenExpired", await ProblemCode(await expired.GetAsync("/api/applications"), HttpStatusCode.Unauthorized));
    }
}
