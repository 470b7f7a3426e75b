using NeoBay.Policy.Calculations;
using static NeoBay.Policy.Tests.Calculations.KindTesting;

namespace NeoBay.Policy.Tests.Calculations.Composite;

public sealed class CompositeTests
{
    [Fact]
    public void Loads_both_caps() => Assert.Equal(new CompositeParameters(30_000_000_00, 20_000_000_00), Measure("A04.3").Calculation);

    [Fact]
    public void Start_up_funds_are_the_grant_equity_funds_are_capped_and_not_counted()
    {
        // 启动经费 10,000,000 within 30,000,000; 股权 25,000,000 capped at 20,000,000, an investment.
        var d = Evaluate(Request("A04.3", ("startupNeeds", FactValue.Of(10_000_000m)), ("equityNeeds", FactValue.Of(25_000_000m))));
        Assert.Equal(10_000_000_00, d.AmountFen);
        Assert.Equal([(LedgerComponent.Startup, 10_000_000_00L, true), (LedgerComponent.Equity, 20_000_000_00L, false)],
            d.Schedule.Select(l => (l.Part, l.AmountFen!.Value, l.IsGrant)));
    }

    [Fact]
    public void Without_equity_needs_there_is_no_equity_line() =>
        Assert.Equal(LedgerComponent.Startup, Assert.Single(Evaluate(Request("A04.3", ("startupNeeds", FactValue.Of(40_000_000m)))).Schedule).Part);
}
