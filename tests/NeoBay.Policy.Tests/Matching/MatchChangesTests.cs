using NeoBay.Policy.Matching;

namespace NeoBay.Policy.Tests.Matching;

/// <summary>Which changes of a profile's answers are news (push), with figures by hand.</summary>
public sealed class MatchChangesTests
{
    private static readonly ProfileMatcher Matcher = new(new PolicyEngine(PolicyCatalog.LoadEmbedded()));

    [Fact]
    public void A_first_match_makes_every_eligible_and_needs_facts_measure_news()
    {
        var first = Matcher.Match(ProfileMatcherTests.IssueProfile(), []);
        var news = MatchChanges.NewOpportunities(null, first);
        Assert.Equal(12 + 17, news.Count);
        Assert.Contains(news, n => n.Key == "newOpportunity|A02.1|eligible|240000000");
        Assert.Contains(news, n => n.Key == "newOpportunity|A11.2|needsFacts|none");
    }

    [Fact]
    public void The_same_answer_again_is_no_news_and_a_worse_one_neither()
    {
        var first = Matcher.Match(ProfileMatcherTests.IssueProfile(), []);
        Assert.Empty(MatchChanges.NewOpportunities(first, Matcher.Match(ProfileMatcherTests.IssueProfile(), [])));
        // Leaving the zone makes everything ineligible: nothing better.
        Assert.Empty(MatchChanges.NewOpportunities(first, Matcher.Match(ProfileMatcherTests.IssueProfile(inZone: false), [])));
    }

    [Fact]
    public void A_fact_given_or_a_larger_figure_is_news_for_exactly_those_measures()
    {
        var first = Matcher.Match(ProfileMatcherTests.IssueProfile(), []);
        // Status "unicorn" given: A08.1 needsFacts → eligible 4,000,000. Total investment 12,000,000 → 14,000,000:
        // A02.1 and A03.2 2,400,000 → 2,800,000; A07.2 and A10.2 6,000,000 → 7,000,000; A09.1 3,600,000 → 4,200,000;
        // A14.2, A17.1, A17.2 stay at their caps (1,000,000; 3,000,000; 1,000,000).
        var second = Matcher.Match(ProfileMatcherTests.IssueProfile(more: [("status", FactValue.Of("unicorn")), ("totalInvestment", FactValue.Of(14_000_000m))]), []);
        var news = MatchChanges.NewOpportunities(first, second);
        Assert.Equal(["A02.1", "A03.2", "A07.2", "A08.1", "A09.1", "A10.2"], news.Select(n => n.Measure).Order(StringComparer.Ordinal));
        var a081 = news.Single(n => n.Measure == "A08.1");
        Assert.Equal((MatchStatus.Eligible, MatchStatus.NeedsFacts, 4_000_000_00L), (a081.Status, a081.Before!.Value, a081.AmountFen!.Value));
        Assert.Equal("newOpportunity|A02.1|eligible|280000000", news.Single(n => n.Measure == "A02.1").Key);
    }

    [Fact]
    public void A_dated_rate_taking_effect_is_news_on_its_first_day()
    {
        // The test catalog raises A02.1's rate to 25% on 2027-01-01: 12,000,000 × 25% = 3,000,000 (the cap).
        var matcher = new ProfileMatcher(new PolicyEngine(TestCatalogs.With("a02.yaml", DatedValuesTests.SeedRate, DatedValuesTests.DatedRate)));
        var before = matcher.Match(ProfileMatcherTests.IssueProfile(new DateOnly(2026, 12, 31)), []);
        var after = matcher.Match(ProfileMatcherTests.IssueProfile(new DateOnly(2027, 1, 1)), []);
        var news = MatchChanges.NewOpportunities(before, after);
        var a021 = Assert.Single(news);
        Assert.Equal("newOpportunity|A02.1|eligible|300000000", a021.Key);
    }
}
