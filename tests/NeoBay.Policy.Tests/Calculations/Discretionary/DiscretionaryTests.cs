using NeoBay.Policy.Calculations;
using static NeoBay.Policy.Tests.Calculations.KindTesting;

namespace NeoBay.Policy.Tests.Calculations.Discretionary;

public sealed class DiscretionaryTests
{
    [Fact]
    public void Loads_without_parameters() => Assert.IsType<DiscretionaryParameters>(Measure("A01.1").Calculation);

    [Fact]
    public void The_reviewer_sets_the_amount_one_grant_line_without_amount()
    {
        var d = Evaluate(Request("A01.1"));
        Assert.True(d.Eligible, string.Join(", ", d.Reasons.Select(r => r.Code)));
        Assert.True(d.Discretionary);
        Assert.Null(d.AmountFen);
        var line = Assert.Single(d.Schedule);
        Assert.Equal(LedgerComponent.Grant, line.Part);
        Assert.Null(line.AmountFen);
        Assert.Contains(d.Reasons, r => r.Code == "DeterminedByReview");
    }

    [Fact]
    public void The_same_project_twice_is_refused() =>
        Assert.Contains(Evaluate(Request("A01.1"), new PriorAward("A01.1", "P-1", null, 100_00)).Reasons, r => r.Code == "AlreadyAwarded");
}
