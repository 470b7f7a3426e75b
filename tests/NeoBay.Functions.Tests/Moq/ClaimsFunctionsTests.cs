using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Http;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Renewals;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class ClaimsFunctionsTests
{
    private readonly Mock<IRenewalRecordsUseCases> records = new(MockBehavior.Strict);

    private ClaimsFunctions Functions() => new(records.Object, NullLogger<ClaimsFunctions>.Instance);

    [Fact]
    public async Task A16_2_the_expenditure_goes_in_as_fen_and_the_claim_comes_back_in_yuan()
    {
        // 30% of 1,234,567.89 = 370,370.367 → 370,370.36 (rounded down to the fen, common.3), within the 2,000,000 cap.
        records.Setup(r => r.FileClaimAsync(Requests.ApplicantA, "G1", 2026, 123_456_789, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<ClaimResult>.Ok(new ClaimResult("G1", 2026, "claim-2026", "A16.2", 2025, 123_456_789, 0.3m, 200_000_000, 37_037_036, LedgerStatus.Issued)));

        var result = (await Functions().FileClaim(Requests.Make("POST", """{"expenditure": 1234567.89}""", Requests.ApplicantA), "G1", 2026)).Api();

        Assert.Equal(200, result.StatusCode);
        var body = result.JsonBody();
        Assert.Equal(("1234567.89", "370370.36", "2000000.00", "issued"),
            (body.GetProperty("expenditure").GetRawText(), body.GetProperty("amount").GetRawText(), body.GetProperty("cap").GetRawText(), body.GetProperty("status").GetString()));
        records.Verify(r => r.FileClaimAsync(Requests.ApplicantA, "G1", 2026, 123_456_789, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData("""{"expenditure": 1.234}""", "InvalidValue")]
    [InlineData("""{"expenditure": "5"}""", "InvalidValue")]
    [InlineData("""{"expenditure": 5, "year": 2025}""", "UnknownField")]
    public async Task A_bad_expenditure_is_400_before_the_use_case(string body, string code)
    {
        (await Functions().FileClaim(Requests.Make("POST", body, Requests.ApplicantA), "G1", 2026)).Problem(400, code);
        records.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_claim_not_open_is_409()
    {
        records.Setup(r => r.FileClaimAsync(Requests.ApplicantA, "G1", 2030, 100, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<ClaimResult>.Fail(new UseCaseError(ErrorKind.Conflict, "ClaimNotOpen", "fiscalYear", [2030])));

        (await Functions().FileClaim(Requests.Make("POST", """{"expenditure": 1.00}""", Requests.ApplicantA), "G1", 2030)).Problem(409, "ClaimNotOpen");
    }
}
