using Microsoft.Extensions.Time.Testing;
using Moq;
using NeoBay.Functions.Http;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Common;
using NeoBay.Policy;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class CatalogFunctionsTests
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
    public void Health_counts_the_engines_measures_at_the_clocks_time()
    {
        var engine = new Mock<IPolicyEngine>(MockBehavior.Strict);
        engine.Setup(e => e.Catalog).Returns(Engine.Value.Catalog);

        var body = new CatalogFunctions(engine.Object, clock).Health(Requests.Make()).Json();

        Assert.Equal(("ok", Engine.Value.Catalog.Measures.Count), (body.GetProperty("status").GetString(), body.GetProperty("measures").GetInt32()));
        Assert.Equal(clock.GetUtcNow(), body.GetProperty("time").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_quote_hands_the_engine_the_parsed_request_dated_today_in_CST_and_answers_its_decision_in_yuan()
    {
        var engine = new Mock<IPolicyEngine>(MockBehavior.Strict);
        engine.Setup(e => e.Catalog).Returns(Engine.Value.Catalog);
        engine.Setup(e => e.Evaluate(It.IsAny<EvaluationRequest>(), It.IsAny<IReadOnlyList<PriorAward>>()))
            .Returns(new Decision("A02.1", true, 123_456_789, [], [new ScheduleLine(2026, 0, "grant", ScheduleTrigger.Approval, 123_456_789)], []));

        var body = (await new CatalogFunctions(engine.Object, clock).Quote(Requests.Make("POST", Requests.A021Body()))).Json();

        Assert.Equal("1234567.89", body.GetProperty("amount").GetRawText());
        engine.Verify(e => e.Evaluate(It.Is<EvaluationRequest>(r => r.Measure == "A02.1" && r.SubmittedOn == new DateOnly(2026, 11, 26)
            && r.Facts["totalInvestment"].Number == 12_000_000m && r.Applicant.Uscc == Requests.UsccA), It.Is<IReadOnlyList<PriorAward>>(h => h.Count == 0)), Times.Once);
    }
}
