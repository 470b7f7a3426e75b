using NeoBay.Policy.Calculations;
using static NeoBay.Policy.Tests.Calculations.KindTesting;

namespace NeoBay.Policy.Tests.Calculations.Proportional;

public sealed class ProportionalTests
{
    [Fact]
    public void Loads_base_rate_cap_and_the_default_stage_plan()
    {
        var p = Assert.IsType<ProportionalParameters>(Measure("A09.1").Calculation);
        Assert.Equal(("totalInvestment", 0.30m, 30_000_000_00L), (p.BaseFact, p.Rate, p.CapFen));
        Assert.Equal([0.5m, 0.5m], p.Stages!.Select(s => s.Share));
        Assert.Null(Assert.IsType<ProportionalParameters>(Measure("A02.1").Calculation).Stages);
    }

    [Fact]
    public void Twenty_percent_of_12_million_is_2_4_million_and_a_smaller_request_wins()
    {
        var d = Evaluate(Request("A02.1", ("totalInvestment", FactValue.Of(12_000_000m)), ("nationalApproval", FactValue.Of(true))));
        Assert.Equal(2_400_000_00, d.AmountFen);
        var asked = Evaluate(Request("A02.1", ("totalInvestment", FactValue.Of(12_000_000m)), ("nationalApproval", FactValue.Of(true)), ("requestedAmount", FactValue.Of(1_000_000m))));
        Assert.Equal(1_000_000_00, asked.AmountFen);
    }

    [Fact]
    public void Staged_thirty_percent_floors_to_the_fen_and_the_last_stage_takes_the_remainder()
    {
        // 30% × 12,345,678.91 = 3,703,703.673 → 3,703,703.67; half = 1,851,851.83 (floored), the rest 1,851,851.84.
        var d = Evaluate(Request("A09.1", ("totalInvestment", FactValue.Of(12_345_678.91m))));
        Assert.Equal(3_703_703_67, d.AmountFen);
        Assert.Equal([(LedgerComponent.Stage(1), 1_851_851_83L, ScheduleTrigger.Approval), (LedgerComponent.Stage(2), 1_851_851_84L, ScheduleTrigger.Acceptance)],
            d.Schedule.Select(l => (l.Part, l.AmountFen!.Value, l.Trigger)));
    }

    [Fact]
    public void A_rate_above_one_is_refused_at_load()
    {
        var ex = Assert.Throws<CatalogException>(() => TestCatalogs.With("a09.yaml", "rate: { value: 0.30, cite: A09.1,", "rate: { value: 1.30, cite: A09.1,"));
        Assert.EndsWith("parameters.rate.value", ex.Field);
    }
}
