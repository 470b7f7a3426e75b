namespace NeoBay.Policy.Tests;

public class LedgerComponentTests
{
    [Theory]
    [InlineData("grant", ComponentKind.Grant, 0, 0)]
    [InlineData("stage-2", ComponentKind.Stage, 2, 0)]
    [InlineData("construction", ComponentKind.Construction, 0, 0)]
    [InlineData("operating-3", ComponentKind.Operating, 3, 0)]
    [InlineData("startup", ComponentKind.Startup, 0, 0)]
    [InlineData("equity", ComponentKind.Equity, 0, 0)]
    [InlineData("claim-2024", ComponentKind.Claim, 2024, 0)]
    [InlineData("claim-2150", ComponentKind.Claim, 2150, 0)]
    [InlineData("person-1-year-3", ComponentKind.PersonYear, 1, 3)]
    [InlineData("person-40-year-12", ComponentKind.PersonYear, 40, 12)]
    [InlineData("person-2-once", ComponentKind.PersonOnce, 2, 0)]
    [InlineData("person-3-completion", ComponentKind.PersonCompletion, 3, 0)]
    [InlineData("quota", ComponentKind.Quota, 0, 0)]
    [InlineData("redemption", ComponentKind.Redemption, 0, 0)]
    public void Storage_text_round_trips(string text, ComponentKind kind, int number, int year)
    {
        Assert.True(LedgerComponent.TryParse(text, out var c));
        Assert.Equal(new LedgerComponent(kind, number, year), c);
        Assert.Equal(text, c.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("stage-0")]
    [InlineData("stage-01")]
    [InlineData("operating-")]
    [InlineData("person-1")]
    [InlineData("person-1-year-")]
    [InlineData("person-x-once")]
    [InlineData("Grant")]
    [InlineData("quota-2025")]
    public void Other_text_is_not_a_component(string text) => Assert.False(LedgerComponent.TryParse(text, out _));

    [Fact]
    public void Person_is_known_only_for_person_components()
    {
        Assert.Equal(4, LedgerComponent.Parse("person-4-year-2").Person);
        Assert.Equal(4, LedgerComponent.Parse("person-4-completion").Person);
        Assert.Null(LedgerComponent.Parse("operating-2").Person);
    }

    [Fact]
    public void Schedule_lines_of_the_engine_carry_typed_components()
    {
        var d = Calculations.KindTesting.Evaluate(Calculations.KindTesting.Request("A09.1", ("totalInvestment", FactValue.Of(1_000_000m))));
        Assert.True(d.Eligible);
        Assert.Equal([LedgerComponent.Stage(1), LedgerComponent.Stage(2)], d.Schedule.Select(l => l.Part));
    }

    [Fact]
    public void A_schedule_line_serialises_its_component_as_the_storage_text_only()
    {
        var line = ScheduleLine.For(2026, 1, LedgerComponent.PersonYear(2, 2), ScheduleTrigger.Renewal, 30_000_00);
        var json = System.Text.Json.JsonSerializer.Serialize(line);
        Assert.Contains("\"Component\":\"person-2-year-2\"", json);
        Assert.DoesNotContain("Part", json);
        Assert.Equal(line, System.Text.Json.JsonSerializer.Deserialize<ScheduleLine>(json));
    }

    [Theory]
    [InlineData(ApplicantKind.Team, "team")]
    [InlineData(ApplicantKind.Enterprise, "sme")]
    public void Holder_kinds_keep_their_stored_names(ApplicantKind kind, string name)
    {
        Assert.Equal(name, HolderKinds.NameOf(kind));
        Assert.Equal(kind, HolderKinds.ApplicantKindOf(name));
    }
}
