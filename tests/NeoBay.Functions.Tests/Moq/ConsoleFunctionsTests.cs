using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NeoBay.Functions.Console;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Overview;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class ConsoleFunctionsTests
{
    private static readonly Lazy<ConsoleAssets> Assets = new(() => new ConsoleAssets());
    private readonly Mock<IOverviewUseCase> overview = new(MockBehavior.Strict);
    private readonly Mock<IApplicationHistoryUseCase> history = new(MockBehavior.Strict);

    private ConsoleFunctions Functions(bool offersTokens = false, AuthSettings? auth = null) =>
        new(Assets.Value, new ConsoleOptions(offersTokens, null), overview.Object, history.Object, auth ?? DevelopmentTokens.Settings, new TokenClock(new FakeTimeProvider(Triggers.Instant)));

    [Fact]
    public void A_console_file_is_served_with_the_consoles_policy_and_an_unknown_one_is_404()
    {
        var file = Assert.IsType<ConsoleFileResult>(Functions().ConsoleFile(Requests.Make(), "index.html"));

        Assert.Equal("index.html", file.Asset.Path);
        Functions().ConsoleFile(Requests.Make(), "nothing-here.js").Problem(404, "NotFound");
        Assert.IsType<RedirectResult>(Functions().ConsoleFile(PathOf("/api/console"), null));
    }

    private static Microsoft.AspNetCore.Http.HttpRequest PathOf(string path)
    {
        var req = Requests.Make();
        req.Path = path;
        return req;
    }

    [Fact]
    public void Development_tokens_are_offered_only_when_allowed_and_signed_with_the_development_key()
    {
        var offered = Functions(offersTokens: true).ConsoleSettings(Requests.Make()).Api();
        var refused = Functions(offersTokens: true, auth: new AuthSettings("i", "a", new string('k', 64))).ConsoleSettings(Requests.Make()).Json();

        Assert.Equal("no-store", offered.Headers["Cache-Control"]);
        Assert.Equal(["reviewer", "admin"], offered.JsonBody().GetProperty("developmentTokens").EnumerateArray().Select(t => t.GetProperty("role").GetString()));
        Assert.Equal(Triggers.Instant + ConsoleFunctions.DevelopmentTokenLifetime, offered.JsonBody().GetProperty("developmentTokens")[0].GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(0, refused.GetProperty("developmentTokens").GetArrayLength());
    }

    [Fact]
    public async Task The_overview_names_statuses_on_the_wire_and_amounts_in_yuan()
    {
        overview.Setup(o => o.GetAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new ProgrammeOverview(
            new Dictionary<ApplicationStatus, int> { [ApplicationStatus.EvaluationFailed] = 1, [ApplicationStatus.Approved] = 2 },
            [new MeasureYearTotal("A09.1", 2026, 2, 37_037_037)], [new MonthDecisions("2026-11", 2, 1)]));

        var body = (await Functions().GetOverview(Requests.Make(caller: Requests.Reviewer))).Json();

        Assert.Equal((1, 2), (body.GetProperty("statuses").GetProperty("evaluationFailed").GetInt32(), body.GetProperty("statuses").GetProperty("approved").GetInt32()));
        Assert.Equal("370370.37", body.GetProperty("grants")[0].GetProperty("amount").GetRawText());
        Assert.Equal(("2026-11", 1), (body.GetProperty("months")[0].GetProperty("month").GetString(), body.GetProperty("months")[0].GetProperty("rejected").GetInt32()));
    }

    [Fact]
    public async Task An_applications_history_lists_its_audit_lines_and_an_unknown_application_is_404()
    {
        history.Setup(h => h.GetAsync("A1", It.IsAny<CancellationToken>()))
            .ReturnsAsync([new AuditEntry("A1", 1, Triggers.Instant, "reviewer-1", "decided", "预算") { From = "eligible", To = "approved" }]);
        history.Setup(h => h.GetAsync("A2", It.IsAny<CancellationToken>())).ReturnsAsync((IReadOnlyList<AuditEntry>?)null);

        var line = (await Functions().GetApplicationHistory(Requests.Make(caller: Requests.Reviewer), "A1")).Json().GetProperty("items")[0];

        Assert.Equal(("reviewer-1", "decided", "eligible", "approved"),
            (line.GetProperty("who").GetString(), line.GetProperty("what").GetString(), line.GetProperty("from").GetString(), line.GetProperty("to").GetString()));
        (await Functions().GetApplicationHistory(Requests.Make(caller: Requests.Reviewer), "A2")).Problem(404, "NotFound");
    }
}
