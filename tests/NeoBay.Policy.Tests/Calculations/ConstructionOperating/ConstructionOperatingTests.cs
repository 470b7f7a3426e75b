using NeoBay.Policy.Calculations;
using static NeoBay.Policy.Tests.Calculations.KindTesting;

namespace NeoBay.Policy.Tests.Calculations.ConstructionOperating;

public sealed class ConstructionOperatingTests
{
    [Fact]
    public void Loads_caps_and_years() =>
        Assert.Equal(new ConstructionOperatingParameters(20_000_000_00, 10_000_000_00, 3), Measure("A05.1").Calculation);

    [Fact]
    public void Construction_capped_at_20_million_plus_three_operating_years_of_8_million()
    {
        var d = Evaluate(Request("A05.1", ("constructionNeeds", FactValue.Of(25_000_000m)), ("operatingNeeds", FactValue.Of(8_000_000m))));
        Assert.Equal(44_000_000_00, d.AmountFen); // 20,000,000 + 3 × 8,000,000
        Assert.Equal([
            (LedgerComponent.Construction, 2025, ScheduleTrigger.Approval, 20_000_000_00L),
            (LedgerComponent.Operating(1), 2025, ScheduleTrigger.Approval, 8_000_000_00L),
            (LedgerComponent.Operating(2), 2026, ScheduleTrigger.Renewal, 8_000_000_00L),
            (LedgerComponent.Operating(3), 2027, ScheduleTrigger.Renewal, 8_000_000_00L)],
            d.Schedule.Select(l => (l.Part, l.FiscalYear, l.Trigger, l.AmountFen!.Value)));
    }

    [Fact]
    public void Operating_years_outside_1_to_10_are_refused_at_load()
    {
        var ex = Assert.Throws<CatalogException>(() => TestCatalogs.With("a05.yaml", "operatingYears: { value: 3, cite: A05.1,", "operatingYears: { value: 11, cite: A05.1,"));
        Assert.EndsWith("parameters.operatingYears.value", ex.Field);
    }
}
