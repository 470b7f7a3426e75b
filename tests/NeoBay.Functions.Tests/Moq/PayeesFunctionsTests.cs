using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Http.Payments;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Common;
using NeoBay.Grants.Payments;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class PayeesFunctionsTests
{
    private readonly Mock<IPayeeUseCases> payees = new(MockBehavior.Strict);

    private PayeesFunctions Functions() => new(payees.Object, NullLogger<PayeesFunctions>.Instance);

    private static PayeeAccount Account(string status, int version) =>
        new(Requests.UsccA, "零号湾示例科技有限公司", "中国工商银行", "上海闵行支行", "31001234567890123", "102290000011", "A1", "D1", status, version, Triggers.Instant, "applicant-a");

    [Fact]
    public async Task A_submitted_account_passes_every_field_and_answers_it_masked_with_its_ETag()
    {
        payees.Setup(p => p.SubmitAsync(Requests.ApplicantA, Requests.UsccA,
                new PayeeSubmission("零号湾示例科技有限公司", "中国工商银行", "上海闵行支行", "3100 1234 5678 9012 3", "102290000011", "A1", "D1"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<PayeeAccount>.Ok(Account("pending", 1)));
        const string body = """{"accountName": "零号湾示例科技有限公司", "bank": "中国工商银行", "branch": "上海闵行支行", "accountNumber": "3100 1234 5678 9012 3", "cnaps": "102290000011", "proof": {"applicationId": "A1", "documentId": "D1"}}""";

        var result = (await Functions().PutPayeeAccount(Requests.Make("PUT", body, Requests.ApplicantA), Requests.UsccA)).Api();

        Assert.Equal((200, "\"v1\""), (result.StatusCode, result.Headers["ETag"]));
        Assert.Equal(("****0123", "pending"), (result.JsonBody().GetProperty("accountNumber").GetString(), result.JsonBody().GetProperty("status").GetString()));
        Assert.DoesNotContain("31001234567890123", result.Body!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_field_is_400_and_another_holders_account_is_404()
    {
        (await Functions().PutPayeeAccount(Requests.Make("PUT", """{"iban": "1"}""", Requests.ApplicantA), Requests.UsccA)).Problem(400, "InvalidBody");
        payees.Setup(p => p.GetAsync(Requests.ApplicantA, Requests.UsccB, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<PayeeAccount>.Fail(UseCaseError.NotFound("NotFound.Payee")));

        (await Functions().GetPayeeAccount(Requests.Make(caller: Requests.ApplicantA), Requests.UsccB)).Problem(404, "NotFound");
        payees.Verify(p => p.SubmitAsync(It.IsAny<NeoBay.Grants.Common.Caller>(), It.IsAny<string>(), It.IsAny<PayeeSubmission>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Reading_an_account_answers_it_with_its_ETag()
    {
        payees.Setup(p => p.GetAsync(Requests.Reviewer, Requests.UsccA, It.IsAny<CancellationToken>())).ReturnsAsync(Result<PayeeAccount>.Ok(Account("verified", 2)));

        var result = (await Functions().GetPayeeAccount(Requests.Make(caller: Requests.Reviewer), Requests.UsccA)).Api();

        Assert.Equal(("\"v2\"", "verified", 2), (result.Headers["ETag"], result.JsonBody().GetProperty("status").GetString(), result.JsonBody().GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Verification_passes_If_Match_approve_and_reason()
    {
        payees.Setup(p => p.VerifyAsync(Requests.Reviewer, Requests.UsccA, "\"v1\"", false, "户名不符", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<PayeeAccount>.Ok(Account("rejected", 2) with { Reason = "户名不符" }));

        var result = (await Functions().VerifyPayeeAccount(Requests.Make("POST", """{"approve": false, "reason": "户名不符"}""", Requests.Reviewer, ("If-Match", "\"v1\"")), Requests.UsccA)).Api();

        Assert.Equal(("rejected", "\"v2\""), (result.JsonBody().GetProperty("status").GetString(), result.Headers["ETag"]));
        payees.Verify(p => p.VerifyAsync(Requests.Reviewer, Requests.UsccA, "\"v1\"", false, "户名不符", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Verification_without_approve_is_400_and_a_stale_version_is_412()
    {
        (await Functions().VerifyPayeeAccount(Requests.Make("POST", """{"reason": "x"}""", Requests.Reviewer, ("If-Match", "\"v1\"")), Requests.UsccA)).Problem(400, "ApproveRequired");
        payees.Setup(p => p.VerifyAsync(Requests.Reviewer, Requests.UsccA, "\"v1\"", true, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<PayeeAccount>.Fail(new UseCaseError(ErrorKind.PreconditionFailed, "PreconditionFailed.Payee", "If-Match")));

        (await Functions().VerifyPayeeAccount(Requests.Make("POST", """{"approve": true}""", Requests.Reviewer, ("If-Match", "\"v1\"")), Requests.UsccA)).Problem(412, "PreconditionFailed");
    }
}
