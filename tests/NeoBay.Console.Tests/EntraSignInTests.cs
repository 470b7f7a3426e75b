using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using NeoBay.Testing;
using NeoBay.Testing.Stubs;

namespace NeoBay.Console.Tests;

/// <summary>The console's host with Entra ID sign-in pointed at an OpenID provider stub on loopback (API and console settings).</summary>
public sealed class EntraConsoleFixture : ConsoleFixture
{
    public const string ClientId = "5e0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
    public const string Audience = "api://neobay-console-test";

    public OidcStub Oidc { get; private set; } = null!;

    protected override async Task StartStubsAsync()
    {
        Oidc = await OidcStub.StartAsync();
        Oidc.SignInAs = (Audience, ["NeoBay.Reviewer"], "7f3e9a10-1111-4222-8333-944445555666");
    }

    protected override void Configure(Dictionary<string, string?> settings)
    {
        var authority = Oidc.Authority.AbsoluteUri.TrimEnd('/');
        settings["NeoBay:Auth:Entra:Authority"] = authority;
        settings["NeoBay:Auth:Entra:Audience"] = Audience;
        settings["NeoBay:Console:Authority"] = authority;
        settings["NeoBay:Console:ClientId"] = ClientId;
        settings["NeoBay:Console:Scopes"] = Audience + "/access_as_user";
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Oidc.DisposeAsync();
    }
}

/// <summary>
/// Entra ID sign-in in the real browser: authorisation code + PKCE through the bundled oidc-client-ts against the stub provider
/// (discovery, authorize → code, token endpoint checking the verifier), then the API accepting the access token as on Azure
/// (issuer from the stub's metadata, its JWKS, the audience, the app role NeoBay.Reviewer → reviewer).
/// </summary>
public sealed class EntraSignInTests(EntraConsoleFixture fixture) : IClassFixture<EntraConsoleFixture>
{
    [Fact]
    public async Task A_reviewer_signs_in_with_entra_by_code_and_pkce_and_the_api_accepts_the_token()
    {
        var page = await fixture.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await page.GotoAsync(fixture.ConsoleUrl);
        await page.WaitForSelectorAsync("html[data-ready='true']");
        // Development keeps its token picker next to the Entra button; nothing is fetched from the provider before the click.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "以审核人身份登录" })).ToBeVisibleAsync();
        var console = new Uri(fixture.ConsoleUrl).Authority;
        Assert.All(requests.ToList(), url => Assert.Equal(console, new Uri(url).Authority));
        await fixture.ScreenshotAsync(page, "sign-in-entra");

        await page.GetByRole(AriaRole.Button, new() { Name = "使用 Entra ID 登录" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "待审核申请", Level = 1 }).WaitForAsync();

        // The session is the Entra person (oid) as a reviewer, and the API answered the queue's calls with that token.
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("7f3e9a10-1111-4222-8333-944445555666（审核人）");
        Assert.Equal(1, fixture.Oidc.VerifiedExchanges);
        var authority = fixture.Oidc.Authority.Authority;
        var authorize = new Uri(requests.Single(u => u.Contains("/oauth2/v2.0/authorize", StringComparison.Ordinal)));
        var query = System.Web.HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal((authority, "code", "S256", EntraConsoleFixture.ClientId), (authorize.Authority, query["response_type"], query["code_challenge_method"], query["client_id"]));
        Assert.Equal(fixture.ConsoleUrl, query["redirect_uri"]);
        Assert.DoesNotContain("code=", page.Url); // the code is gone from the address bar
        var token = await page.EvaluateAsync<string>("() => sessionStorage.getItem('neobay.token')");
        using var api = fixture.Host.Client();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var me = JsonDocument.Parse(await api.GetStringAsync("/api/me")).RootElement;
        Assert.Equal(("7f3e9a10-1111-4222-8333-944445555666", "reviewer"), (me.GetProperty("subject").GetString(), me.GetProperty("roles")[0].GetString()));
        await fixture.ScreenshotAsync(page, "queue-entra");

        // The provider gives no token for a code with another verifier than its challenge's.
        using var stub = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var challenge = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(System.Security.Cryptography.SHA256.HashData("right-verifier"u8));
        var redirected = await stub.GetAsync(new Uri(fixture.Oidc.Authority, "oauth2/v2.0/authorize?response_type=code&code_challenge_method=S256" +
            $"&code_challenge={challenge}&client_id={EntraConsoleFixture.ClientId}&redirect_uri={Uri.EscapeDataString(fixture.ConsoleUrl)}&state=s1"));
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        var code = System.Web.HttpUtility.ParseQueryString(redirected.Headers.Location!.Query)["code"]!;
        var wrong = await stub.PostAsync(new Uri(fixture.Oidc.Authority, "oauth2/v2.0/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["code_verifier"] = "wrong-verifier",
            ["client_id"] = EntraConsoleFixture.ClientId, ["redirect_uri"] = fixture.ConsoleUrl,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(1, fixture.Oidc.VerifiedExchanges);
    }
}
