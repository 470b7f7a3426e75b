using Microsoft.Extensions.Time.Testing;
using Moq;
using NeoBay.Functions.Http.Matching;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Common;
using NeoBay.Grants.Matching;
using NeoBay.Policy;
using NeoBay.Policy.Matching;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class MatchFunctionsTests
{
    private const string Profile = """
        { "submittedOn": "2026-03-01",
          "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "name": "测试企业", "inZone": true, "isSme": true },
          "facts": { "totalInvestment": 12000000, "nationalApproval": true } }
        """;

    private static readonly Lazy<PolicyCatalog> Catalog = new(PolicyCatalog.LoadEmbedded);
    private readonly Mock<IMatchUseCase> matching = new(MockBehavior.Strict);

    private MatchFunctions Functions() => new(matching.Object, Catalog.Value, new FakeTimeProvider(Triggers.Instant));

    [Fact]
    public async Task An_anonymous_profile_is_parsed_for_the_use_case_and_its_matches_answered_in_yuan()
    {
        Catalog.Value.TryGet("A02.1", out var a021);
        // A02.1: 20% of 12,000,000 = 2,400,000.00.
        matching.Setup(m => m.MatchAsync(null, It.IsAny<EvaluationRequest>(), It.IsAny<IReadOnlyList<PriorAward>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<MatchResult>.Ok(new MatchResult([new MeasureMatch(a021, MatchStatus.Eligible, 240_000_000, null, [], [])], 1, 0, 0, 240_000_000)));

        var body = (await Functions().Match(Requests.Make("POST", Profile))).Json();

        Assert.Equal(("A02.1", "eligible", "2400000.00"), (body.GetProperty("items")[0].GetProperty("measure").GetString(),
            body.GetProperty("items")[0].GetProperty("status").GetString(), body.GetProperty("summary").GetProperty("eligibleAmount").GetRawText()));
        matching.Verify(m => m.MatchAsync(null, It.Is<EvaluationRequest>(r => r.SubmittedOn == new DateOnly(2026, 3, 1) && r.Applicant.IsSme
            && r.Facts["totalInvestment"].Number == 12_000_000m), It.IsAny<IReadOnlyList<PriorAward>>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_profile_without_its_applicant_is_400_and_a_use_case_refusal_is_mapped()
    {
        (await Functions().Match(Requests.Make("POST", """{"facts": {}}"""))).Problem(400, "MissingField");
        matching.Setup(m => m.MatchAsync(Requests.ApplicantA, It.IsAny<EvaluationRequest>(), It.IsAny<IReadOnlyList<PriorAward>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<MatchResult>.Fail(new UseCaseError(ErrorKind.Forbidden, "NotPayee")));

        (await Functions().Match(Requests.Make("POST", Profile, Requests.ApplicantA))).Problem(403, "NotPayee");
    }
}
