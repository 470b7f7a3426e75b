using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NeoBay.Grants.Common;
using NeoBay.LocalHost.Tests.EndToEnd;
using NeoBay.Testing;

namespace NeoBay.Console.Tests;

/// <summary>
/// One local host (the real Function App on Azurite) and one headless Chromium (Debian's /usr/bin/chromium, driven by
/// Playwright for .NET) for all console tests. Applications are submitted as the mini-program would, over HTTP.
/// </summary>
public class ConsoleFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>A second valid applicant (GB 32100-2015 check character R).</summary>
    public const string UsccC = "91310000MA1FL0001R";

    public NeoBayHost Host { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string ConsoleUrl => new Uri(Host.BaseAddress, "/api/console/").ToString();

    /// <summary>Screenshots and figures of the last run: TestResults/console/ at the repository root.</summary>
    public static string Results { get; } = Directory.CreateDirectory(Path.Combine(Azurite.RepositoryRoot(), "TestResults", "console")).FullName;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException($"{Chromium} is missing: apt-get install -y chromium fonts-wqy-microhei (.ci/run does).");
        await StartStubsAsync();
        Host = await NeoBayHost.StartAsync(Configure);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Args = ["--no-sandbox"] });
        // An expectation waits for the page as long as an action does (30 s, not Playwright's 5 s): on a loaded two-core
        // machine a start of the yearly run answered after 5 s once. Only a failing expectation waits that long.
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>Stubs of outside services the host's settings point at (none here).</summary>
    protected virtual Task StartStubsAsync() => Task.CompletedTask;

    /// <summary>The host's settings on top of NeoBayHost's (none here).</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    /// <summary>A fresh browser context (no storage) at 1280×900 and its page.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, AcceptDownloads = true });
        return await context.NewPageAsync();
    }

    /// <summary>Opens the console and signs in with the development token of <paramref name="role"/> (the picker's button).</summary>
    public async Task<IPage> SignedInAsync(string role = Roles.Reviewer)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(ConsoleUrl);
        var label = role == Roles.Admin ? "以管理员身份登录" : "以审核人身份登录";
        await page.GetByRole(AriaRole.Button, new() { Name = label }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "待审核申请", Level = 1 }).WaitForAsync();
        return page;
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Results, name + ".png"), FullPage = true });

    /// <summary>Submits as the applicant, uploads every required document (PUT to the SAS URL, then complete), waits for the evaluation.</summary>
    public async Task<(string Id, JsonElement Application, string ETag)> SubmitAsync(string measure, string uscc, string facts, string project, bool documents = true)
    {
        using var applicant = Host.Client(Roles.Applicant, uscc);
        var submitted = await NeoBayHost.SubmitAsync(applicant, NeoBayHost.Application(measure, uscc, facts, project), $"console-{project}");
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        if (documents) await NeoBayHost.UploadRequiredDocumentsAsync(applicant, id, measure);
        var (application, etag) = await NeoBayHost.PollUntilEvaluatedAsync(applicant, id);
        return (id, application, etag);
    }

    /// <summary>A reviewer's decision over HTTP (for pages that start from a grant).</summary>
    public async Task<string> ApproveAsync(string id, string etag)
    {
        using var reviewer = Host.Client(Roles.Reviewer);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{id}/decision") { Content = Json("""{"approve":true}""") };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        var response = await reviewer.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("grantId").GetString()!;
    }

    public static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
