using NeoBay.Policy.Calculations;
using static NeoBay.Policy.Tests.Calculations.KindTesting;

namespace NeoBay.Policy.Tests.Calculations.TieredFixed;

public sealed class TieredFixedTests
{
    private static EvaluationRequest A081(string status) => Request("A08.1", ("status", FactValue.Of(status)));

    [Fact]
    public void Loads_the_ladder_per_applicant()
    {
        var p = Assert.IsType<TieredFixedParameters>(Measure("A08.1").Calculation);
        Assert.Equal(("status", false), (p.TierFact, p.PerProject));
        Assert.Equal([("gazelle", 2_000_000_00L, 1), ("unicorn", 4_000_000_00L, 2)], p.Tiers.Select(t => (t.Tier, t.AmountFen, t.Rank)));
        Assert.True(Assert.IsType<TieredFixedParameters>(Measure("A16.4").Calculation).PerProject);
    }

    [Fact]
    public void A_first_unicorn_pays_4_million_after_a_gazelle_the_2_million_difference()
    {
        Assert.Equal(4_000_000_00, Evaluate(A081("unicorn")).AmountFen);
        var topUp = Evaluate(A081("unicorn"), new PriorAward("A08.1", ApplicantUscc, "gazelle", 2_000_000_00));
        Assert.Equal(2_000_000_00, topUp.AmountFen);
        Assert.Contains(topUp.Reasons, r => r.Code == "TopUp");
    }

    [Fact]
    public void A_tier_at_or_below_one_held_is_refused()
    {
        var d = Evaluate(A081("gazelle"), new PriorAward("A08.1", ApplicantUscc, "unicorn", 4_000_000_00));
        Assert.False(d.Eligible);
        Assert.Contains(d.Reasons, r => r.Code == "AlreadyAwarded");
    }
}
