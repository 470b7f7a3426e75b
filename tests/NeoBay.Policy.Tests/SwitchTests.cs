namespace NeoBay.Policy.Tests;

/// <summary>common.10 (a), (c): each reading is a switch in policy.yaml; flipping it through a test catalog gives the other result.</summary>
public sealed class SwitchTests
{
    private const string Uscc = "91330100799655058B";
    private static readonly PolicyEngine Default = new(PolicyCatalog.LoadEmbedded());

    private static readonly PolicyEngine FullTopUp = new(TestCatalogs.With("policy.yaml",
        "firstTimeTierTopUp:\n    value: difference", "firstTimeTierTopUp:\n    value: full"));

    private static readonly PolicyEngine DuplicationAllowed = new(TestCatalogs.With("policy.yaml",
        "noDuplicationWithinPolicy:\n    value: true", "noDuplicationWithinPolicy:\n    value: false"));

    private static EvaluationRequest Request(string measure, params (string Fact, FactValue Value)[] facts) =>
        new(measure, new DateOnly(2025, 6, 1), new Applicant(ApplicantKind.Enterprise, Uscc, null, true, false), new ProjectRef(Uscc, null),
            facts.ToDictionary(f => f.Fact, f => f.Value), []);

    private static string Figure(Decision d, string rule, string name) =>
        d.Trace.Single(t => t.Rule == rule).Figures.Single(f => f.Key == name).Value;

    [Fact]
    public void A_first_time_unicorn_after_a_gazelle_pays_2_000_000_with_difference_and_4_000_000_with_full()
    {
        var r = Request("A08.1", ("status", FactValue.Of("unicorn")));
        PriorAward[] gazelle = [new("A08.1", Uscc, "gazelle", 200_000_000L)];

        var difference = Default.Evaluate(r, gazelle);
        Assert.Equal(200_000_000L, difference.AmountFen);
        Assert.Equal("difference", Figure(difference, "topUp", PolicySwitches.FirstTimeTierTopUpName));
        Assert.Contains(difference.Reasons, x => x.Code == Reasons.TopUpCode);

        var full = FullTopUp.Evaluate(r, gazelle);
        Assert.Equal(400_000_000L, full.AmountFen);
        Assert.Equal("full", Figure(full, "topUp", PolicySwitches.FirstTimeTierTopUpName));
        Assert.DoesNotContain(full.Reasons, x => x.Code == Reasons.TopUpCode);
    }

    [Fact]
    public void With_full_a_tier_already_held_is_still_not_paid_twice()
    {
        var d = FullTopUp.Evaluate(Request("A08.1", ("status", FactValue.Of("gazelle"))), [new("A08.1", Uscc, "gazelle", 200_000_000L)]);
        Assert.False(d.Eligible);
        Assert.Equal(Reasons.AlreadyAwardedCode, Assert.Single(d.Reasons).Code);
    }

    [Fact]
    public void A_project_holding_1_000_000_under_A17_1_gets_1_400_000_with_the_switch_on_and_2_400_000_with_it_off()
    {
        // A02.1: 20% of 12,000,000 = 2,400,000.
        var r = Request("A02.1", ("totalInvestment", FactValue.Of(12_000_000m)), ("nationalApproval", FactValue.Of(true))) with { Project = new ProjectRef("P-1", null) };
        PriorAward[] held = [new("A17.1", "P-1", null, 100_000_000L)];

        var on = Default.Evaluate(r, held);
        Assert.Equal(140_000_000L, on.AmountFen);
        Assert.Equal("true", Figure(on, "noDuplication", PolicySwitches.NoDuplicationWithinPolicyName));

        var off = DuplicationAllowed.Evaluate(r, held);
        Assert.Equal(240_000_000L, off.AmountFen);
        Assert.Equal("false", Figure(off, "noDuplication", PolicySwitches.NoDuplicationWithinPolicyName));
    }

    [Fact]
    public void With_the_switch_off_declared_support_from_other_city_policies_is_still_deducted()
    {
        // common.10 (b) is the sentence's literal reading, not a switch: 2,400,000 − 500,000 = 1,900,000.
        var r = Request("A02.1", ("totalInvestment", FactValue.Of(12_000_000m)), ("nationalApproval", FactValue.Of(true))) with
        {
            Project = new ProjectRef("P-1", null),
            OtherSupport = [new OtherSupport("city", 50_000_000L)],
        };
        Assert.Equal(190_000_000L, DuplicationAllowed.Evaluate(r, []).AmountFen);
    }

    [Fact]
    public void Vouchers_allowances_and_annual_claims_are_not_held_by_a_project()
    {
        var r = Request("A02.1", ("totalInvestment", FactValue.Of(12_000_000m)), ("nationalApproval", FactValue.Of(true))) with { Project = new ProjectRef("P-1", null) };
        PriorAward[] held = [new("A09.4", "P-1", null, 30_000_000L, 2025), new("A11.2", "P-1", null, 15_000_000L), new("A10.3", "P-1", null, 60_000_000L, 2024)];
        Assert.Equal(240_000_000L, Default.Evaluate(r, held).AmountFen);
    }

    private const string TopUpSwitch = "firstTimeTierTopUp:\n    value: difference\n    cite: common.10\n    text: 政策措施与本市其他政策有重复的，按照“从优、就高、不重复”原则执行。\n    reading: true";

    [Theory]
    [InlineData("firstTimeTierTopUp:\n    value: difference\n    cite: common.10\n    text: 政策措施与本市其他政策有重复的，按照“从优、就高、不重复”原则执行。\n    reading: false")]
    [InlineData("firstTimeTierTopUp:\n    value: half\n    cite: common.10\n    text: 政策措施与本市其他政策有重复的，按照“从优、就高、不重复”原则执行。\n    reading: true")]
    public void The_loader_refuses_a_switch_not_marked_as_a_reading_or_with_an_unknown_value(string replacement)
    {
        var e = Assert.Throws<CatalogException>(() => TestCatalogs.With("policy.yaml", TopUpSwitch, replacement));
        Assert.Equal("policy.yaml", e.File);
        Assert.StartsWith("switches.firstTimeTierTopUp", e.Field, StringComparison.Ordinal);
    }
}
