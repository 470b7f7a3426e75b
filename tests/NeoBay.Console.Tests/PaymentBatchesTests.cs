using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using NeoBay.Grants.Common;
using NeoBay.LocalHost.Tests.EndToEnd;
using NeoBay.Policy;

namespace NeoBay.Console.Tests;

/// <summary>
/// The batches page (docs/payments.md): two approved A02.1 grants whose holders have verified accounts; an admin starts
/// the payment run from the page, sees the one batch with its payees, lines and total, opens it (account numbers masked),
/// downloads the payment file and sees its SHA-256 recorded. Reviewers have no link to the page.
/// </summary>
public sealed class PaymentBatchesTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    /// <summary>An approved A02.1 grant (issued on approval) and the holder's account, submitted with its proof and verified.</summary>
    private async Task SeedPayeeAsync(string uscc, string totalInvestment, string project, string accountNumber)
    {
        var (id, _, etag) = await fixture.SubmitAsync("A02.1", uscc, $$"""{"totalInvestment": {{totalInvestment}}, "nationalApproval": true}""", project);
        await fixture.ApproveAsync(id, etag);
        using var applicant = fixture.Host.Client(Roles.Applicant, uscc);
        var proof = await UploadProofAsync(applicant, id);
        var account = JsonSerializer.Serialize(new
        {
            accountName = "测试企业", bank = "中国工商银行", branch = "上海闵行支行", accountNumber, cnaps = "102290000011",
            proof = new { applicationId = id, documentId = proof },
        });
        var put = await applicant.PutAsync($"/api/payees/{uscc}/account", ConsoleFixture.Json(account));
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        using var reviewer = fixture.Host.Client(Roles.Reviewer);
        var verify = new HttpRequestMessage(HttpMethod.Post, $"/api/payees/{uscc}/account/verification") { Content = ConsoleFixture.Json("""{"approve": true}""") };
        verify.Headers.TryAddWithoutValidation("If-Match", put.Headers.ETag!.ToString());
        var verified = await reviewer.SendAsync(verify);
        Assert.True(verified.StatusCode == HttpStatusCode.OK, await verified.Content.ReadAsStringAsync());
    }

    /// <summary>The account proof (开户许可证) as a document of the application: upload URL, PUT, complete.</summary>
    private static async Task<string> UploadProofAsync(HttpClient applicant, string applicationId)
    {
        var pdf = "%PDF-1.4\n% 开户许可证\n"u8.ToArray();
        var ticket = await applicant.PostAsync($"/api/applications/{applicationId}/documents", ConsoleFixture.Json(JsonSerializer.Serialize(new
        {
            category = "bankAccountProof", fileName = "proof.pdf", contentType = "application/pdf", size = pdf.Length,
        })));
        Assert.True(ticket.StatusCode == HttpStatusCode.Created, await ticket.Content.ReadAsStringAsync());
        var upload = await ticket.Content.ReadFromJsonAsync<JsonElement>();
        using var storage = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, upload.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(pdf) };
        foreach (var header in upload.GetProperty("requiredHeaders").EnumerateObject())
        {
            if (!put.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString()))
                put.Content.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
        }

        put.Content.Headers.ContentType ??= new MediaTypeHeaderValue("application/pdf");
        Assert.Equal(HttpStatusCode.Created, (await storage.SendAsync(put)).StatusCode);
        var documentId = upload.GetProperty("documentId").GetString()!;
        var completed = await applicant.PostAsync($"/api/applications/{applicationId}/documents/{documentId}/complete", null);
        Assert.True(completed.StatusCode == HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
        return documentId;
    }

    [Fact]
    public async Task An_admin_starts_a_run_sees_the_batch_with_its_total_opens_it_masked_and_downloads_the_payment_file()
    {
        // Hand-computed (A02.1, 20% of the total investment, issued on approval):
        //   A: 20% × 12,000,000.00 = 2,400,000.00;  C: 20% × 6,172,839.45 = 1,234,567.89;
        //   one batch (this fiscal year, funding line A02.1): 2 payees, 2 lines, 3,634,567.89.
        await SeedPayeeAsync(NeoBayHost.UsccA, "12000000", "P-pay-a", "31001234567890123");
        await SeedPayeeAsync(ConsoleFixture.UsccC, "6172839.45", "P-pay-c", "45600000000000005");
        var year = ChinaCalendar.FiscalYearOf(TimeProvider.System.GetUtcNow());

        var page = await fixture.SignedInAsync(Roles.Admin);
        await page.GetByRole(AriaRole.Link, new() { Name = "支付批次" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "支付批次", Level = 1 }).WaitForAsync();
        await Assertions.Expect(page.GetByText("没有符合条件的批次。")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "发起支付运行" }).ClickAsync();
        await Assertions.Expect(page.Locator("#main p.notice")).ToContainTextAsync("已完成：1 个批次。", new() { Timeout = 90_000 });
        var row = page.Locator("tbody tr[data-id]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        var batchId = (await row.GetAttributeAsync("data-id"))!;
        Assert.Matches($@"^\d{{8}}-{year}-A02\.1$", batchId);
        var cells = await row.Locator("td").AllInnerTextsAsync();
        Assert.Equal([batchId, year.ToString(System.Globalization.CultureInfo.InvariantCulture), "A02.1", "已封存", "2", "2", "3,634,567.89", "尚未导出"], cells);
        await Assertions.Expect(page.Locator("tr.run th")).ToHaveTextAsync($"支付运行 {batchId[..4]}-{batchId[4..6]}-{batchId[6..8]}");
        await fixture.ScreenshotAsync(page, "batches");

        // The filters are the server's: another status or fiscal year lists nothing.
        await page.GetByLabel("状态").SelectOptionAsync("closed");
        await page.GetByRole(AriaRole.Button, new() { Name = "应用" }).ClickAsync();
        await Assertions.Expect(page.GetByText("没有符合条件的批次。")).ToBeVisibleAsync();
        await page.GetByLabel("状态").SelectOptionAsync("sealed");
        await page.GetByLabel("财年").FillAsync(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "应用" }).ClickAsync();
        await Assertions.Expect(page.Locator("tbody tr[data-id]")).ToHaveCountAsync(1);

        // The detail: one row per payee, account numbers masked by the API, never in full.
        await page.GetByRole(AriaRole.Link, new() { Name = batchId }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = $"支付批次 {batchId}", Level = 1 }).WaitForAsync();
        var rows = page.Locator("tbody tr[data-row]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        var a = rows.Filter(new() { HasText = NeoBayHost.UsccA });
        var c = rows.Filter(new() { HasText = ConsoleFixture.UsccC });
        await Assertions.Expect(a).ToContainTextAsync("****0123");
        await Assertions.Expect(a).ToContainTextAsync("2,400,000.00");
        await Assertions.Expect(c).ToContainTextAsync("****0005");
        await Assertions.Expect(c).ToContainTextAsync("1,234,567.89");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("31001234567890123");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("3,634,567.89");

        // The payment file: UTF-8 with BOM, count and sum in the header; its SHA-256 is then shown as recorded on the batch.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "下载支付文件" }).ClickAsync());
        Assert.Equal($"{batchId}.csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Contains($"{batchId},{year},A02.1,2,3634567.89\r\n", text, StringComparison.Ordinal);
        Assert.Contains("31001234567890123", text, StringComparison.Ordinal); // in full in the file only
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await Assertions.Expect(page.Locator("#main p.notice")).ToContainTextAsync(sha);
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("已导出");
        await Assertions.Expect(page.Locator("dl.facts code")).ToHaveTextAsync(sha);
        await fixture.ScreenshotAsync(page, "batch-detail");
        await page.Context.CloseAsync();

        // A reviewer has no link to the page (the list is the admins').
        var reviewer = await fixture.SignedInAsync();
        await Assertions.Expect(reviewer.Locator("#nav a[href='#/batches']")).ToBeHiddenAsync();
        await reviewer.Context.CloseAsync();
    }
}
