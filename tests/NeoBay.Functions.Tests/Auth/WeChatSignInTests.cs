using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NeoBay.Functions.Http.Identity;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;
using NeoBay.Testing;
using NeoBay.Testing.Stubs;

namespace NeoBay.Functions.Tests.Auth;

/// <summary><c>POST /api/auth/wechat</c> through the app's own registration, against a WeChat stub on loopback and Azurite.</summary>
public sealed class WeChatSignInTests : IAsyncLifetime
{
    private WeChatStub wechat = null!;
    private ServiceProvider app = null!;

    public async ValueTask InitializeAsync()
    {
        wechat = await WeChatStub.StartAsync();
        app = await AppAsync(new()
        {
            ["NeoBay:WeChat:BaseUrl"] = wechat.BaseAddress.AbsoluteUri,
            ["NeoBay:WeChat:AppId"] = WeChatStub.AppId,
            ["NeoBay:WeChat:AppSecret"] = WeChatStub.AppSecret,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await wechat.DisposeAsync();
    }

    internal static async Task<ServiceProvider> AppAsync(Dictionary<string, string?> settings)
    {
        settings["AzureWebJobsStorage"] = await Azurite.GetConnectionStringAsync();
        settings["NeoBay:Storage:TablePrefix"] = Azurite.UniqueName("w");
        settings.TryAdd("NeoBay:Environment", "Development");
        return new ServiceCollection().AddLogging().AddNeoBayFunctionApp(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
    }

    private async Task<Microsoft.AspNetCore.Mvc.IActionResult> SignInAsync(string body, ServiceProvider? provider = null)
    {
        using var scope = (provider ?? app).CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityFunctions>().SignInWithWeChat(Requests.Make("POST", body));
    }

    [Fact]
    public async Task A_code_becomes_an_app_token_for_the_WeChat_identity_and_session_key_never_leaves()
    {
        wechat.AddCode("code-1", "openid-1", unionId: "unionid-1");

        var result = (await SignInAsync("""{"code":"code-1"}""")).Api();

        Assert.Equal(200, result.StatusCode);
        Assert.DoesNotContain(WeChatStub.SessionKey, result.Body);
        var body = result.JsonBody();
        Assert.Equal(7200, body.GetProperty("expiresIn").GetInt32());
        Assert.Equal(0, body.GetProperty("bindings").GetArrayLength());
        var (caller, failure) = await app.GetRequiredService<TokenValidator>().ValidateAsync("Bearer " + body.GetProperty("token").GetString());
        Assert.Null(failure);
        Assert.Equal(("wx:unionid-1", null, true), (caller!.Subject, caller.Uscc, caller.IsInRole(Roles.Applicant)));
    }

    [Fact]
    public async Task Without_unionid_the_subject_is_the_openid()
    {
        wechat.AddCode("code-2", "openid-2");

        var token = (await SignInAsync("""{"code":"code-2"}""")).Json().GetProperty("token").GetString();

        Assert.Equal("wx:openid-2", (await app.GetRequiredService<TokenValidator>().ValidateAsync("Bearer " + token)).Caller!.Subject);
    }

    [Fact]
    public async Task A_reused_code_is_refused()
    {
        wechat.AddCode("code-3", "openid-3");
        Assert.Equal(200, (await SignInAsync("""{"code":"code-3"}""")).Api().StatusCode);

        (await SignInAsync("""{"code":"code-3"}""")).Problem(400, "WeChatCodeUsed");
    }

    [Theory]
    [InlineData(40029, 400, "WeChatCodeInvalid")]
    [InlineData(45011, 429, "WeChatRateLimited")]
    [InlineData(40226, 403, "WeChatUserBlocked")]
    [InlineData(40013, 502, "WeChatError")]
    public async Task Each_WeChat_error_code_is_a_problem(int errcode, int status, string code)
    {
        wechat.AddCode("code-e", "openid-e");
        wechat.Script("code-e", errcode);

        var problem = (await SignInAsync("""{"code":"code-e"}""")).Problem(status, code);

        Assert.DoesNotContain("openid-e", problem.GetRawText());
        Assert.Equal(1, wechat.Calls["code-e"]); // only "busy" is retried
    }

    [Fact]
    public async Task An_unknown_code_is_WeChats_40029()
    {
        (await SignInAsync("""{"code":"never-issued"}""")).Problem(400, "WeChatCodeInvalid");
    }

    [Fact]
    public async Task Busy_is_retried_with_backoff_and_succeeds_when_WeChat_recovers()
    {
        wechat.AddCode("code-b", "openid-b");
        wechat.Script("code-b", -1, -1);

        Assert.Equal(200, (await SignInAsync("""{"code":"code-b"}""")).Api().StatusCode);
        Assert.Equal(3, wechat.Calls["code-b"]);
    }

    [Fact]
    public async Task Busy_on_every_try_answers_503_with_Retry_After()
    {
        wechat.AddCode("code-c", "openid-c");
        wechat.Script("code-c", -1, -1, -1, -1);

        var result = await SignInAsync("""{"code":"code-c"}""");

        result.Problem(503, "WeChatBusy");
        Assert.Equal("5", result.Api().Headers["Retry-After"]);
        Assert.Equal(3, wechat.Calls["code-c"]); // the first try and two retries
    }

    [Fact]
    public async Task A_WeChat_that_does_not_answer_in_time_is_503_after_the_timeout()
    {
        wechat.AddCode("code-t", "openid-t");
        wechat.Delay = TimeSpan.FromSeconds(2);
        var client = new WeChatSessionClient(new HttpClient(), new WeChatSettings(wechat.BaseAddress, WeChatStub.AppId, WeChatStub.AppSecret)
        {
            AttemptTimeout = TimeSpan.FromMilliseconds(300), TotalTimeout = TimeSpan.FromSeconds(1), RetryDelay = TimeSpan.FromMilliseconds(10),
        });

        var started = TimeProvider.System.GetTimestamp();
        await Assert.ThrowsAsync<WeChatUnavailableException>(() => client.ExchangeAsync("code-t"));

        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(2), "the total timeout ends the exchange");
        Assert.InRange(wechat.Calls["code-t"], 2, 3);
    }

    [Theory]
    [InlineData("""{"code":""}""", "InvalidCode")]
    [InlineData("""{"code":"a b"}""", "InvalidCode")]
    [InlineData("""{}""", "InvalidCode")]
    [InlineData("""{"code":1}""", "InvalidValue")]
    [InlineData("""{"code":"x","other":1}""", "UnknownField")]
    public async Task A_malformed_body_is_400_without_calling_WeChat(string body, string code)
    {
        (await SignInAsync(body)).Problem(400, code);
        Assert.Empty(wechat.Calls);
    }

    [Fact]
    public async Task With_no_WeChat_app_outside_production_dev_codes_sign_in_without_WeChat()
    {
        await using var dev = await AppAsync([]);

        var token = (await SignInAsync("""{"code":"dev:alice"}""", dev)).Json().GetProperty("token").GetString();

        Assert.Equal("wx:dev:alice", (await dev.GetRequiredService<TokenValidator>().ValidateAsync("Bearer " + token)).Caller!.Subject);
        (await SignInAsync("""{"code":"real-code"}""", dev)).Problem(503, "WeChatNotConfigured");
        (await SignInAsync("""{"code":"dev:a/b"}""", dev)).Problem(400, "InvalidCode");
    }

    [Fact]
    public async Task Production_refuses_the_development_login_even_without_a_WeChat_app()
    {
        await using var production = await AppAsync(new()
        {
            ["NeoBay:Environment"] = "Production",
            ["NeoBay:Auth:SigningKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        });

        (await SignInAsync("""{"code":"dev:alice"}""", production)).Problem(403, "DevelopmentLoginRefused");
        Assert.False(production.GetRequiredService<SignInOptions>().DevelopmentLogin);
    }

    [Fact]
    public async Task With_a_WeChat_app_configured_a_dev_code_goes_to_WeChat_like_any_other()
    {
        (await SignInAsync("""{"code":"dev:alice"}""")).Problem(400, "WeChatCodeInvalid");
        Assert.Equal(1, wechat.Calls["dev:alice"]);
    }

    [Fact]
    public void Settings_that_cannot_work_stop_the_app_at_start()
    {
        var missingSecret = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["NeoBay:WeChat:AppId"] = "wx1" }).Build();
        var httpUrl = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NeoBay:WeChat:AppId"] = "wx1", ["NeoBay:WeChat:AppSecret"] = "s", ["NeoBay:WeChat:BaseUrl"] = "http://api.weixin.qq.com",
        }).Build();

        Assert.Throws<InvalidOperationException>(() => AuthRegistration.WeChatSettingsFrom(missingSecret));
        Assert.Throws<InvalidOperationException>(() => AuthRegistration.WeChatSettingsFrom(httpUrl));
        Assert.Equal("https://api.weixin.qq.com/", AuthRegistration.WeChatSettingsFrom(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["NeoBay:WeChat:AppId"] = "wx1", ["NeoBay:WeChat:AppSecret"] = "s" }).Build())!.BaseUrl.AbsoluteUri);
    }
}
