using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NeoBay.Grants.Common;
using NeoBay.LocalHost.Tests.EndToEnd;

namespace NeoBay.Console.Tests;

/// <summary>
/// A reviewer's day in the console, in headless Chromium against the real app on the local host.
/// Figures by hand: A02.1 pays 20% of the total investment, cap 3,000,000: 20% × 12,000,000 = 2,400,000.00.
/// A09.1 pays 30% of 1,000,000.01 = 300,000.003 → 300,000.00, in two stages: 150,000.00 on approval, 150,000.00 on acceptance.
/// </summary>
public sealed class ReviewerFlowTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private const string A021Facts = """{"totalInvestment": 12000000, "nationalApproval": true}""";

    [Fact]
    public async Task Sign_in_open_the_queue_and_an_application_see_trace_and_documents_approve_and_see_the_grant()
    {
        var (id, _, _) = await fixture.SubmitAsync("A02.1", NeoBayHost.UsccA, A021Facts, "P-flow");
        using var anonymous = fixture.Host.Client();
        var seed = (await anonymous.GetFromJsonAsync<JsonElement>("/api/measures/A02.1")).GetProperty("text").GetString()!;

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.ConsoleUrl);
        await page.GetByRole(AriaRole.Heading, new() { Name = "登录" }).WaitForAsync();
        await fixture.ScreenshotAsync(page, "sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "以审核人身份登录" }).ClickAsync();

        // Queue: the application with its service deadline (60 working days from today: more than 0 left), counts per status.
        var row = page.Locator($"tr[data-id='{id}']");
        await row.WaitForAsync();
        await Assertions.Expect(row).ToContainTextAsync("符合条件");
        await Assertions.Expect(row).ToContainTextAsync(new Regex(@"\d{4}-\d{2}-\d{2}"));
        await Assertions.Expect(row).ToContainTextAsync("个工作日");
        await Assertions.Expect(page.Locator("button[data-status='eligible'] strong")).Not.ToHaveTextAsync("0");
        await fixture.ScreenshotAsync(page, "queue");

        // Application: trace with the article and the seed's sentence on hover, documents verified.
        await row.GetByRole(AriaRole.Link, new() { Name = id }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = id, Level = 1 }).WaitForAsync();
        var cite = page.Locator("ol.trace .cite[data-article='A02.1']").First;
        await cite.HoverAsync();
        await Assertions.Expect(cite.Locator(".tip")).ToBeVisibleAsync();
        await Assertions.Expect(cite.Locator(".tip")).ToHaveTextAsync(seed);
        await Assertions.Expect(page.Locator("ol.trace li")).Not.ToHaveCountAsync(0);
        var documents = page.GetByRole(AriaRole.Table, new() { Name = "材料" });
        await Assertions.Expect(documents.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(documents.Locator("tbody tr").Filter(new() { HasText = "已核验" })).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByText("所需材料均已核验。")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#amount")).ToHaveValueAsync("2400000.00");
        var download = await page.RunAndWaitForDownloadAsync(() => documents.GetByRole(AriaRole.Button).First.ClickAsync());
        Assert.EndsWith(".pdf", download.SuggestedFilename);
        await fixture.ScreenshotAsync(page, "application");

        // More than computed is refused in the page; 2,000,000.00 is approved and the grant opens.
        await page.Locator("#amount").FillAsync("2400000.01");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交决定" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("2400000.00");
        await page.Locator("#amount").FillAsync("2000000.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交决定" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^资助 G") }).WaitForAsync();
        await Assertions.Expect(page.Locator("main p.notice")).ToHaveTextAsync("决定已记录：已批准。");
        await Assertions.Expect(page.Locator("tr[data-component='grant']")).ToContainTextAsync("2,000,000.00");
        await Assertions.Expect(page.Locator("tr[data-component='grant']")).ToContainTextAsync("已下达");
        await fixture.ScreenshotAsync(page, "grant-approved");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_stale_ETag_shows_changed_since_you_opened_it_and_reloads()
    {
        var (id, _, _) = await fixture.SubmitAsync("A02.1", ConsoleFixture.UsccC, A021Facts, "P-stale");
        var page = await fixture.SignedInAsync();
        await page.GotoAsync(fixture.ConsoleUrl + $"#/applications/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交决定" }).WaitForAsync();

        // Meanwhile the applicant withdraws it: the page's ETag is now stale.
        using var applicant = fixture.Host.Client(Roles.Applicant, ConsoleFixture.UsccC);
        Assert.True((await applicant.PostAsync($"/api/applications/{id}/withdraw", null)).IsSuccessStatusCode);

        await page.GetByRole(AriaRole.Button, new() { Name = "提交决定" }).ClickAsync();
        var alert = page.Locator("#conflict");
        await Assertions.Expect(alert).ToContainTextAsync("自您打开后此申请已被更改");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("已撤回");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "提交决定" })).ToHaveCountAsync(0);
        await fixture.ScreenshotAsync(page, "conflict");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_English_switch_translates_the_console_and_the_API_answers()
    {
        var (id, _, _) = await fixture.SubmitAsync("A02.1", NeoBayHost.UsccA, A021Facts, "P-english");
        var page = await fixture.SignedInAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Applications to decide", Level = 1 }).WaitForAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "中文" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"tr[data-id='{id}']")).ToContainTextAsync("working days");
        await fixture.ScreenshotAsync(page, "queue-en");

        await page.GotoAsync(fixture.ConsoleUrl + $"#/applications/{id}");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Calculation trace" }).WaitForAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Submit decision" })).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "application-en");

        // Back to Chinese: the choice is kept in the browser.
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "计算过程" }).WaitForAsync();
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reviewer_signs_in_finds_and_approves_an_application_with_the_keyboard_only()
    {
        var (id, _, _) = await fixture.SubmitAsync("A02.1", ConsoleFixture.UsccC, A021Facts, "P-keyboard");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.ConsoleUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "以审核人身份登录" }).WaitForAsync();

        await TabToAsync(page, "BUTTON", "以审核人身份登录");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator($"tr[data-id='{id}']").WaitForAsync();
        await TabToAsync(page, "A", id);
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Heading, new() { Name = id, Level = 1 }).WaitForAsync();
        await TabToAsync(page, "BUTTON", "提交决定");
        await page.Keyboard.PressAsync("Enter");

        await page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^资助 G") }).WaitForAsync();
        await Assertions.Expect(page.Locator("tr[data-component='grant']")).ToContainTextAsync("2,400,000.00");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_staged_grant_shows_its_ledger_by_fiscal_year_and_a_reviewer_accepts_stage_2()
    {
        var (id, _, etag) = await fixture.SubmitAsync("A09.1", NeoBayHost.UsccA, """{"totalInvestment": 1000000.01}""", "P-staged");
        var grantId = await fixture.ApproveAsync(id, etag);
        var page = await fixture.SignedInAsync();
        await page.GotoAsync(fixture.ConsoleUrl + $"#/grants/{grantId}");
        var stage2 = page.Locator("tr[data-component='stage-2']");
        await Assertions.Expect(stage2).ToContainTextAsync("150,000.00");
        await Assertions.Expect(stage2).ToContainTextAsync("待拨付");
        await Assertions.Expect(page.Locator("tr[data-component='stage-1']")).ToContainTextAsync("已下达");
        await fixture.ScreenshotAsync(page, "grant-staged");

        await page.GetByRole(AriaRole.Button, new() { Name = "验收通过，释放第 2 期" }).ClickAsync();
        await Assertions.Expect(page.GetByText("第 2 期已释放。").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr[data-component='stage-2']")).ToContainTextAsync("已下达");
        await Assertions.Expect(page.GetByText("没有待验收的分期。")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>Presses Tab until the focused element is a <paramref name="tag"/> whose text is <paramref name="text"/>.</summary>
    private static async Task TabToAsync(IPage page, string tag, string text)
    {
        for (var i = 0; i < 200; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.tagName + '|' + document.activeElement.textContent.trim() : ''");
            if (focused == $"{tag}|{text}") return;
        }

        Assert.Fail($"Tab never reached {tag} '{text}'.");
    }
}
