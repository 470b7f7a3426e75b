namespace NeoBay.Policy.Tests;

/// <summary>common.16: dated values. A test catalog raises A02.1's rate from 20% to 25% on 2027-01-01 by a (fictitious) notice.</summary>
public sealed class DatedValuesTests
{
    private const string Uscc = "91330100799655058B";

    internal const string SeedRate = "      rate: { value: 0.20, cite: A02.1, text: 给予不超过项目总投入 20% }";

    internal const string DatedRate =
        "      rate:\n" +
        "        versions:\n" +
        "          - { from: 2024-07-11, value: 0.20, cite: A02.1, text: 给予不超过项目总投入 20% }\n" +
        "          - { from: 2027-01-01, value: 0.25, cite: A02.1, text: 给予不超过项目总投入 25%, source: 闵科委〔2026〕99号（测试） }";

    private static readonly PolicyCatalog RateChange = TestCatalogs.With("a02.yaml", SeedRate, DatedRate);
    private static readonly PolicyEngine Engine = new(RateChange);

    private static Decision Quote(DateOnly on, decimal totalInvestment = 10_000_000m) =>
        Engine.Evaluate(new EvaluationRequest("A02.1", on, new Applicant(ApplicantKind.Enterprise, Uscc, null, true, false), new ProjectRef("P-1", null),
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(totalInvestment), ["nationalApproval"] = FactValue.Of(true) }, []), []);

    [Theory]
    // 20% of 10,000,000 = 2,000,000 up to 2026-12-31; 25% = 2,500,000 from 2027-01-01; nothing outside 2024-07-11…2029-07-10.
    [InlineData("2024-07-10", null)]
    [InlineData("2024-07-11", 200_000_000L)]
    [InlineData("2026-12-31", 200_000_000L)]
    [InlineData("2027-01-01", 250_000_000L)]
    [InlineData("2029-07-10", 250_000_000L)]
    [InlineData("2029-07-11", null)]
    public void The_value_in_force_on_the_submission_date_applies(string on, long? expectedFen)
    {
        var d = Quote(DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expectedFen, d.AmountFen);
        if (expectedFen is null) Assert.Equal(Reasons.PolicyExpiredCode, Assert.Single(d.Reasons).Code);
    }

    [Fact]
    public void The_trace_names_the_date_of_the_value_applied()
    {
        string RateDate(Decision d) => d.Trace.Single(t => t.Rule == "datedValues").Figures.Single(f => f.Key == "rate").Value;
        Assert.Equal("2024-07-11", RateDate(Quote(new DateOnly(2026, 12, 31))));
        Assert.Equal("2027-01-01", RateDate(Quote(new DateOnly(2027, 1, 1))));
        Assert.Equal("25%", Quote(new DateOnly(2027, 1, 1)).Trace.Single(t => t.Rule == "proportional").Figures.Single(f => f.Key == "rate").Value);
    }

    [Fact]
    public void The_catalog_has_one_edition_per_change_and_each_keeps_its_citation()
    {
        Assert.Equal([new DateOnly(2024, 7, 11), new DateOnly(2027, 1, 1)], RateChange.Editions.Select(e => e.InForceFrom));
        Assert.True(RateChange.At(new DateOnly(2026, 12, 31)).TryGet("A02.1", out var before));
        Assert.True(RateChange.At(new DateOnly(2027, 1, 1)).TryGet("A02.1", out var after));
        Assert.Equal((0.20m, (DateOnly?)new DateOnly(2024, 7, 11), (string?)null), (before.RateOf(), before.CitationOf("rate")!.Since, before.CitationOf("rate")!.Source));
        Assert.Equal((0.25m, new DateOnly(2027, 1, 1), "闵科委〔2026〕99号（测试）"), (after.RateOf(), after.CitationOf("rate")!.Since, after.CitationOf("rate")!.Source));
        Assert.Same(RateChange, RateChange.At(new DateOnly(2020, 1, 1)));
    }

    [Fact]
    public void The_embedded_catalog_has_the_seed_edition_only()
    {
        var catalog = PolicyCatalog.LoadEmbedded();
        Assert.Equal([new DateOnly(2024, 7, 11)], catalog.Editions.Select(e => e.InForceFrom));
    }

    [Fact]
    public void A_switch_may_be_dated_too_a_unicorn_after_a_gazelle_pays_the_difference_before_and_in_full_after()
    {
        var catalog = TestCatalogs.With("policy.yaml", "  firstTimeTierTopUp:\n    value: difference\n",
            "  firstTimeTierTopUp:\n    versions:\n" +
            "      - { from: 2024-07-11, value: difference, cite: common.10, text: 从优、就高、不重复, reading: true }\n" +
            "      - { from: 2027-01-01, value: full, cite: common.10, text: 从优、就高、不重复, reading: true, source: 测试通知 }\n");
        var engine = new PolicyEngine(catalog);
        Decision On(DateOnly d) => engine.Evaluate(new EvaluationRequest("A08.1", d, new Applicant(ApplicantKind.Enterprise, Uscc, null, true, false), null,
            new Dictionary<string, FactValue> { ["status"] = FactValue.Of("unicorn") }, []), [new PriorAward("A08.1", Uscc, "gazelle", 200_000_000L)]);
        Assert.Equal(200_000_000L, On(new DateOnly(2026, 12, 31)).AmountFen);
        Assert.Equal(400_000_000L, On(new DateOnly(2027, 1, 1)).AmountFen);
    }

    [Theory]
    [InlineData("2027-01-01", "2026-01-01", "", "in date order")]
    [InlineData("2027-01-01", "2027-01-01", "", "in date order")]
    [InlineData("2024-07-11, to: 2027-06-30", "2027-01-01", "", "overlaps")]
    [InlineData("2024-07-11, to: 2026-06-30", "2027-01-01", "", "gap")]
    [InlineData("2024-08-01", "2027-01-01", "", "first version")]
    [InlineData("2024-07-11", "2027-01-01", "nosource", "notice")]
    public void The_loader_refuses_unordered_overlapping_or_uncited_versions(string first, string second, string flag, string problem)
    {
        var text = "      rate:\n        versions:\n" +
            $"          - {{ from: {first}, value: 0.20, cite: A02.1, text: 20% }}\n" +
            $"          - {{ from: {second}, value: 0.25, cite: A02.1, text: 25%{(flag == "nosource" ? "" : ", source: 通知")} }}\n" +
            "          - { from: 2028-01-01, value: 0.30, cite: A02.1, text: 30%, source: 通知 }";
        var e = Assert.Throws<CatalogException>(() => TestCatalogs.With("a02.yaml", SeedRate, text));
        Assert.Equal("a02.yaml", e.File);
        Assert.Contains("rate.versions", e.Field, StringComparison.Ordinal);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }
}
