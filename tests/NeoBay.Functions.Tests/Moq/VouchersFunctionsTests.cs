using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Http;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Common;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Vouchers;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class VouchersFunctionsTests
{
    private readonly Mock<IVoucherUseCases> vouchers = new(MockBehavior.Strict);

    private VouchersFunctions Functions() => new(vouchers.Object, NullLogger<VouchersFunctions>.Instance);

    private static VoucherYear Year(long usedFen) => new("GV", 2026, 20_000_000, usedFen, "enterprise", true);

    [Fact]
    public async Task A09_4_a_fee_goes_in_as_fen_and_the_redemption_answers_201_with_the_quota_after_it()
    {
        // 50% of 30,000.00 = 15,000.00 paid; 200,000.00 − 15,000.00 = 185,000.00 left.
        var command = new RedemptionCommand(3_000_000, "分析测试中心", "FP-001", null, null);
        vouchers.Setup(v => v.RedeemAsync(Requests.ApplicantA, command, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<RedemptionResult>.Ok(new RedemptionResult(
                new RedemptionRecord("GV", "k", "FP-001", "分析测试中心", 2026, 3_000_000, 1_500_000, Triggers.Instant, "applicant-a"), Year(1_500_000))));

        var result = (await Functions().RedeemVoucher(Requests.Make("POST", """{"serviceFee": 30000.00, "provider": "分析测试中心", "invoiceNo": "FP-001"}""", Requests.ApplicantA))).Api();

        Assert.Equal(201, result.StatusCode);
        var body = result.JsonBody();
        Assert.Equal(("15000.00", "30000.00", "185000.00"),
            (body.GetProperty("amount").GetRawText(), body.GetProperty("serviceFee").GetRawText(), body.GetProperty("quota").GetProperty("left").GetRawText()));
        vouchers.Verify(v => v.RedeemAsync(Requests.ApplicantA, It.Is<RedemptionCommand>(c => c.ServiceFeeFen == 3_000_000 && c.InvoiceNo == "FP-001"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData("""{"serviceFee": -1, "provider": "p", "invoiceNo": "i"}""", "InvalidValue")]
    [InlineData("""{"serviceFee": 1, "provider": 5, "invoiceNo": "i"}""", "InvalidValue")]
    [InlineData("""{"serviceFee": 1, "discount": 5}""", "UnknownField")]
    public async Task A_bad_body_is_400_before_the_use_case(string body, string code)
    {
        (await Functions().RedeemVoucher(Requests.Make("POST", body, Requests.ApplicantA))).Problem(400, code);
        vouchers.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task An_invoice_redeemed_before_is_409()
    {
        vouchers.Setup(v => v.RedeemAsync(Requests.ApplicantA, It.IsAny<RedemptionCommand>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<RedemptionResult>.Fail(new UseCaseError(ErrorKind.Conflict, "InvoiceAlreadyRedeemed", "invoiceNo", ["FP-001", 2026, "15,000.00"])));

        (await Functions().RedeemVoucher(Requests.Make("POST", """{"serviceFee": 1, "provider": "p", "invoiceNo": "FP-001"}""", Requests.ApplicantA))).Problem(409, "InvoiceAlreadyRedeemed");
    }

    [Fact]
    public async Task A_year_passes_the_query_holder_and_grant_and_a_lapsed_year_shows_nothing_left()
    {
        vouchers.Setup(v => v.GetYearAsync(Requests.ApplicantA, 2026, Requests.UsccA, "GV", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<VoucherYear>.Ok(Year(5_000_000) with { Status = VoucherYear.Lapsed, LapsedFen = 15_000_000 }));
        var body = (await Functions().GetVoucherYear(Triggers.Query(Requests.ApplicantA, $"?uscc={Requests.UsccA}&grantId=GV"), 2026)).Json();

        Assert.Equal(("lapsed", "200000.00", "50000.00", "0.00", "150000.00"), (body.GetProperty("status").GetString(), body.GetProperty("quota").GetRawText(),
            body.GetProperty("used").GetRawText(), body.GetProperty("left").GetRawText(), body.GetProperty("lapsed").GetRawText()));
    }

    [Fact]
    public async Task No_voucher_is_404()
    {
        vouchers.Setup(v => v.GetYearAsync(Requests.ApplicantA, 2026, null, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<VoucherYear>.Fail(UseCaseError.NotFound("NotFound.Voucher")));

        (await Functions().GetVoucherYear(Requests.Make(caller: Requests.ApplicantA), 2026)).Problem(404, "NotFound");
    }
}
