using NeoBay.Policy.Reforms;

namespace NeoBay.Policy.Tests;

/// <summary>#17 what-if: a reform adds dated versions to the catalog and the engine reads them like a notice.</summary>
public sealed class ReformTests
{
    private const string Uscc = "91330100799655058B";

    private const string RateCut = """
        name: A02.1 rate 15% from 2027
        changes:
          - { measure: A02.1, parameter: rate, from: 2027-01-01, value: 0.15, citation: "what-if" }
          - { measure: A09.4, parameter: smeQuota, from: 2026-01-01, value: 400000 }
        """;

    private static readonly PolicyCatalog Reformed = Reform.Parse(RateCut).ApplyTo(PolicyCatalog.EmbeddedFiles());

    private static long? A021(PolicyCatalog catalog, string on) =>
        new PolicyEngine(catalog).Evaluate(new EvaluationRequest("A02.1", DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture),
            new Applicant(ApplicantKind.Enterprise, Uscc, null, true, false), new ProjectRef("P-1", null),
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(12_000_000m), ["nationalApproval"] = FactValue.Of(true) }, []), []).AmountFen;

    [Theory]
    // A02.1: 20% of 12,000,000 = 2,400,000 (cap 3,000,000); with the reform 15% = 1,800,000 from 2027-01-01.
    [InlineData("2026-12-31", 240_000_000L, 240_000_000L)]
    [InlineData("2027-01-01", 180_000_000L, 240_000_000L)]
    [InlineData("2029-07-10", 180_000_000L, 240_000_000L)]
    public void A02_1_at_15_percent_from_2027(string on, long withReform, long without)
    {
        Assert.Equal(withReform, A021(Reformed, on));
        Assert.Equal(without, A021(PolicyCatalog.LoadEmbedded(), on));
    }

    [Fact]
    public void Each_change_is_an_edition_with_its_source_and_the_rest_is_unchanged()
    {
        Assert.Equal([new DateOnly(2024, 7, 11), new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1)], Reformed.Editions.Select(e => e.InForceFrom));
        Assert.True(Reformed.At(new DateOnly(2026, 1, 1)).TryGet("A09.4", out var quota2026));
        Assert.True(Reformed.At(new DateOnly(2025, 12, 31)).TryGet("A09.4", out var quota2025));
        Assert.Equal(40_000_000L, ((NeoBay.Policy.Calculations.VoucherParameters)quota2026.Calculation).SmeQuotaFen);
        Assert.Equal(30_000_000L, ((NeoBay.Policy.Calculations.VoucherParameters)quota2025.Calculation).SmeQuotaFen);
        Assert.True(Reformed.At(new DateOnly(2027, 1, 1)).TryGet("A02.1", out var after));
        Assert.Equal((0.15m, "what-if"), (after.RateOf(), after.CitationOf("rate")!.Source));
        Assert.Equal(0.50m, quota2026.RateOf());
    }

    [Fact]
    public void A_change_before_the_policy_replaces_the_value_from_its_first_day_and_a_later_reform_replaces_later_versions()
    {
        var early = Reform.Parse("name: x\nchanges:\n  - { measure: A02.1, parameter: rate, from: 2020-01-01, value: 0.10 }\n").ApplyTo(PolicyCatalog.EmbeddedFiles());
        Assert.Equal(120_000_000L, A021(early, "2024-07-11"));
        var dated = TestCatalogs.EmbeddedFiles().Select(f => f.Key != "a02.yaml" ? f
            : new KeyValuePair<string, string>(f.Key, f.Value.Replace(DatedValuesTests.SeedRate, DatedValuesTests.DatedRate, StringComparison.Ordinal))).ToList();
        var reformed = Reform.Parse("name: x\nchanges:\n  - { measure: A02.1, parameter: rate, from: 2026-07-01, value: 0.15 }\n").ApplyTo(dated);
        Assert.Equal(240_000_000L, A021(reformed, "2026-06-30"));
        Assert.Equal(180_000_000L, A021(reformed, "2027-01-01")); // the 25% notice of 2027 is superseded
    }

    [Theory]
    [InlineData("  - { measure: A99.9, parameter: rate, from: 2027-01-01, value: 0.15 }", "changes[0].measure", "A99.9")]
    [InlineData("  - { measure: A02.1, parameter: speed, from: 2027-01-01, value: 0.15 }", "changes[0].parameter", "speed")]
    [InlineData("  - { measure: A02.1, parameter: rate, from: 2027-13-01, value: 0.15 }", "changes[0].from", "2027-13-01")]
    [InlineData("  - { measure: A02.1, parameter: rate, from: 2027-01-01 }", "changes[0].value", "missing")]
    [InlineData("  - { measure: A02.1, parameter: rate, form: 2027-01-01, value: 0.15 }", "changes[0].form", "unknown key")]
    [InlineData("  - { measure: A02.1, parameter: cap, from: 2027-01-01, value: -5 }", "changes", "cap")]
    public void A_bad_change_is_refused_naming_it(string change, string field, string named)
    {
        var ex = Assert.Throws<ReformException>(() => Reform.Parse("name: bad\nchanges:\n" + change + "\n").ApplyTo(PolicyCatalog.EmbeddedFiles()));
        Assert.Equal(field, ex.Field);
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }
}
