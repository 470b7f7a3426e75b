using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NeoBay.Grants.Common;
using NeoBay.LocalHost.Tests.EndToEnd;

namespace NeoBay.Console.Tests;

/// <summary>
/// The bindings page: pending company bindings listed from the pending index (names masked), approved once the authorisation
/// letter is verified, rejected with a reason, a binding decided elsewhere meanwhile shows the conflict; and the list API itself.
/// </summary>
public sealed class BindingsTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    /// <summary>A third valid USCC (GB 32100-2015 check character W).</summary>
    private const string UsccD = "91310000MA1FL0002W";

    private static async Task<JsonElement> RequestBindingAsync(HttpClient applicant, string uscc, string name)
    {
        var response = await applicant.PostAsync("/api/me/bindings", ConsoleFixture.Json(JsonSerializer.Serialize(new Dictionary<string, string> { ["uscc"] = uscc, ["name"] = name, ["role"] = "legalRepresentative" })));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_reviewer_approves_a_verified_binding_rejects_another_and_sees_a_conflict()
    {
        using var applicant = fixture.Host.Client(Roles.Applicant, NeoBayHost.UsccA);
        var withLetter = (await RequestBindingAsync(applicant, NeoBayHost.UsccA, "张三")).GetProperty("id").GetString()!;
        await NeoBayHost.UploadBindingLetterAsync(applicant, withLetter);
        var withoutLetter = (await RequestBindingAsync(applicant, ConsoleFixture.UsccC, "欧阳娜娜")).GetProperty("id").GetString()!;
        var decidedElsewhere = (await RequestBindingAsync(applicant, UsccD, "李四")).GetProperty("id").GetString()!;

        var page = await fixture.SignedInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "企业绑定" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "待审核的企业绑定", Level = 1 }).WaitForAsync();
        // The other test of this class may have pending bindings too: rows are picked by binding id.
        ILocator Row(string id) => page.Locator($"tr[data-id='{id}']");
        var ids = await page.Locator("tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)");
        Assert.Equal([withLetter, withoutLetter, decidedElsewhere], ids.Where(i => i == withLetter || i == withoutLetter || i == decidedElsewhere).ToArray()); // oldest first
        // Names masked (first character, the rest as asterisks), never in full.
        await Assertions.Expect(Row(withLetter)).ToContainTextAsync(NeoBayHost.UsccA);
        await Assertions.Expect(Row(withLetter)).ToContainTextAsync("张*");
        await Assertions.Expect(Row(withLetter)).ToContainTextAsync("已核验");
        await Assertions.Expect(Row(withoutLetter)).ToContainTextAsync("欧***");
        await Assertions.Expect(Row(withoutLetter)).ToContainTextAsync("未上传或未核验");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("张三");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("欧阳娜娜");
        await Assertions.Expect(Row(withoutLetter).GetByRole(AriaRole.Button, new() { Name = $"批准 {ConsoleFixture.UsccC} 的绑定" })).ToBeDisabledAsync();
        await fixture.ScreenshotAsync(page, "bindings");

        // Approve the verified one: it leaves the list, and the applicant sees it approved.
        await Row(withLetter).GetByRole(AriaRole.Button, new() { Name = $"批准 {NeoBayHost.UsccA} 的绑定" }).ClickAsync();
        await Assertions.Expect(page.Locator("#main p.notice").Filter(new() { HasText = $"{NeoBayHost.UsccA} 的绑定已批准。" })).ToBeVisibleAsync();
        await Assertions.Expect(Row(withLetter)).ToHaveCountAsync(0);
        var me = await applicant.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("approved", me.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("id").GetString() == withLetter).GetProperty("status").GetString());

        // Reject without a reason is refused in the page; with one it is recorded.
        await Row(withoutLetter).GetByRole(AriaRole.Button, new() { Name = $"驳回 {ConsoleFixture.UsccC} 的绑定" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "驳回须填写理由。" })).ToBeVisibleAsync();
        await Row(withoutLetter).GetByLabel($"驳回 {ConsoleFixture.UsccC} 的理由").FillAsync("授权委托书未上传");
        await Row(withoutLetter).GetByRole(AriaRole.Button, new() { Name = $"驳回 {ConsoleFixture.UsccC} 的绑定" }).ClickAsync();
        await Assertions.Expect(page.Locator("#main p.notice").Filter(new() { HasText = $"{ConsoleFixture.UsccC} 的绑定已驳回。" })).ToBeVisibleAsync();
        await Assertions.Expect(Row(withoutLetter)).ToHaveCountAsync(0);

        // Another reviewer rejects the last one while this page shows it: the page's ETag is stale → conflict, list reloaded.
        using var other = fixture.Host.Client(Roles.Admin);
        var reject = new HttpRequestMessage(HttpMethod.Post, $"/api/bindings/{decidedElsewhere}/decision") { Content = ConsoleFixture.Json("""{"approve":false,"reason":"重复申请"}""") };
        reject.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");
        Assert.Equal(HttpStatusCode.OK, (await other.SendAsync(reject)).StatusCode);
        await Row(decidedElsewhere).GetByLabel($"驳回 {UsccD} 的理由").FillAsync("材料不符");
        await Row(decidedElsewhere).GetByRole(AriaRole.Button, new() { Name = $"驳回 {UsccD} 的绑定" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "自您打开后此绑定已被更改" })).ToBeVisibleAsync();
        await Assertions.Expect(Row(decidedElsewhere)).ToHaveCountAsync(0);
        var rejected = await other.GetFromJsonAsync<JsonElement>($"/api/bindings/{decidedElsewhere}");
        Assert.Equal(("rejected", "重复申请"), (rejected.GetProperty("status").GetString(), rejected.GetProperty("reason").GetString()));
        Assert.Equal("rejected", (await other.GetFromJsonAsync<JsonElement>($"/api/bindings/{withoutLetter}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_list_pages_by_continuation_token_and_is_for_reviewers_only()
    {
        using var applicant = fixture.Host.Client(Roles.Applicant, ConsoleFixture.UsccC);
        using var reviewer = fixture.Host.Client(Roles.Reviewer);
        var before = await reviewer.GetFromJsonAsync<JsonElement>("/api/bindings?status=pending&take=100");
        var known = before.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToHashSet();
        string[] ids = [
            (await RequestBindingAsync(applicant, NeoBayHost.UsccA, "王五")).GetProperty("id").GetString()!,
            (await RequestBindingAsync(applicant, UsccD, "赵六")).GetProperty("id").GetString()!,
            (await RequestBindingAsync(applicant, ConsoleFixture.UsccC, "孙七")).GetProperty("id").GetString()!];

        var seen = new List<JsonElement>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await reviewer.GetFromJsonAsync<JsonElement>("/api/bindings?status=pending&take=2" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)));
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Where(i => !known.Contains(i.GetProperty("id").GetString())));
            token = page.GetProperty("continuationToken").GetString();
            pages++;
        }
        while (token is not null && pages < 20);

        Assert.Equal(ids, seen.Select(i => i.GetProperty("id").GetString()!).ToArray());
        Assert.Equal(["王*", "赵*", "孙*"], seen.Select(i => i.GetProperty("maskedName").GetString()!).ToArray());
        Assert.All(seen, i => Assert.Equal(("pending", "\"v1\"", false), (i.GetProperty("status").GetString(), i.GetProperty("etag").GetString(), i.GetProperty("letterVerified").GetBoolean())));
        Assert.DoesNotContain(seen, i => i.TryGetProperty("name", out _));

        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.GetAsync("/api/bindings?status=pending")).StatusCode);
        var approved = await reviewer.GetAsync("/api/bindings?status=approved");
        Assert.Equal(HttpStatusCode.BadRequest, approved.StatusCode);
        Assert.Equal("InvalidValue", (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await reviewer.GetAsync("/api/bindings?take=101")).StatusCode);
    }
}
