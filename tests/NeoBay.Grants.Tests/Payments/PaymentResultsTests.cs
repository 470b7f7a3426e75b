using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Payments;
using NeoBay.Grants.Tests.Renewals;
using static NeoBay.Grants.Tests.Payments.PaymentPortfolio;

namespace NeoBay.Grants.Tests.Payments;

/// <summary>The payment file, the bank's results and a returned payment paid again (docs/payments.md), over <see cref="PaymentPortfolio"/>.</summary>
public sealed class PaymentResultsTests
{
    private const string A051 = "20261201-2026-A05.1";

    private static async Task<Portfolio> RunAsync()
    {
        var portfolio = await SeedAsync();
        await portfolio.H.Run().RunAsync("admin-1");
        return portfolio;
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes.AsSpan(3));

    [Fact]
    public async Task The_payment_files_are_csv_with_bom_header_count_and_sum_and_their_hashes_are_recorded_once()
    {
        var (h, _) = await RunAsync();
        var files = await h.Batches.ExportAsync(A051, "admin-1");
        Assert.True(files.IsSuccess, files.Error?.Code);
        var f = files.Value!;
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, f.Payees[..3]);
        var (u2, u5) = (RenewalHarness.UsccOf(2), RenewalHarness.UsccOf(5));
        Assert.Equal(
            "batch,fiscalYear,fundingLine,count,sum\r\n" +
            "20261201-2026-A05.1,2026,A05.1,2,5734567.90\r\n" +
            "row,accountName,bank,branch,accountNumber,cnaps,amount,lines,uscc\r\n" +
            $"1,申请人 {u2[^4..]},中国工商银行,上海闵行支行,31001234567890123,102290000011,4234567.89,2,{u2}\r\n" +
            $"2,申请人 {u5[^4..]},中国工商银行,上海闵行支行,45600000000000005,102290000011,1500000.01,2,{u5}\r\n", Text(f.Payees));
        var lines = Text(f.Lines).Split("\r\n");
        Assert.Equal(["batch,count,sum", "20261201-2026-A05.1,4,5734567.90", "row,grant,fiscalYear,component,amount"], lines[..3]);
        Assert.Equal(["1", "1", "2", "2"], lines[3..7].Select(l => l.Split(',')[0]));
        Assert.Equal(5_734_567.90m, lines[3..7].Sum(l => decimal.Parse(l.Split(',')[4], System.Globalization.CultureInfo.InvariantCulture)));

        var batch = (await h.Store.GetBatchAsync(A051))!;
        Assert.Equal(BatchStatuses.Exported, batch.Status);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(f.Payees)), batch.FileSha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(f.Lines)), batch.LinesFileSha256);

        // Exported again: the same bytes, nothing written.
        var before = await h.SnapshotAsync();
        Assert.Equal(f.Payees, (await h.Batches.ExportAsync(A051, "admin-2")).Value!.Payees);
        Assert.Equal(before, await h.SnapshotAsync());

        // Account numbers in full: the account rows, their verified snapshots and the batch rows — never an audit line.
        var payments = new TableServiceClient(h.Lifecycle.Connection).GetTableClient(h.Lifecycle.Prefix + PaymentTables.Payments);
        await foreach (var e in payments.QueryAsync<TableEntity>())
        {
            if (e.RowKey.StartsWith("audit-", StringComparison.Ordinal))
                Assert.DoesNotContain(e.Select(p => p.Value).OfType<string>(), v => v.Contains("31001234567890123", StringComparison.Ordinal) || v.Contains("0112345678", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Results_refused_name_the_row_and_the_same_import_twice_changes_nothing()
    {
        var (h, g) = await RunAsync();
        var paid = new PaymentResultRow(1, Fen(4_234_567.89m), PaymentResults.Paid, new DateOnly(2026, 12, 3), null);
        var returned = new PaymentResultRow(2, Fen(1_500_000.01m), PaymentResults.Returned, null, "账户已销户");

        Assert.Equal("BatchNotExported", (await h.Batches.ImportAsync(A051, "admin-1", [paid])).Error!.Code);
        await h.Batches.ExportAsync(A051, "admin-1");

        var unknown = (await h.Batches.ImportAsync(A051, "admin-1", [paid, paid with { Row = 3 }])).Error!;
        Assert.Equal(("UnknownRow", "results[1]", ErrorKind.Unprocessable), (unknown.Code, unknown.Field, unknown.Kind));
        Assert.Contains("Row 3", unknown.MessageEn, StringComparison.Ordinal);
        var amount = (await h.Batches.ImportAsync(A051, "admin-1", [paid with { AmountFen = paid.AmountFen - 1 }])).Error!;
        Assert.Equal(("AmountMismatch", "results[0]"), (amount.Code, amount.Field));
        Assert.Contains("Row 1: amount 4234567.88 differs from the file's 4234567.89", amount.MessageEn, StringComparison.Ordinal);
        Assert.Equal("DuplicateRow", (await h.Batches.ImportAsync(A051, "admin-1", [paid, paid])).Error!.Code);
        Assert.Equal("ReasonRequired", (await h.Batches.ImportAsync(A051, "admin-1", [returned with { Reason = " " }])).Error!.Code);

        // Row 1 first: the batch stays exported, row 1 may not change its result.
        var first = await h.Batches.ImportAsync(A051, "admin-1", [paid]);
        Assert.True(first.IsSuccess, first.Error?.Code);
        Assert.Equal((1, Fen(4_234_567.89m), 0, 1, BatchStatuses.Exported), (first.Value!.PaidRows, first.Value.PaidFen, first.Value.ReturnedRows, first.Value.PendingRows, first.Value.Batch.Status));
        var conflict = (await h.Batches.ImportAsync(A051, "admin-1", [paid with { PaidOn = new DateOnly(2026, 12, 4) }])).Error!;
        Assert.Equal(("ResultConflict", "results[0]", ErrorKind.Conflict), (conflict.Code, conflict.Field, conflict.Kind));

        // The whole file: row 1 again (same) and row 2 returned → closed.
        var all = await h.Batches.ImportAsync(A051, "admin-1", [paid, returned]);
        Assert.True(all.IsSuccess, all.Error?.Code);
        Assert.Equal((1, 1, Fen(1_500_000.01m), 0, BatchStatuses.Closed), (all.Value!.PaidRows, all.Value.ReturnedRows, all.Value.ReturnedFen, all.Value.PendingRows, all.Value.Batch.Status));

        var before = await h.SnapshotAsync();
        var again = await h.Batches.ImportAsync(A051, "admin-2", [returned, paid]);
        Assert.True(again.IsSuccess, again.Error?.Code);
        Assert.False(again.Value!.Changed);
        Assert.Equal(before, await h.SnapshotAsync());
        var closed = (await h.Batches.ImportAsync(A051, "admin-1", [paid, returned with { Reason = "户名不符" }])).Error!;
        Assert.Equal(("BatchClosed", "results[1]", ErrorKind.Conflict), (closed.Code, closed.Field, closed.Kind));

        // Paid lines: paid with the date, as the applicant sees them; returned lines: issued, out of the batch, with the reason.
        var applicant2 = RenewalHarness.ApplicantOf(RenewalHarness.UsccOf(2));
        var view = (await h.Lifecycle.Decisions.GetGrantAsync(applicant2, g["A05.1"])).Value!;
        var year2026 = view.Ledger.Where(l => l.FiscalYear == 2026).ToList();
        Assert.Equal(2, year2026.Count);
        Assert.All(year2026, l => Assert.Equal((LedgerStatus.Paid, new DateOnly(2026, 12, 3)), (l.Status, l.PaidOn!.Value)));
        var back = (await h.Lifecycle.Grants.GetAsync(g["A05.1 b"]))!.Ledger.Where(l => l.FiscalYear == 2026).ToList();
        Assert.All(back, l => Assert.Equal((LedgerStatus.Issued, (string?)null, "账户已销户"), (l.Status, l.BatchId, l.ReturnReason)));
        Assert.Equal(PayeeStatuses.Returned, (await h.Store.GetPayeeAsync(RenewalHarness.UsccOf(5)))!.Status);
    }

    [Fact]
    public async Task A_returned_payment_is_paid_on_the_next_run_after_the_account_is_corrected()
    {
        var (h, g) = await RunAsync();
        await h.Batches.ExportAsync(A051, "admin-1");
        var result = await h.Batches.ImportAsync(A051, "admin-1",
        [
            new PaymentResultRow(1, Fen(4_234_567.89m), PaymentResults.Paid, new DateOnly(2026, 12, 3), null),
            new PaymentResultRow(2, Fen(1_500_000.01m), PaymentResults.Returned, null, "账号不存在"),
        ]);
        Assert.True(result.IsSuccess, result.Error?.Code);

        // Next day: the account is marked returned, so the run leaves the lines waiting.
        h.Lifecycle.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty((await h.Run().RunAsync("admin-1")).Batches);

        // Corrected and verified again; the next run pays them into the new account.
        h.Lifecycle.Clock.Advance(TimeSpan.FromDays(1));
        await h.VerifiedPayeeAsync(g["A05.1 b"], "45600000000000099");
        h.Lifecycle.Clock.Advance(TimeSpan.FromHours(1));
        var next = await h.Run().RunAsync("admin-1");
        var batch = Assert.Single(next.Batches);
        Assert.Equal(new BatchSummary("20261203-2026-A05.1", 2026, "A05.1", BatchStatuses.Sealed, 1, 2, Fen(1_500_000.01m), null), batch);
        var file = Text((await h.Batches.ExportAsync(batch.Id, "admin-1")).Value!.Payees);
        Assert.Contains(",45600000000000099,", file, StringComparison.Ordinal);
        Assert.True((await h.Batches.ImportAsync(batch.Id, "admin-1", [new PaymentResultRow(1, Fen(1_500_000.01m), PaymentResults.Paid, new DateOnly(2026, 12, 5), null)])).IsSuccess);
        var lines = (await h.Lifecycle.Grants.GetAsync(g["A05.1 b"]))!.Ledger.Where(l => l.FiscalYear == 2026).ToList();
        Assert.All(lines, l => Assert.Equal((LedgerStatus.Paid, new DateOnly(2026, 12, 5), batch.Id), (l.Status, l.PaidOn!.Value, l.BatchId)));

        // Every chain still holds: the grants' paid/returned lines, the accounts' changes, the batches.
        var service = new TableServiceClient(h.Lifecycle.Connection);
        foreach (var name in new[] { GrantsTables.Grants, GrantsTables.Applications, PaymentTables.Payments })
        {
            Assert.Null((await TableAuditVerifier.VerifyTableAsync(service.GetTableClient(h.Lifecycle.Prefix + name))).FirstBreak);
        }
    }
}
