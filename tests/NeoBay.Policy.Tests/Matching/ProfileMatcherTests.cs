using System.Text.Json;
using NeoBay.Policy.Matching;

namespace NeoBay.Policy.Tests.Matching;

/// <summary>Matching a profile against every measure, with figures computed by hand from POLICY.md.</summary>
public sealed class ProfileMatcherTests
{
    private const string Uscc = "91330100799655058B";
    private static readonly PolicyCatalog Catalog = PolicyCatalog.LoadEmbedded();
    private static readonly ProfileMatcher Matcher = new(new PolicyEngine(Catalog));
    private static readonly DateOnly March2026 = new(2026, 3, 1);

    /// <summary>The issue's profile: an SME enterprise in the zone, total investment 12,000,000, national approval, computing cost 800,000.</summary>
    internal static EvaluationRequest IssueProfile(DateOnly? on = null, bool inZone = true, params (string Fact, FactValue Value)[] more)
    {
        var facts = new Dictionary<string, FactValue>
        {
            ["totalInvestment"] = FactValue.Of(12_000_000m),
            ["nationalApproval"] = FactValue.Of(true),
            ["computingCost"] = FactValue.Of(800_000m),
        };
        foreach (var (fact, value) in more) facts[fact] = value;
        return new EvaluationRequest("", on ?? March2026, new Applicant(ApplicantKind.Enterprise, Uscc, "测试企业", inZone, true), null, facts, []);
    }

    private static MeasureMatch Item(MatchResult result, string code) => result.Items.Single(i => i.Measure.Code == code);

    [Fact]
    public void Every_measure_of_the_catalog_gets_one_answer()
    {
        var result = Matcher.Match(IssueProfile(), []);
        Assert.Equal(Catalog.Measures.Select(m => m.Code).Order(StringComparer.Ordinal), result.Items.Select(i => i.Measure.Code).Order(StringComparer.Ordinal));
        Assert.Equal(36, result.Items.Count);
        Assert.Equal(result.Items.Count, result.Eligible + result.NeedsFacts + result.Ineligible);
    }

    [Theory]
    // 20% of 12,000,000 = 2,400,000 (cap 3,000,000): A02.1 and A03.2.
    [InlineData("A02.1", 2_400_000_00L)]
    [InlineData("A03.2", 2_400_000_00L)]
    // 50% of 12,000,000 = 6,000,000 (caps 50,000,000 and 10,000,000).
    [InlineData("A07.2", 6_000_000_00L)]
    [InlineData("A10.2", 6_000_000_00L)]
    // 30% of 12,000,000 = 3,600,000 (cap 30,000,000).
    [InlineData("A09.1", 3_600_000_00L)]
    // 50% of 12,000,000 = 6,000,000 → cap 1,000,000 (A14.2) and 3,000,000 (A17.1); 30% → cap 1,000,000 (A17.2).
    [InlineData("A14.2", 1_000_000_00L)]
    [InlineData("A17.1", 3_000_000_00L)]
    [InlineData("A17.2", 1_000_000_00L)]
    // A09.4: an SME's yearly voucher quota, 300,000.
    [InlineData("A09.4", 300_000_00L)]
    // A10.3: 30% of 800,000 = 240,000 for fiscal year 2025 (cap 5,000,000 a year).
    [InlineData("A10.3", 240_000_00L)]
    public void Eligible_measures_pay_what_a_quote_computes(string code, long fen)
    {
        var item = Item(Matcher.Match(IssueProfile(), []), code);
        Assert.Equal(MatchStatus.Eligible, item.Status);
        Assert.Equal(fen, item.AmountFen);
        Assert.Empty(item.MissingFacts);
    }

    [Fact]
    public void The_summary_counts_and_adds_up_the_eligible_amounts()
    {
        var result = Matcher.Match(IssueProfile(), []);
        // 2.4M + 2.4M + 6M + 6M + 3.6M + 1M + 3M + 1M + 0.3M + 0.24M = 25,940,000; A01.1 and A20.1 are set by review.
        Assert.Equal(12, result.Eligible);
        Assert.Equal(25_940_000_00L, result.EligibleAmountFen);
        Assert.Null(Item(result, "A01.1").AmountFen);
        Assert.Contains(Item(result, "A20.1").Reasons, r => r.Code == Reasons.DeterminedByReviewCode);
    }

    [Fact]
    public void Order_is_eligible_by_amount_then_needs_facts_by_most_it_could_pay_then_ineligible()
    {
        var result = Matcher.Match(IssueProfile(), []);
        var eligible = result.Items.TakeWhile(i => i.Status == MatchStatus.Eligible).Select(i => i.Measure.Code);
        Assert.Equal(["A07.2", "A10.2", "A09.1", "A17.1", "A02.1", "A03.2", "A14.2", "A17.2", "A09.4", "A10.3", "A01.1", "A20.1"], eligible);
        var needs = result.Items.SkipWhile(i => i.Status == MatchStatus.Eligible).TakeWhile(i => i.Status == MatchStatus.NeedsFacts).ToList();
        Assert.Equal(result.NeedsFacts, needs.Count);
        // A05.1: construction 20,000,000 + operating 10,000,000 × 3 = 50,000,000 is the largest; A11.2 (no cap) last.
        Assert.Equal("A05.1", needs[0].Measure.Code);
        Assert.Equal(50_000_000_00L, needs[0].MaxAmountFen);
        Assert.Equal("A11.2", needs[^1].Measure.Code);
        Assert.Null(needs[^1].MaxAmountFen);
        var known = needs.Where(i => i.MaxAmountFen is not null).Select(i => i.MaxAmountFen!.Value).ToList();
        Assert.Equal(known.OrderDescending(), known);
        Assert.All(result.Items.Skip(result.Eligible + result.NeedsFacts), i => Assert.Equal(MatchStatus.Ineligible, i.Status));
    }

    [Theory]
    // Money: A04.4 needs the conversion cost; 50%, at most 10,000,000.
    [InlineData("A04.4", "conversionCost", "money", "科技成果转化费用", "technology conversion cost", 10_000_000_00L)]
    // Flags: A06.3 needs both recognitions; 100,000 once.
    [InlineData("A06.3", "founderIsFacultyOrStudent", "flag", "由高校师生创办", "founded by university faculty or students", 100_000_00L)]
    // Choice: A08.1 needs the status; the unicorn tier pays 4,000,000.
    [InlineData("A08.1", "status", "choice", "首次达标称号", "status first reached", 4_000_000_00L)]
    // Persons: A11.2 pays per person, so the most it could pay is unknown.
    [InlineData("A11.2", "persons", "persons", "人员名单", "persons", null)]
    public void Needs_facts_names_each_kind_of_missing_fact_and_the_most_it_could_pay(string code, string fact, string type, string zh, string en, long? maxFen)
    {
        var item = Item(Matcher.Match(IssueProfile(), []), code);
        Assert.Equal(MatchStatus.NeedsFacts, item.Status);
        var missing = Assert.Single(item.MissingFacts, f => f.Name == fact);
        Assert.Equal(type, JsonNamingPolicy.CamelCase.ConvertName(missing.Type.ToString()));
        Assert.Equal(zh, missing.Zh);
        Assert.Equal(en, missing.En);
        Assert.Equal(maxFen, item.MaxAmountFen);
        Assert.Null(item.AmountFen);
        Assert.All(item.Reasons, r => Assert.Equal(Reasons.MissingFactCode, r.Code));
    }

    [Fact]
    public void Needs_facts_lists_exactly_the_missing_facts_and_not_the_given_or_optional_ones()
    {
        var result = Matcher.Match(IssueProfile(), []);
        // A01.2 (cap 2,000,000) needs its recognition and the amount requested.
        Assert.Equal(["nationalCentreApproved", "requestedAmount"], Item(result, "A01.2").MissingFacts.Select(f => f.Name));
        Assert.Equal(2_000_000_00L, Item(result, "A01.2").MaxAmountFen);
        // A13.2: interest, loan type and repayment; fiscalYear is optional (common.9 defaults it).
        Assert.Equal(["interestPaid", "loanType", "repaidOnTime"], Item(result, "A13.2").MissingFacts.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(500_000_00L, Item(result, "A13.2").MaxAmountFen);
        // A04.3: start-up funds up to 30,000,000; equity is optional and an investment, not a grant.
        Assert.Equal(["startupNeeds"], Item(result, "A04.3").MissingFacts.Select(f => f.Name));
        Assert.Equal(30_000_000_00L, Item(result, "A04.3").MaxAmountFen);
        // A16.3: start-up 5,000,000 + first operating year 2,000,000; later years are claims.
        Assert.Equal(7_000_000_00L, Item(result, "A16.3").MaxAmountFen);
    }

    [Fact]
    public void A_given_figure_bounds_the_most_it_could_pay()
    {
        // A02.1 without the approval, with 12,000,000 given: at most 20% of it, 2,400,000, not the 3,000,000 cap.
        var profile = IssueProfile();
        profile = profile with { Facts = profile.Facts.Where(f => f.Key != "nationalApproval").ToDictionary() };
        var item = Item(Matcher.Match(profile, []), "A02.1");
        Assert.Equal(MatchStatus.NeedsFacts, item.Status);
        Assert.Equal(["nationalApproval"], item.MissingFacts.Select(f => f.Name));
        Assert.Equal(2_400_000_00L, item.MaxAmountFen);
    }

    [Fact]
    public void A_false_recognition_rules_the_measure_out_with_its_reason()
    {
        var result = Matcher.Match(IssueProfile(more: ("nationalApproval", FactValue.Of(false))), []);
        var item = Item(result, "A02.1");
        Assert.Equal(MatchStatus.Ineligible, item.Status);
        Assert.Contains(item.Reasons, r => r.Code == Reasons.RequiredFlagNotSetCode);
        Assert.Null(item.MaxAmountFen);
    }

    [Fact]
    public void A_given_fact_rules_out_a_measure_even_when_others_are_missing()
    {
        // A13.2 with loanType "other": interest and repayment are still missing, but no answer to them could help.
        var item = Item(Matcher.Match(IssueProfile(more: ("loanType", FactValue.Of("other"))), []), "A13.2");
        Assert.Equal(MatchStatus.Ineligible, item.Status);
        Assert.Empty(item.MissingFacts);
        Assert.Contains(item.Reasons, r => r.Code == Reasons.RequiredFlagNotSetCode);
    }

    [Fact]
    public void The_applicant_kind_rules_out_measures_for_others()
    {
        var result = Matcher.Match(IssueProfile(), []);
        foreach (var code in new[] { "A03.1", "A05.2", "A06.1", "A06.2", "A16.2", "A16.4", "A19.3" })
        {
            var item = Item(result, code);
            Assert.Equal(MatchStatus.Ineligible, item.Status);
            Assert.Equal(Reasons.ApplicantKindNotAllowedCode, Assert.Single(item.Reasons).Code);
        }
        Assert.Equal(7, result.Ineligible);
        Assert.Equal(17, result.NeedsFacts);
    }

    [Fact]
    public void Outside_the_zone_or_the_validity_every_measure_is_ineligible()
    {
        var outside = Matcher.Match(IssueProfile(inZone: false), []);
        Assert.All(outside.Items, i => Assert.Contains(i.Reasons, r => r.Code == Reasons.OutsideZoneCode));
        Assert.Equal(36, outside.Ineligible);
        // common.1: the last day is 2029-07-10.
        Assert.Equal(12, Matcher.Match(IssueProfile(new DateOnly(2029, 7, 10)), []).Eligible);
        var late = Matcher.Match(IssueProfile(new DateOnly(2029, 7, 11)), []);
        Assert.All(late.Items, i => Assert.Equal(Reasons.PolicyExpiredCode, Assert.Single(i.Reasons).Code));
        Assert.Equal(0L, late.EligibleAmountFen);
    }

    [Fact]
    public void History_a_gazelle_held_leaves_the_unicorn_top_up()
    {
        // common.10 (c): 4,000,000 − 2,000,000 held = 2,000,000.
        var item = Item(Matcher.Match(IssueProfile(), [new PriorAward("A08.1", Uscc, "gazelle", 2_000_000_00L)]), "A08.1");
        Assert.Equal(MatchStatus.NeedsFacts, item.Status);
        Assert.Equal(2_000_000_00L, item.MaxAmountFen);
    }

    [Fact]
    public void History_an_awarded_top_tier_becomes_ineligible()
    {
        var anonymous = Item(Matcher.Match(IssueProfile(), []), "A08.1");
        Assert.Equal(MatchStatus.NeedsFacts, anonymous.Status);
        var held = Item(Matcher.Match(IssueProfile(), [new PriorAward("A08.1", Uscc, "unicorn", 4_000_000_00L)]), "A08.1");
        Assert.Equal(MatchStatus.Ineligible, held.Status);
        Assert.Contains(held.Reasons, r => r.Code == Reasons.AlreadyAwardedCode);
        // Given the tier already held: ineligible too.
        var given = Item(Matcher.Match(IssueProfile(more: ("status", FactValue.Of("gazelle"))), [new PriorAward("A08.1", Uscc, "gazelle", 2_000_000_00L)]), "A08.1");
        Assert.Equal(MatchStatus.Ineligible, given.Status);
    }

    [Fact]
    public void History_a_year_already_claimed_or_a_fixed_award_held_is_ineligible()
    {
        var result = Matcher.Match(IssueProfile(), [new PriorAward("A10.3", null, null, 240_000_00L, 2025), new PriorAward("A06.3", null, null, 100_000_00L)]);
        Assert.Equal(Reasons.AlreadyClaimedCode, Assert.Single(Item(result, "A10.3").Reasons).Code);
        Assert.Equal(MatchStatus.Ineligible, Item(result, "A06.3").Status);
        Assert.Equal(25_700_000_00L, result.EligibleAmountFen);
    }

    [Fact]
    public void Other_support_declared_is_deducted()
    {
        // common.10 (b): A14.2 computes 1,000,000, less 400,000 declared = 600,000.
        var profile = IssueProfile() with { OtherSupport = [new OtherSupport("某市级政策", 400_000_00L)] };
        Assert.Equal(600_000_00L, Item(Matcher.Match(profile, []), "A14.2").AmountFen);
    }

    [Fact]
    public void The_values_in_force_on_the_submission_date_apply()
    {
        // A test catalog raises A02.1's rate to 25% on 2027-01-01: 25% of 12,000,000 = 3,000,000.
        var matcher = new ProfileMatcher(new PolicyEngine(TestCatalogs.With("a02.yaml", DatedValuesTests.SeedRate, DatedValuesTests.DatedRate)));
        Assert.Equal(2_400_000_00L, Item(matcher.Match(IssueProfile(new DateOnly(2026, 12, 31)), []), "A02.1").AmountFen);
        Assert.Equal(3_000_000_00L, Item(matcher.Match(IssueProfile(new DateOnly(2027, 1, 1)), []), "A02.1").AmountFen);
    }
}
