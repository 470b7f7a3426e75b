using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NeoBay.Functions.Http;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Ledger;
using NeoBay.Policy;

namespace NeoBay.Functions.Tests.Http;

public sealed class CatalogAndGrantsFunctionsTests
{
    private static readonly Lazy<IPolicyEngine> Engine = new(() => new PolicyEngine(PolicyCatalog.LoadEmbedded()));
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));

    private CatalogFunctions Catalog() => new(Engine.Value, clock);

    [Fact]
    public void The_catalog_has_an_ETag_and_answers_304_to_it()
    {
        var first = Catalog().ListMeasures(Requests.Make()).Api();
        var again = Catalog().ListMeasures(Requests.Make(headers: ("If-None-Match", first.Headers["ETag"]))).Api();

        Assert.Equal(200, first.StatusCode);
        Assert.Equal(304, again.StatusCode);
        Assert.Equal(first.Headers["ETag"], again.Headers["ETag"]);
    }

    [Fact]
    public void One_measure_is_cacheable_and_an_unknown_one_is_404()
    {
        var measure = Catalog().GetMeasure(Requests.Make(), "A02.1").Api();
        Assert.Equal(200, measure.StatusCode);
        Assert.Equal(304, Catalog().GetMeasure(Requests.Make(headers: ("If-None-Match", measure.Headers["ETag"])), "A02.1").Api().StatusCode);

        Catalog().GetMeasure(Requests.Make(), "Z99.9").Problem(404, "UnknownMeasure");
    }

    [Fact]
    public void The_catalog_bodies_are_built_once_not_per_invocation()
    {
        // A function class is created per invocation: the bodies and their ETags must outlive it.
        Assert.Same(Catalog().ListMeasures(Requests.Make()).Api().Body, Catalog().ListMeasures(Requests.Make()).Api().Body);
        Assert.Same(Catalog().GetMeasure(Requests.Make(), "A02.1").Api().Body, Catalog().GetMeasure(Requests.Make(), "A02.1").Api().Body);
    }

    [Fact]
    public async Task A_quote_of_A021_on_12_000_000_is_2_400_000_00_and_nothing_else_is_needed()
    {
        var body = await Catalog().Quote(Requests.Make("POST", Requests.A021Body()));

        Assert.Equal("2400000.00", body.Json().GetProperty("amount").GetRawText());
    }

    [Fact]
    public async Task An_array_of_quotes_answers_in_order_with_errors_in_place()
    {
        var body = (await Catalog().Quote(Requests.Make("POST", $"[{Requests.A021Body()}, {{\"measure\": \"Z99.9\"}}]"))).Json();

        Assert.Equal(2, body.GetArrayLength());
        Assert.True(body[0].GetProperty("eligible").GetBoolean());
        Assert.Equal("UnknownMeasure", body[1].GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_single_invalid_quote_is_a_400_problem()
    {
        (await Catalog().Quote(Requests.Make("POST", """{"measure": "Z99.9"}"""))).Problem(400, "UnknownMeasure");
    }

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
}
