using NeoBay.Policy.Matching;

namespace NeoBay.Policy.Tests.Matching;

/// <summary>Which measures trusted facts alone qualify for (免申即享), with amounts computed by hand from POLICY.md.</summary>
public sealed class OfferCandidatesTests
{
    private const string Uscc = "91330100799655058B";
    private static readonly PolicyCatalog Catalog = PolicyCatalog.LoadEmbedded();
    private static readonly PolicyEngine Engine = new(Catalog);
    private static readonly DateOnly March2026 = new(2026, 3, 1);

    private static EvaluationRequest Trusted(ProjectRef? project, bool isSme = false, ApplicantKind kind = ApplicantKind.Enterprise, params (string Fact, FactValue Value)[] facts) =>
        new("", March2026, new Applicant(kind, Uscc, "测试企业", true, isSme), project, facts.ToDictionary(f => f.Fact, f => f.Value), []);

    [Fact]
    public void A08_1_gazelle_is_offered_once_per_applicant_at_2_000_000()
    {
        // A08.1: first time a gazelle enterprise, a fixed 2,000,000 (POLICY.md table); the applicant is the unit (common.13).
        var offers = OfferCandidates.Find(Engine, Trusted(null, facts: ("status", FactValue.Of("gazelle"))), []);
        var offer = Assert.Single(offers);
        Assert.Equal("A08.1", offer.Measure);
        Assert.Equal("applicant", offer.Unit);
        Assert.Equal(2_000_000_00L, offer.AmountFen);
        Assert.Equal("gazelle", offer.Tier);
        Assert.Equal(Uscc, offer.Request.Project!.Key);
    }

    [Fact]
    public void A08_1_is_not_offered_again_once_the_tier_is_held()
    {
        var history = new[] { new PriorAward("A08.1", Uscc, "gazelle", 2_000_000_00L) };
        Assert.Empty(OfferCandidates.Find(Engine, Trusted(null, facts: ("status", FactValue.Of("gazelle"))), history));
        // The unicorn top-up (common.10c difference): 4,000,000 − 2,000,000 = 2,000,000.
        var topUp = Assert.Single(OfferCandidates.Find(Engine, Trusted(null, facts: ("status", FactValue.Of("unicorn"))), history));
        Assert.Equal(2_000_000_00L, topUp.AmountFen);
    }

    [Fact]
    public void A02_1_is_offered_for_the_named_project_at_20_percent_floored_to_the_fen()
    {
        // A02.1: 20% of 12,345,678.91 = 2,469,135.782 → 2,469,135.78 (rule 3, floor; cap 3,000,000 not reached).
        var project = new ProjectRef("CN 31-1234/N", "前沿项目");
        var offers = OfferCandidates.Find(Engine, Trusted(project, facts:
            [("totalInvestment", FactValue.Of(12_345_678.91m)), ("nationalApproval", FactValue.Of(true))]), []);
        var a021 = offers.Single(o => o.Measure == "A02.1");
        Assert.Equal(2_469_135_78L, a021.AmountFen);
        Assert.Equal("project:CN 31-1234/N", a021.Unit);
        Assert.Equal(project, a021.Request.Project);
        // A09.1: 30% → 3,703,703.673 → 3,703,703.67; A14.2: 50% capped at 1,000,000.
        Assert.Equal(3_703_703_67L, offers.Single(o => o.Measure == "A09.1").AmountFen);
        Assert.Equal(1_000_000_00L, offers.Single(o => o.Measure == "A14.2").AmountFen);
        // A project's facts never offer the applicant-level measures (A08.1, A09.4) again.
        Assert.DoesNotContain(offers, o => o.Measure is "A08.1" or "A09.4");
    }

    [Fact]
    public void A13_2_interest_subsidy_is_offered_per_project_and_claimed_year()
    {
        // A13.2: 50% of 345,678.91 = 172,839.455 → 172,839.45 (cap 500,000 a year); the claim year is 2025, the last ended year (common.9).
        var offers = OfferCandidates.Find(Engine, Trusted(new ProjectRef("LOAN-2025", null), facts:
            [("interestPaid", FactValue.Of(345_678.91m)), ("loanType", FactValue.Of("shortTermCredit")), ("repaidOnTime", FactValue.Of(true))]), []);
        var offer = Assert.Single(offers);
        Assert.Equal("A13.2", offer.Measure);
        Assert.Equal(17_283_945L, offer.AmountFen);
        Assert.Equal("project:LOAN-2025|claim:2025", offer.Unit);
        Assert.Equal(2025m, offer.Request.Facts["fiscalYear"].Number);
    }

    [Fact]
    public void A13_2_is_not_offered_when_the_loan_was_not_repaid_on_time()
    {
        var offers = OfferCandidates.Find(Engine, Trusted(new ProjectRef("LOAN-2025", null), facts:
            [("interestPaid", FactValue.Of(345_678.91m)), ("loanType", FactValue.Of("shortTermCredit")), ("repaidOnTime", FactValue.Of(false))]), []);
        Assert.Empty(offers);
    }

    [Fact]
    public void Project_measures_are_not_offered_without_a_named_project()
    {
        var offers = OfferCandidates.Find(Engine, Trusted(null, facts:
            [("totalInvestment", FactValue.Of(12_000_000m)), ("nationalApproval", FactValue.Of(true))]), []);
        Assert.Empty(offers);
    }

    [Fact]
    public void A09_4_voucher_quota_is_offered_to_an_SME_per_fiscal_year()
    {
        // A09.4: an SME's yearly quota, 300,000; no fact beyond the applicant's own (SME, in the zone).
        var offer = Assert.Single(OfferCandidates.Find(Engine, Trusted(null, isSme: true), []));
        Assert.Equal(("A09.4", "year:2026", 300_000_00L), (offer.Measure, offer.Unit, offer.AmountFen));
    }

    [Fact]
    public void Measures_needing_a_declared_fact_or_review_are_never_offered()
    {
        // A01.2 pays up to 2,000,000 upon the approval, but the amount needs requestedAmount: only the applicant can say it.
        var offers = OfferCandidates.Find(Engine, Trusted(null, facts: ("nationalCentreApproved", FactValue.Of(true))), []);
        Assert.DoesNotContain(offers, o => o.Measure == "A01.2");
        Assert.True(Catalog.Facts["requestedAmount"].Declared);
        Assert.False(Catalog.Facts["totalInvestment"].Declared);
        // A01.1 and A20.1 are set by review (rule 6): no amount to offer, whatever the facts.
        var project = OfferCandidates.Find(Engine, Trusted(new ProjectRef("P-1", null), facts: ("totalInvestment", FactValue.Of(1_000_000m))), []);
        Assert.DoesNotContain(project, o => o.Measure is "A01.1" or "A20.1");
    }
}
