namespace NeoBay.Policy.Tests;

/// <summary>Engine rules checked directly on the contract types, with hand-computed figures.</summary>
public sealed class EngineRuleTests
{
    private static readonly PolicyCatalog Catalog = PolicyCatalog.LoadEmbedded();
    private static readonly PolicyEngine Engine = new(Catalog);
    private const string Uscc = "91330100799655058B";

    private static EvaluationRequest Request(string measure, ApplicantKind kind, params (string Fact, FactValue Value)[] facts) =>
        new(measure, new DateOnly(2025, 6, 1), new Applicant(kind, Uscc, null, true, false), new ProjectRef("P-1", null),
            facts.ToDictionary(f => f.Fact, f => f.Value), []);

    private static MeasureDefinition Measure(string code) => Catalog.TryGet(code, out var m) ? m : throw new InvalidOperationException(code);

    [Fact]
    public void Every_trace_step_cites_its_measure_or_a_common_rule()
    {
        foreach (var m in Catalog.Measures)
        {
            var d = Engine.Evaluate(PropertyTests.Typical(m, 1_000_000_00L, 100_00L), []);
            Assert.NotEmpty(d.Trace);
            Assert.All(d.Trace, t => Assert.True(t.Article == m.Code || t.Article.StartsWith("common.", StringComparison.Ordinal), $"{m.Code}: {t.Rule} cites {t.Article}"));
            Assert.Contains(d.Trace, t => t.Article == "common.1");
            Assert.Contains(d.Trace, t => t.Article == "common.2");
        }
    }

    [Fact]
    public void Without_trace_the_decision_is_the_same_but_carries_no_steps()
    {
        var r = Request("A09.1", ApplicantKind.Enterprise, ("totalInvestment", FactValue.Of(12345678.91m)));
        var with = Engine.Evaluate(r, []);
        var without = Engine.Evaluate(r, [], includeTrace: false);
        Assert.Empty(without.Trace);
        Assert.Equal(with.AmountFen, without.AmountFen);
        Assert.Equal(with.Schedule, without.Schedule);
        // 30% of 12,345,678.91 = 3,703,703.673 → 3,703,703.67; stages 1,851,851.83 + 1,851,851.84.
        Assert.Equal(370_370_367L, with.AmountFen);
        Assert.Equal([185_185_183L, 185_185_184L], with.Schedule.Select(l => l.AmountFen!.Value));
    }

    [Fact]
    public void The_proportional_trace_carries_the_figures_used()
    {
        var d = Engine.Evaluate(Request("A02.1", ApplicantKind.Enterprise, ("totalInvestment", FactValue.Of(1234567.89m)), ("nationalApproval", FactValue.Of(true))), []);
        var step = Assert.Single(d.Trace, t => t.Rule == "proportional");
        Assert.Equal("A02.1", step.Article);
        var figures = step.Figures.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal("1234567.89", figures["totalInvestment"]);
        Assert.Equal("20%", figures["rate"]);
        Assert.Equal("246913.57", figures["rateTimesBase"]);
        Assert.Equal("3000000.00", figures["cap"]);
        Assert.Equal("246913.57", figures["amount"]);
    }

    [Fact]
    public void The_staged_split_of_246913_57_is_123456_78_and_123456_79()
    {
        // A04.4 at 50%: a conversion cost of 493,827.14 yuan gives 246,913.57 yuan.
        var d = Engine.Evaluate(Request("A04.4", ApplicantKind.Enterprise, ("conversionCost", FactValue.Of(493827.14m))), []);
        Assert.Equal(24_691_357L, d.AmountFen);
        Assert.Equal(new ScheduleLine(2025, 0, "stage-1", ScheduleTrigger.Approval, 12_345_678L, 1), d.Schedule[0]);
        Assert.Equal(new ScheduleLine(2025, 0, "stage-2", ScheduleTrigger.Acceptance, 12_345_679L, 2), d.Schedule[1]);
    }

    [Fact]
    public void An_unknown_measure_is_an_ineligible_decision_not_a_crash()
    {
        var d = Engine.Evaluate(Request("A99.9", ApplicantKind.Enterprise), []);
        Assert.False(d.Eligible);
        Assert.Equal(Reasons.UnknownMeasureCode, Assert.Single(d.Reasons).Code);
    }

    [Fact]
    public void An_invalid_uscc_reaching_the_engine_is_a_reason()
    {
        var r = Request("A01.1", ApplicantKind.University) with { Applicant = new Applicant(ApplicantKind.University, "91330100799655058C", null, true, false) };
        var d = Engine.Evaluate(r, []);
        Assert.False(d.Eligible);
        Assert.Equal(Reasons.InvalidUsccCode, Assert.Single(d.Reasons).Code);
    }

    [Fact]
    public void A_missing_fact_reason_names_the_fact_in_both_languages()
    {
        var d = Engine.Evaluate(Request("A13.3", ApplicantKind.Enterprise), []);
        var reason = Assert.Single(d.Reasons);
        Assert.Equal(Reasons.MissingFactCode, reason.Code);
        Assert.Contains("financingCost", reason.MessageEn);
        Assert.Contains("融资费用", reason.MessageZh);
    }

    [Fact]
    public void Equity_funds_are_not_counted_as_a_grant()
    {
        var d = Engine.Evaluate(Request("A04.3", ApplicantKind.Enterprise, ("startupNeeds", FactValue.Of(1000000m)), ("equityNeeds", FactValue.Of(5000000m))), []);
        Assert.Equal(100_000_000L, d.AmountFen);
        var equity = Assert.Single(d.Schedule, l => l.Component == "equity");
        Assert.False(equity.IsGrant);
        Assert.Equal(500_000_000L, equity.AmountFen);
    }

    [Fact]
    public void Other_support_never_touches_the_equity_funds()
    {
        var r = Request("A04.3", ApplicantKind.Enterprise, ("startupNeeds", FactValue.Of(1000000m)), ("equityNeeds", FactValue.Of(5000000m)))
            with { OtherSupport = [new OtherSupport("city", 100_000_000L)] };
        var d = Engine.Evaluate(r, []);
        Assert.False(d.Eligible);
        Assert.Equal(Reasons.DuplicateSupportCode, Assert.Single(d.Reasons).Code);
    }

    [Fact]
    public void Per_person_allowances_shrink_from_the_latest_year_first()
    {
        // Two overseas recruits: 6 × 50,000 = 300,000; minus 120,000 declared → both year-3 lines go (100,000), then 20,000 off year 2 of person 2.
        var persons = FactValue.Of([new PersonFact("overseasHighLevel", null, null), new PersonFact("overseasHighLevel", null, null)]);
        var r = Request("A11.2", ApplicantKind.ResearchInstitute, ("persons", persons)) with { OtherSupport = [new OtherSupport("city", 12_000_000L)] };
        var d = Engine.Evaluate(r, []);
        Assert.Equal(18_000_000L, d.AmountFen);
        Assert.Equal(
            ["person-1-year-1:5000000", "person-1-year-2:5000000", "person-2-year-1:5000000", "person-2-year-2:3000000"],
            d.Schedule.Select(l => $"{l.Component}:{l.AmountFen}"));
        Assert.Contains(d.Trace, t => t.Article == "common.10");
    }

    [Fact]
    public void Later_claim_years_of_A16_are_capped_claims_not_counted_in_the_amount()
    {
        var d = Engine.Evaluate(Request("A16.3", ApplicantKind.JournalPublisher, ("entityOperating", FactValue.Of(true)), ("startupNeeds", FactValue.Of(1000000m)), ("annualOperatingExpenditure", FactValue.Of(1234567.89m))), []);
        // 1,000,000 + 30% × 1,234,567.89 = 370,370.367 → 370,370.36.
        Assert.Equal(100_000_000L + 37_037_036L, d.AmountFen);
        Assert.Equal([ScheduleTrigger.Approval, ScheduleTrigger.Approval, ScheduleTrigger.Claim, ScheduleTrigger.Claim], d.Schedule.Select(l => l.Trigger));
        Assert.Equal(200_000_000L, d.Schedule[3].AmountFen);
        Assert.Equal(2027, d.Schedule[3].FiscalYear);
    }

    [Fact]
    public void A_tier_held_in_history_under_another_measure_reduces_the_new_award()
    {
        // 10a: the project already holds A08.1 gazelle money (2,000,000) for key P-1; A10.2 computes 4,000,000 → pays 2,000,000.
        var r = Request("A10.2", ApplicantKind.Enterprise, ("totalInvestment", FactValue.Of(8000000m)));
        var d = Engine.Evaluate(r, [new PriorAward("A08.1", "P-1", "gazelle", 200_000_000L)]);
        Assert.Equal(200_000_000L, d.AmountFen);
        var step = Assert.Single(d.Trace, t => t.Rule == "noDuplication");
        Assert.Contains(step.Figures, f => f.Key == "heldInThisPolicy" && f.Value == "2000000.00");
    }

    [Fact]
    public void The_voucher_rules_compute_a_redemption_for_the_grants_code()
    {
        var voucher = Measure("A09.4");
        Assert.Equal(30_000_000L, VoucherRules.YearlyQuotaFen(voucher, ApplicantKind.Enterprise, isSme: true));
        Assert.Equal(10_000_000L, VoucherRules.YearlyQuotaFen(voucher, ApplicantKind.Team, isSme: false));
        Assert.Null(VoucherRules.YearlyQuotaFen(voucher, ApplicantKind.Enterprise, isSme: false));
        Assert.Null(VoucherRules.YearlyQuotaFen(voucher, ApplicantKind.University, isSme: true));

        // 50% of 12,345.67 = 6,172.835 → 6,172.83; 300,000 − 290,000 used leaves 10,000.
        var r = VoucherRules.Redeem(voucher, ApplicantKind.Enterprise, true, 1_234_567L, 29_000_000L);
        Assert.True(r.Accepted);
        Assert.Equal(617_283L, r.AmountFen);
        Assert.Equal(1_000_000L, r.RemainingBeforeFen);
        Assert.Equal(382_717L, r.RemainingAfterFen);

        var capped = VoucherRules.Redeem(voucher, ApplicantKind.Enterprise, true, 5_000_000L, 29_000_000L);
        Assert.Equal(1_000_000L, capped.AmountFen);
        Assert.Equal(0L, capped.RemainingAfterFen);

        Assert.Equal(Reasons.QuotaExhaustedCode, VoucherRules.Redeem(voucher, ApplicantKind.Team, false, 100L, 10_000_000L).Reason!.Code);
        Assert.Equal(Reasons.NotVoucherHolderCode, VoucherRules.Redeem(voucher, ApplicantKind.Enterprise, false, 100L, 0L).Reason!.Code);
        Assert.Throws<ArgumentException>(() => VoucherRules.Redeem(Measure("A02.1"), ApplicantKind.Team, false, 100L, 0L));
    }

    [Fact]
    public void A_voucher_quota_is_granted_once_a_fiscal_year()
    {
        var r = Request("A09.4", ApplicantKind.Team);
        Assert.True(Engine.Evaluate(r, [new PriorAward("A09.4", null, null, 10_000_000L, 2024)]).Eligible);
        var again = Engine.Evaluate(r, [new PriorAward("A09.4", null, null, 10_000_000L, 2025)]);
        Assert.False(again.Eligible);
        Assert.Equal(Reasons.AlreadyAwardedCode, Assert.Single(again.Reasons).Code);
    }

    [Fact]
    public void A_tier_top_up_pays_the_difference_from_what_was_held()
    {
        var r = Request("A08.1", ApplicantKind.Enterprise, ("status", FactValue.Of("unicorn")));
        var d = Engine.Evaluate(r, [new PriorAward("A08.1", null, "gazelle", 200_000_000L)]);
        Assert.True(d.Eligible);
        Assert.Equal("unicorn", d.Tier);
        Assert.Equal(200_000_000L, d.AmountFen);
        Assert.Contains(d.Reasons, x => x.Code == Reasons.TopUpCode);
        Assert.Contains(d.Trace, t => t.Rule == "topUp" && t.Article == "common.10");
    }

    [Fact]
    public void A_first_time_tier_is_per_applicant_for_A08_1_whatever_the_project()
    {
        var r = Request("A08.1", ApplicantKind.Enterprise, ("status", FactValue.Of("gazelle")));
        var d = Engine.Evaluate(r, [new PriorAward("A08.1", "OTHER", "gazelle", 200_000_000L)]);
        Assert.False(d.Eligible);
        Assert.Equal(Reasons.AlreadyAwardedCode, Assert.Single(d.Reasons).Code);
    }
}
