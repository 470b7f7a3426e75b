using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Http.Payments;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Common;
using NeoBay.Grants.Payments;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class PaymentsFunctionsTests
{
    private readonly Mock<IPaymentRunUseCases> runs = new(MockBehavior.Strict);
    private readonly Mock<IPaymentBatchUseCases> batches = new(MockBehavior.Strict);
    private readonly Mock<IPaymentRunQueue> queue = new(MockBehavior.Strict);

    private PaymentsFunctions Functions() => new(runs.Object, batches.Object, queue.Object, NullLogger<PaymentsFunctions>.Instance);

    private static readonly BatchSummary Summary = new("B1", 2026, "A02.1", "sealed", 1, 1, 240_000_000, null);

    public static PaymentRunReport Report(string status = "gathering") => new("20261126", status, Triggers.Instant, [Summary]);

    [Fact]
    public async Task Starting_a_run_records_it_queues_it_for_the_admin_and_answers_202_with_Location()
    {
        runs.Setup(r => r.StartAsync("admin-1", It.IsAny<CancellationToken>())).ReturnsAsync(Report());
        queue.Setup(q => q.EnqueueAsync("admin-1", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var result = (await Functions().StartPaymentRun(Requests.Make("POST", caller: Triggers.Admin))).Api();

        Assert.Equal((202, "/api/admin/payments/runs/20261126"), (result.StatusCode, result.Headers["Location"]));
        Assert.Equal("2400000.00", result.JsonBody().GetProperty("batches")[0].GetProperty("total").GetRawText());
        queue.Verify(q => q.EnqueueAsync("admin-1", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_run_report_and_404_for_an_unknown_or_malformed_run_id()
    {
        runs.Setup(r => r.ReportAsync("20261126", It.IsAny<CancellationToken>())).ReturnsAsync(Report("complete"));
        runs.Setup(r => r.ReportAsync("20261127", It.IsAny<CancellationToken>())).ReturnsAsync((PaymentRunReport?)null);

        Assert.Equal("complete", (await Functions().GetPaymentRun(Requests.Make(caller: Requests.Reviewer), "20261126")).Json().GetProperty("status").GetString());
        (await Functions().GetPaymentRun(Requests.Make(caller: Requests.Reviewer), "20261127")).Problem(404, "NotFound");
        (await Functions().GetPaymentRun(Requests.Make(caller: Requests.Reviewer), "2026-11-26")).Problem(404, "NotFound");
        runs.Verify(r => r.ReportAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_batch_answers_its_rows_with_the_account_masked()
    {
        var batch = new PaymentBatch("B1", "20261126", 2026, "A02.1", "sealed", 1, Triggers.Instant) { PayeeCount = 1, LineCount = 1, TotalFen = 240_000_000 };
        var row = new BatchPayee("B1", 1, Requests.UsccA, 1, "零号湾示例科技有限公司", "中国工商银行", "上海闵行支行", "31001234567890123", "102290000011", 240_000_000, 1);
        batches.Setup(b => b.GetAsync("B1", It.IsAny<CancellationToken>())).ReturnsAsync(Result<BatchContent>.Ok(new BatchContent(batch, [], [row])));
        batches.Setup(b => b.GetAsync("B2", It.IsAny<CancellationToken>())).ReturnsAsync(Result<BatchContent>.Fail(UseCaseError.NotFound("NotFound.PaymentBatch")));

        var body = (await Functions().GetPaymentBatch(Requests.Make(caller: Requests.Reviewer), "B1")).Json();

        Assert.Equal(("****0123", "2400000.00"), (body.GetProperty("rows")[0].GetProperty("accountNumber").GetString(), body.GetProperty("rows")[0].GetProperty("amount").GetRawText()));
        (await Functions().GetPaymentBatch(Requests.Make(caller: Requests.Reviewer), "B2")).Problem(404, "NotFound");
    }

    [Fact]
    public async Task The_lines_file_is_CSV_with_its_hash_as_ETag_and_header()
    {
        var files = new PaymentFiles(Encoding.UTF8.GetBytes("payees"), "aa", Encoding.UTF8.GetBytes("batch,lines\r\n"), "bb");
        batches.Setup(b => b.ExportAsync("B1", "admin-1", It.IsAny<CancellationToken>())).ReturnsAsync(Result<PaymentFiles>.Ok(files));
        var result = (await Functions().GetPaymentFile(Triggers.Query(Triggers.Admin, "?part=lines"), "B1")).Api();

        Assert.Equal((PaymentsFunctions.CsvContentType, "batch,lines\r\n"), (result.ContentType, result.Body));
        Assert.Equal(("\"bb\"", "bb", "attachment; filename=\"B1-lines.csv\""), (result.Headers["ETag"], result.Headers["X-Content-SHA256"], result.Headers["Content-Disposition"]));
    }

    [Fact]
    public async Task An_unknown_part_is_400_and_an_open_batch_is_409()
    {
        (await Functions().GetPaymentFile(Triggers.Query(Triggers.Admin, "?part=all"), "B1")).Problem(400, "InvalidPart");
        batches.Setup(b => b.ExportAsync("B1", "admin-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<PaymentFiles>.Fail(new UseCaseError(ErrorKind.Conflict, "BatchNotSealed", "id")));

        (await Functions().GetPaymentFile(Requests.Make(caller: Triggers.Admin), "B1")).Problem(409, "BatchNotSealed");
    }

    [Fact]
    public async Task JSON_results_are_parsed_to_fen_and_dates_and_the_import_summary_answered()
    {
        batches.Setup(b => b.ImportAsync("B1", "admin-1", It.IsAny<IReadOnlyList<PaymentResultRow>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<ImportSummary>.Ok(new ImportSummary(Summary with { Status = "closed" }, 1, 240_000_000, 0, 0, 0, true)));

        var body = (await Functions().ImportPaymentResults(Requests.Make("POST", """{"results": [{"row": 1, "amount": 2400000.00, "result": " paid ", "paidOn": "2026-11-30"}]}""", Triggers.Admin), "B1")).Json();

        Assert.Equal(("closed", "2400000.00", 1), (body.GetProperty("batch").GetProperty("status").GetString(), body.GetProperty("paid").GetRawText(), body.GetProperty("paidRows").GetInt32()));
        batches.Verify(b => b.ImportAsync("B1", "admin-1", It.Is<IReadOnlyList<PaymentResultRow>>(rows =>
            rows.Count == 1 && rows[0] == new PaymentResultRow(1, 240_000_000, "paid", new DateOnly(2026, 11, 30), null)), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_result_row_with_a_bad_date_is_400_before_the_use_case()
    {
        (await Functions().ImportPaymentResults(Requests.Make("POST", """{"results": [{"row": 1, "amount": 1, "result": "paid", "paidOn": "30/11/2026"}]}""", Triggers.Admin), "B1"))
            .Problem(400, "InvalidResultRow");
        batches.VerifyNoOtherCalls();
    }
}
