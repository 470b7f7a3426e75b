using System.Net;
using Microsoft.Playwright;
using NeoBay.Grants.Common;
using NeoBay.LocalHost.Tests.EndToEnd;
using NeoBay.Policy;

namespace NeoBay.Console.Tests;

/// <summary>
/// The fund's charts on the overview (issue 17), on a host of their own (so the portfolio is exactly this one). Hand-computed:
/// A02.1 20% × 12,000,000 = 2,400,000.00, paid on approval; A09.1 30% × 1,000,000.01 = 300,000.00 in two stages, 150,000.00
/// issued on approval; a second A02.1 (8,000,000) rejected. Commitments this fiscal year: A02 approved 2,400,000.00 issued
/// 2,400,000.00; A09 approved 300,000.00 issued 150,000.00. Outcomes: A02.1 approved 1, rejected 1 (2); A09.1 approved 1 (1).
/// Days (all complete and decided today): to decision 3 applications, 0.0 days, p90 0; to first payment 2 (the issuances).
/// </summary>
public sealed class FundChartsTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task The_overview_draws_commitments_outcomes_and_days_from_the_reports_in_both_languages()
    {
        var (a02, _, a02ETag) = await fixture.SubmitAsync("A02.1", NeoBayHost.UsccA, """{"totalInvestment": 12000000, "nationalApproval": true}""", "P-fund-1");
        var (a09, _, a09ETag) = await fixture.SubmitAsync("A09.1", ConsoleFixture.UsccC, """{"totalInvestment": 1000000.01}""", "P-fund-2");
        var (rejected, _, rejectedETag) = await fixture.SubmitAsync("A02.1", NeoBayHost.UsccA, """{"totalInvestment": 8000000, "nationalApproval": true}""", "P-fund-3");
        await fixture.ApproveAsync(a02, a02ETag);
        await fixture.ApproveAsync(a09, a09ETag);
        using (var reviewer = fixture.Host.Client(Roles.Reviewer))
        {
            var reject = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{rejected}/decision") { Content = ConsoleFixture.Json("""{"approve":false,"reason":"重复申报"}""") };
            reject.Headers.TryAddWithoutValidation("If-Match", rejectedETag);
            Assert.Equal(HttpStatusCode.OK, (await reviewer.SendAsync(reject)).StatusCode);
        }

        var year = ChinaCalendar.FiscalYearOf(TimeProvider.System.GetUtcNow());
        var page = await fixture.SignedInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "概览" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "概览", Level = 1 }).WaitForAsync();

        var commitments = page.Locator("svg[aria-labelledby='chart-commitments']");
        await Assertions.Expect(commitments.Locator("g.bar")).ToHaveCountAsync(2);
        await Assertions.Expect(commitments.Locator("g.bar").Nth(0).Locator("rect")).ToHaveCountAsync(1); // all issued: one segment
        await Assertions.Expect(commitments.Locator("g.bar").Nth(1).Locator("rect")).ToHaveCountAsync(2); // issued + approved not issued
        await Assertions.Expect(commitments.Locator("g.bar > title").Nth(0)).ToHaveTextAsync($"{year} · A02: 已批准 2,400,000.00，已下达 2,400,000.00");
        await Assertions.Expect(commitments.Locator("g.bar > title").Nth(1)).ToHaveTextAsync($"{year} · A09: 已批准 300,000.00，已下达 150,000.00");
        await Assertions.Expect(commitments).ToContainTextAsync("已批准 300,000.00，已下达 150,000.00");

        var outcomes = page.Locator("svg[aria-labelledby='chart-outcomes']");
        await Assertions.Expect(outcomes.Locator("g.bar")).ToHaveCountAsync(2);
        await Assertions.Expect(outcomes.Locator("g.bar > title").Nth(0)).ToHaveTextAsync("A02.1: 已批准 1 · 已驳回 1（共 2 件）");
        await Assertions.Expect(outcomes.Locator("g.bar > title").Nth(1)).ToHaveTextAsync("A09.1: 已批准 1（共 1 件）");

        var days = page.Locator("svg[aria-labelledby='chart-days']");
        await Assertions.Expect(days.Locator("g.bar")).ToHaveCountAsync(6); // all, A02.1, A09.1 × (decision, first payment)
        await Assertions.Expect(days.Locator("g.bar > title").Nth(0)).ToHaveTextAsync("全部 · 至决定: 平均 0.0 天 · P90 0 天（3 件）");
        await Assertions.Expect(days.Locator("g.bar > title").Nth(1)).ToHaveTextAsync("全部 · 至首次支付: 平均 0.0 天 · P90 0 天（2 件）");
        await Assertions.Expect(days.Locator("g.bar > title").Nth(3)).ToHaveTextAsync("A02.1 · 至首次支付: 平均 0.0 天 · P90 0 天（1 件）");
        await page.Locator("#chart-commitments").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.Results, "overview-charts.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 }).WaitForAsync();
        await Assertions.Expect(page.Locator("svg[aria-labelledby='chart-commitments'] g.bar > title").Nth(1))
            .ToHaveTextAsync($"{year} · A09: approved 300,000.00, issued 150,000.00");
        await Assertions.Expect(page.Locator("svg[aria-labelledby='chart-days'] g.bar > title").Nth(0))
            .ToHaveTextAsync("all · to decision: average 0.0 days · p90 0 days (3)");
        await fixture.ScreenshotAsync(page, "overview-charts-en");
        await page.Context.CloseAsync();
    }
}
