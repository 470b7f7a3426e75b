using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NeoBay.LocalHost.Tests.EndToEnd;

namespace NeoBay.Console.Tests;

/// <summary>The queue's filters, order and counts are the server's (GET /api/applications with query parameters), in the browser.</summary>
public sealed class QueueFilterTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private const string A021Facts = """{"totalInvestment": 12000000, "nationalApproval": true}""";

    [Fact]
    public async Task Filters_by_measure_and_applicant_order_newest_first_and_count_per_status_on_the_server()
    {
        var (first, _, _) = await fixture.SubmitAsync("A02.1", NeoBayHost.UsccA, A021Facts, "P-q1");
        var (staged, _, _) = await fixture.SubmitAsync("A09.1", ConsoleFixture.UsccC, """{"totalInvestment": 1000000.01}""", "P-q2");
        var (last, _, _) = await fixture.SubmitAsync("A02.1", ConsoleFixture.UsccC, A021Facts, "P-q3");
        string[] mine = [first, staged, last];

        var page = await fixture.SignedInAsync();
        var listCalls = new List<string>();
        page.Request += (_, request) => { if (request.Url.Contains("/api/applications?", StringComparison.Ordinal)) listCalls.Add(request.Url); };
        async Task<string[]> ShownAsync() =>
            [.. (await page.Locator("tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)")).Where(mine.Contains)];

        // Counts per status from the index: the three are eligible.
        await Assertions.Expect(page.Locator("button[data-status='eligible'] strong")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("button[data-status='submitted'] strong")).ToHaveTextAsync("0");

        // Measure A09.1: the server answers only the staged one.
        await page.Locator("#measure").SelectOptionAsync("A09.1");
        await page.GetByRole(AriaRole.Button, new() { Name = "应用" }).ClickAsync();
        await Assertions.Expect(page.Locator("tbody tr").First).ToHaveAttributeAsync("data-id", staged);
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        Assert.Contains(listCalls, u => u.Contains("measure=A09.1", StringComparison.Ordinal));

        // Applicant C and measure A02.1: one.
        await page.Locator("#measure").SelectOptionAsync("A02.1");
        await page.GetByLabel("申请人统一社会信用代码").FillAsync(ConsoleFixture.UsccC);
        await page.GetByRole(AriaRole.Button, new() { Name = "应用" }).ClickAsync();
        await Assertions.Expect(page.Locator("tbody tr").First).ToHaveAttributeAsync("data-id", last);
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);

        // Eligible, newest first, from today (CST) on: all three, the last submitted first.
        await page.Locator("#measure").SelectOptionAsync("");
        await page.GetByLabel("申请人统一社会信用代码").FillAsync("");
        await page.Locator("#status").SelectOptionAsync("eligible");
        await page.Locator("#sort").SelectOptionAsync("newest");
        await page.GetByRole(AriaRole.Button, new() { Name = "应用" }).ClickAsync();
        // The previous filter also showed `last` first: wait for the new answer, which holds the first one too.
        await Assertions.Expect(page.Locator($"tbody tr[data-id='{first}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("tbody tr").First).ToHaveAttributeAsync("data-id", last);
        Assert.Contains(listCalls, u => Regex.IsMatch(u, "status=eligible") && u.Contains("sort=-submitted", StringComparison.Ordinal));
        Assert.Equal([last, staged, first], await ShownAsync());
        await fixture.ScreenshotAsync(page, "queue-filtered");

        // A date range with nothing in it (the day before the policy) shows the empty list.
        await page.GetByLabel("提交日期至").FillAsync("2024-07-10");
        await page.GetByRole(AriaRole.Button, new() { Name = "应用" }).ClickAsync();
        await Assertions.Expect(page.GetByText("没有符合条件的申请。")).ToBeVisibleAsync();
    }
}
