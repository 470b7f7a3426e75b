using NeoBay.Policy.Calculations;
using static NeoBay.Policy.Tests.Calculations.KindTesting;

namespace NeoBay.Policy.Tests.Calculations.Cap;

public sealed class CapTests
{
    private static EvaluationRequest A012(decimal requested) =>
        Request("A01.2", ("nationalCentreApproved", FactValue.Of(true)), ("requestedAmount", FactValue.Of(requested)));

    [Fact]
    public void Loads_the_cap_in_fen() => Assert.Equal(new CapParameters(2_000_000_00, null), Measure("A01.2").Calculation);

    [Theory]
    [InlineData(3_000_000, 2_000_000_00)] // 给予最高 200 万元: capped
    [InlineData(1_234_567.89, 1_234_567_89)] // below the cap: what was asked
    public void Pays_the_request_up_to_the_cap(decimal requested, long expectedFen)
    {
        var d = Evaluate(A012(requested));
        Assert.Equal(expectedFen, d.AmountFen);
        Assert.Equal(LedgerComponent.Grant, Assert.Single(d.Schedule).Part);
    }

    [Fact]
    public void A_catalog_without_the_cap_is_refused_naming_the_measure_and_field()
    {
        var ex = Assert.Throws<CatalogException>(() => TestCatalogs.With("a01.yaml", "      cap: { value: 2000000, unit: CNY, cite: A01.2, text: 给予最高 200 万元的奖励 }\n",
            "      stages: { value: default, cite: A01.2, text: 给予最高 200 万元的奖励 }\n"));
        Assert.EndsWith("parameters.cap", ex.Field);
        Assert.Contains("A01.2", ex.Message);
    }
}
