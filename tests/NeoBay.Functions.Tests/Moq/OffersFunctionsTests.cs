using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NeoBay.Functions.Http.Offers;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Offers;
using NeoBay.Policy;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class OffersFunctionsTests
{
    private static readonly Lazy<PolicyCatalog> Catalog = new(PolicyCatalog.LoadEmbedded);
    private static readonly NeoBay.Grants.Common.Caller Integrator = NeoBay.Grants.Common.Caller.Create("client-1", [NeoBay.Grants.Common.Roles.Integrator]);
    private readonly Mock<ITrustedFactsUseCase> trustedFacts = new(MockBehavior.Strict);
    private readonly Mock<IOfferUseCases> offers = new(MockBehavior.Strict);

    private OffersFunctions Functions() => new(trustedFacts.Object, offers.Object, Catalog.Value, new FakeTimeProvider(Triggers.Instant), NullLogger<OffersFunctions>.Instance);

    /// <summary>A02.1 on 12,345,678.91 invested: 20% → 2,469,135.78 (floor to the fen).</summary>
    private static Offer Offer(string status, int version) =>
        new("O-1", Requests.UsccA, "A02.1", "P-7", status, 246_913_578, null,
            new EvaluationRequest("A02.1", new DateOnly(2026, 11, 26), new Applicant(ApplicantKind.Enterprise, Requests.UsccA, null, true, false), new ProjectRef("P-7", null),
                new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(12_345_678.91m) }, []),
            new Dictionary<string, string> { ["totalInvestment"] = "市市场监管局" }, version, Triggers.Instant, Triggers.Instant);

    [Fact]
    public async Task Trusted_facts_pass_the_parsed_update_and_If_Match_and_answer_the_set_with_its_ETag()
    {
        var set = new TrustedFactSet(Requests.UsccA, null, new Dictionary<string, TrustedFact>(), new Dictionary<string, TrustedProject>(), 3, Triggers.Instant);
        trustedFacts.Setup(t => t.PutAsync(Integrator, Requests.UsccA, It.IsAny<FactsUpdate>(), "\"v2\"", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<(TrustedFactSet, OfferRefreshResult)>.Ok((set, new OfferRefreshResult(1, 0, 0, 0))));
        const string body = """
            { "source": "市市场监管局", "applicant": { "kind": "enterprise", "name": "测试企业", "inZone": true, "isSme": false },
              "project": { "key": "P-7", "name": "前沿项目" }, "facts": { "totalInvestment": 12345678.91, "nationalApproval": true } }
            """;

        var result = (await Functions().PutIntegrationFacts(Requests.Make("PUT", body, Integrator, ("If-Match", "\"v2\"")), Requests.UsccA)).Api();

        Assert.Equal((200, "\"v3\""), (result.StatusCode, result.Headers["ETag"]));
        Assert.Equal(1, result.JsonBody().GetProperty("offers").GetProperty("created").GetInt32());
        trustedFacts.Verify(t => t.PutAsync(Integrator, Requests.UsccA, It.Is<FactsUpdate>(u => u.Source == "市市场监管局" && u.Project!.Key == "P-7"
            && u.Facts["totalInvestment"].Number == 12_345_678.91m && u.Facts["nationalApproval"].Flag == true), "\"v2\"", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_bad_USCC_in_the_route_is_400_before_the_use_case()
    {
        (await Functions().PutIntegrationFacts(Requests.Make("PUT", "{}", Integrator), "123")).Problem(400, "InvalidUscc");
        trustedFacts.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task My_offers_are_listed_in_yuan()
    {
        offers.Setup(o => o.ListAsync(Requests.ApplicantA, It.IsAny<CancellationToken>())).ReturnsAsync(Result<IReadOnlyList<Offer>>.Ok([Offer(OfferStatuses.Open, 1)]));

        var item = (await Functions().ListMyOffers(Requests.Make(caller: Requests.ApplicantA))).Json().GetProperty("items")[0];

        Assert.Equal(("O-1", "open", "2469135.78"), (item.GetProperty("id").GetString(), item.GetProperty("status").GetString(), item.GetProperty("amount").GetRawText()));
    }

    [Fact]
    public async Task Accepting_answers_202_with_the_applications_Location_and_the_offers_ETag_and_tells_the_use_case_about_given_facts()
    {
        offers.Setup(o => o.AcceptAsync(Requests.ApplicantA, "O-1", "\"v1\"", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<(Offer, SubmitResult)>.Ok((Offer(OfferStatuses.Accepted, 2), new SubmitResult("A1", ApplicationStatus.Submitted, false))));
        offers.Setup(o => o.AcceptAsync(Requests.ApplicantA, "O-1", "\"v1\"", true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<(Offer, SubmitResult)>.Fail(new UseCaseError(ErrorKind.Conflict, "OfferFactsFixed", "facts")));

        var result = (await Functions().AcceptOffer(Requests.Make("POST", null, Requests.ApplicantA, ("If-Match", "\"v1\"")), "O-1")).Api();

        Assert.Equal((202, "/api/applications/A1", "\"v2\""), (result.StatusCode, result.Headers["Location"], result.Headers["ETag"]));
        Assert.Equal(("A1", "submitted"), (result.JsonBody().GetProperty("applicationId").GetString(), result.JsonBody().GetProperty("applicationStatus").GetString()));
        (await Functions().AcceptOffer(Requests.Make("POST", """{"facts": {}}""", Requests.ApplicantA, ("If-Match", "\"v1\"")), "O-1")).Problem(409, "OfferFactsFixed");
    }

    [Fact]
    public async Task Declining_passes_the_trimmed_reason_and_a_reason_that_is_not_text_is_400()
    {
        offers.Setup(o => o.DeclineAsync(Requests.ApplicantA, "O-1", "\"v1\"", "不需要", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<Offer>.Ok(Offer(OfferStatuses.Declined, 2) with { Reason = "不需要" }));

        var result = (await Functions().DeclineOffer(Requests.Make("POST", """{"reason": " 不需要 "}""", Requests.ApplicantA, ("If-Match", "\"v1\"")), "O-1")).Api();

        Assert.Equal(("declined", "\"v2\""), (result.JsonBody().GetProperty("status").GetString(), result.Headers["ETag"]));
        (await Functions().DeclineOffer(Requests.Make("POST", """{"reason": 5}""", Requests.ApplicantA), "O-1")).Problem(400, "InvalidValue");
        offers.Verify(o => o.DeclineAsync(It.IsAny<NeoBay.Grants.Common.Caller>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    /// <summary>The decline body is read leniently: absent, not an object, unknown members or a blank reason all decline without one.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData("[1]")]
    [InlineData("\"x\"")]
    [InlineData("""{"why": 5}""")]
    [InlineData("""{"reason": null}""")]
    [InlineData("""{"reason": "  "}""")]
    public async Task Declining_without_a_reason_passes_none(string? body)
    {
        offers.Setup(o => o.DeclineAsync(Requests.ApplicantA, "O-1", "\"v1\"", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<Offer>.Ok(Offer(OfferStatuses.Declined, 2)));

        var result = (await Functions().DeclineOffer(Requests.Make("POST", body, Requests.ApplicantA, ("If-Match", "\"v1\"")), "O-1")).Api();

        Assert.Equal(200, result.StatusCode);
    }

    [Theory]
    [InlineData("""{"reason": 5}""")]
    [InlineData("""{"reason": false}""")]
    [InlineData("""{"why": 1, "reason": ["x"]}""")]
    public async Task Declining_with_a_reason_that_is_not_text_is_400_on_reason(string body)
    {
        var problem = (await Functions().DeclineOffer(Requests.Make("POST", body, Requests.ApplicantA, ("Accept-Language", "en")), "O-1")).Problem(400, "InvalidValue");

        Assert.Equal(("reason", "reason must be a string."), (problem.GetProperty("errors")[0].GetProperty("field").GetString(), problem.GetProperty("errors")[0].GetProperty("message").GetString()));
    }
}
