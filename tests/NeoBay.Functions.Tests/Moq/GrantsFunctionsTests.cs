using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Http;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Ledger;
using NeoBay.Policy;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class GrantsFunctionsTests
{
    [Fact]
    public async Task A_grant_answers_its_ledger_in_yuan()
    {
        var grants = new Mock<IGrantQueries>();
        var view = new GrantView(new GrantRecord("G1", "A1", Requests.UsccA, "A09.1", "P", null, 37_037_037, DateTimeOffset.UnixEpoch, 2026, "r", 1),
        [
            new LedgerLine("G1", 2026, "stage-1", ScheduleTrigger.Approval, 18_518_518, LedgerStatus.Issued, 1, true),
            new LedgerLine("G1", 2027, "stage-2", ScheduleTrigger.Acceptance, 18_518_519, LedgerStatus.Scheduled, 2, true),
        ]);
        grants.Setup(g => g.GetGrantAsync(Requests.ApplicantA, "G1", It.IsAny<CancellationToken>())).ReturnsAsync(Result<GrantView>.Ok(view));
        var functions = new GrantsFunctions(grants.Object, Mock.Of<IReviewUseCases>(), NullLogger<GrantsFunctions>.Instance);

        var body = (await functions.GetGrant(Requests.Make(caller: Requests.ApplicantA), "G1")).Json();

        Assert.Equal("370370.37", body.GetProperty("amount").GetRawText());
        var ledger = body.GetProperty("ledger");
        Assert.Equal((2027, "stage-2", "acceptance", "185185.19", "scheduled"),
            (ledger[1].GetProperty("fiscalYear").GetInt32(), ledger[1].GetProperty("component").GetString(), ledger[1].GetProperty("trigger").GetString(),
             ledger[1].GetProperty("amount").GetRawText(), ledger[1].GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Stage_zero_is_400_before_any_use_case()
    {
        var reviews = new Mock<IReviewUseCases>(MockBehavior.Strict);
        var functions = new GrantsFunctions(Mock.Of<IGrantQueries>(), reviews.Object, NullLogger<GrantsFunctions>.Instance);

        (await functions.AcceptStage(Requests.Make("POST", caller: Requests.Reviewer), "G1", 0)).Problem(400, "InvalidStage");
    }

    [Fact]
    public async Task Accepting_a_stage_passes_the_stage_and_If_Match_and_answers_the_grant_with_its_ETag()
    {
        var reviews = new Mock<IReviewUseCases>(MockBehavior.Strict);
        var view = new GrantView(new GrantRecord("G1", "A1", Requests.UsccA, "A09.1", "P", null, 37_037_037, DateTimeOffset.UnixEpoch, 2026, "r", 4),
            [new LedgerLine("G1", 2027, "stage-2", ScheduleTrigger.Acceptance, 18_518_519, LedgerStatus.Issued, 2, true)]);
        reviews.Setup(r => r.AcceptStageAsync(Requests.Reviewer, "G1", 2, "\"v3\"", It.IsAny<CancellationToken>())).ReturnsAsync(Result<GrantView>.Ok(view));
        reviews.Setup(r => r.AcceptStageAsync(Requests.Reviewer, "G1", 2, "\"v2\"", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<GrantView>.Fail(new UseCaseError(ErrorKind.PreconditionFailed, "PreconditionFailed.Acceptance", "If-Match")));
        var functions = new GrantsFunctions(Mock.Of<IGrantQueries>(MockBehavior.Strict), reviews.Object, NullLogger<GrantsFunctions>.Instance);

        var result = (await functions.AcceptStage(Requests.Make("POST", caller: Requests.Reviewer, headers: ("If-Match", "\"v3\"")), "G1", 2)).Api();

        Assert.Equal((200, "\"v4\""), (result.StatusCode, result.Headers["ETag"]));
        Assert.Equal(("issued", "185185.19"), (result.JsonBody().GetProperty("ledger")[0].GetProperty("status").GetString(), result.JsonBody().GetProperty("ledger")[0].GetProperty("amount").GetRawText()));
        (await functions.AcceptStage(Requests.Make("POST", caller: Requests.Reviewer, headers: ("If-Match", "\"v2\"")), "G1", 2)).Problem(412, "PreconditionFailed");
    }
}
