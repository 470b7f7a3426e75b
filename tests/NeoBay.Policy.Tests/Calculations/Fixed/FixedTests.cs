using NeoBay.Policy.Calculations;
using static NeoBay.Policy.Tests.Calculations.KindTesting;

namespace NeoBay.Policy.Tests.Calculations.Fixed;

public sealed class FixedTests
{
    private static EvaluationRequest A063() =>
        Request("A06.3", ("founderIsFacultyOrStudent", FactValue.Of(true)), ("inCarrier", FactValue.Of(true)));

    [Fact]
    public void Loads_the_amount_in_fen() => Assert.Equal(new FixedParameters(100_000_00), Measure("A06.3").Calculation);

    [Fact]
    public void Pays_100_000_once_per_applicant()
    {
        Assert.Equal(100_000_00, Evaluate(A063()).AmountFen);
        var again = Evaluate(A063() with { Project = new ProjectRef("another", null) }, new PriorAward("A06.3", "P-1", null, 100_000_00));
        Assert.False(again.Eligible);
        Assert.Contains(again.Reasons, r => r.Code == "AlreadyAwarded");
    }

    [Fact]
    public void A_parameter_of_another_kind_is_refused_naming_the_measure()
    {
        var ex = Assert.Throws<CatalogException>(() => TestCatalogs.With("a06.yaml", "      amount: { value: 100000, unit: CNY, cite: A06.3,",
            "      cap: { value: 5, unit: CNY, cite: A06.3, text: x }\n      amount: { value: 100000, unit: CNY, cite: A06.3,"));
        Assert.EndsWith("parameters.cap", ex.Field);
        Assert.Contains("A06.3", ex.Message);
    }
}
