using NeoBay.Policy.Calculations;
using static NeoBay.Policy.Tests.Calculations.KindTesting;

namespace NeoBay.Policy.Tests.Calculations.TieredCap;

public sealed class TieredCapTests
{
    private static EvaluationRequest A093(string level, decimal requested) => Request("A09.3",
        ("standardLevel", FactValue.Of(level)), ("firstDrafter", FactValue.Of(true)), ("standardPublished", FactValue.Of(true)), ("requestedAmount", FactValue.Of(requested)));

    [Fact]
    public void Loads_the_cap_of_each_tier() =>
        Assert.Equal([("international", 1_000_000_00L), ("national", 500_000_00L), ("industry", 500_000_00L)],
            Assert.IsType<TieredCapParameters>(Measure("A09.3").Calculation).Tiers.Select(t => (t.Tier, t.AmountFen)));

    [Theory]
    [InlineData("national", 800_000, 500_000_00)] // 国家（行业）标准 最高 50 万元
    [InlineData("international", 800_000, 800_000_00)] // 国际标准 最高 100 万元: the request
    public void Pays_the_request_up_to_the_tier_cap(string level, decimal requested, long expectedFen)
    {
        var d = Evaluate(A093(level, requested));
        Assert.Equal(expectedFen, d.AmountFen);
        Assert.Equal(level, d.Tier);
    }

    [Fact]
    public void An_unknown_tier_is_refused() => Assert.Contains(Evaluate(A093("municipal", 1)).Reasons, r => r.Code == "UnknownTier");
}
