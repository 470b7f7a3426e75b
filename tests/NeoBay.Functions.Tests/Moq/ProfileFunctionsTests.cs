using Microsoft.Extensions.Time.Testing;
using Moq;
using NeoBay.Functions.Http.Matching;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Common;
using NeoBay.Grants.Matching;
using NeoBay.Policy;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class ProfileFunctionsTests
{
    private const string Profile = """
        { "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "name": "测试企业", "inZone": true, "isSme": false },
          "facts": { "totalInvestment": 12000000 } }
        """;

    private static readonly Lazy<PolicyCatalog> Catalog = new(PolicyCatalog.LoadEmbedded);
    private readonly Mock<IProfileUseCases> profiles = new(MockBehavior.Strict);

    private ProfileFunctions Functions() => new(profiles.Object, Catalog.Value, new FakeTimeProvider(Triggers.Instant));

    private static SavedProfile Saved(int version) => new(Requests.UsccA,
        new EvaluationRequest("", new DateOnly(2026, 11, 26), new Applicant(ApplicantKind.Enterprise, Requests.UsccA, "测试企业", true, false), null,
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(12_000_000m) }, []), version, Triggers.Instant);

    [Fact]
    public async Task The_saved_profile_answers_with_its_ETag_and_304_when_unchanged()
    {
        profiles.Setup(p => p.GetAsync(Requests.ApplicantA, It.IsAny<CancellationToken>())).ReturnsAsync(Result<SavedProfile>.Ok(Saved(2)));

        var ok = (await Functions().GetProfile(Requests.Make(caller: Requests.ApplicantA))).Api();
        var same = (await Functions().GetProfile(Requests.Make(caller: Requests.ApplicantA, headers: ("If-None-Match", "\"v2\"")))).Api();

        Assert.Equal((200, "\"v2\"", 2), (ok.StatusCode, ok.Headers["ETag"], ok.JsonBody().GetProperty("version").GetInt32()));
        Assert.Equal((304, "\"v2\""), (same.StatusCode, same.Headers["ETag"]));
    }

    [Fact]
    public async Task No_profile_yet_is_404()
    {
        profiles.Setup(p => p.GetAsync(Requests.ApplicantA, It.IsAny<CancellationToken>())).ReturnsAsync(Result<SavedProfile>.Fail(UseCaseError.NotFound("NotFound.Profile")));

        (await Functions().GetProfile(Requests.Make(caller: Requests.ApplicantA))).Problem(404, "NotFound");
    }

    [Fact]
    public async Task A_first_save_is_201_a_later_one_200_with_If_Match_passed_on()
    {
        profiles.Setup(p => p.SaveAsync(Requests.ApplicantA, It.IsAny<EvaluationRequest>(), "", It.IsAny<CancellationToken>())).ReturnsAsync(Result<SavedProfile>.Ok(Saved(1)));
        profiles.Setup(p => p.SaveAsync(Requests.ApplicantA, It.IsAny<EvaluationRequest>(), "\"v1\"", It.IsAny<CancellationToken>())).ReturnsAsync(Result<SavedProfile>.Ok(Saved(2)));

        var created = (await Functions().PutProfile(Requests.Make("PUT", Profile, Requests.ApplicantA))).Api();
        var updated = (await Functions().PutProfile(Requests.Make("PUT", Profile, Requests.ApplicantA, ("If-Match", "\"v1\"")))).Api();

        Assert.Equal((201, "\"v1\""), (created.StatusCode, created.Headers["ETag"]));
        Assert.Equal((200, "\"v2\""), (updated.StatusCode, updated.Headers["ETag"]));
        profiles.Verify(p => p.SaveAsync(Requests.ApplicantA, It.Is<EvaluationRequest>(r => r.Facts["totalInvestment"].Number == 12_000_000m && r.Applicant.Uscc == Requests.UsccA),
            It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_declared_history_is_refused_before_the_use_case()
    {
        var body = Profile.TrimEnd().TrimEnd('}') + """, "history": [] }""";

        (await Functions().PutProfile(Requests.Make("PUT", body, Requests.ApplicantA))).Problem(400, "FieldNotAllowed");
        profiles.VerifyNoOtherCalls();
    }
}
