namespace NeoBay.Policy.Tests;

/// <summary>The yearly run asks the engine's rules what is owed and how much a claim pays (hand-computed from POLICY.md).</summary>
public sealed class RenewalRulesTests
{
    private static readonly PolicyCatalog Catalog = PolicyCatalog.LoadEmbedded();
    private static readonly DateOnly Decided = new(2026, 3, 1);

    [Theory]
    [InlineData("A05.1", 2025, 2025, RenewalDue.Nothing)]
    [InlineData("A05.1", 2025, 2026, RenewalDue.ScheduledYears)]
    [InlineData("A06.2", 2025, 2027, RenewalDue.ScheduledYears)]
    [InlineData("A06.2", 2025, 2028, RenewalDue.Nothing)]
    [InlineData("A16.3", 2025, 2027, RenewalDue.OperatingClaims)]
    [InlineData("A11.2", 2025, 2027, RenewalDue.PersonAllowances)]
    [InlineData("A11.2", 2025, 2028, RenewalDue.Nothing)]
    [InlineData("A09.4", 2025, 2029, RenewalDue.VoucherQuota)]
    [InlineData("A09.4", 2025, 2030, RenewalDue.Nothing)]
    [InlineData("A10.3", 2025, 2026, RenewalDue.ClaimInvitation)]
    [InlineData("A10.3", 2025, 2027, RenewalDue.Nothing)]
    [InlineData("A02.1", 2025, 2026, RenewalDue.Nothing)]
    public void What_the_run_owes_a_grant_each_year(string measure, int approvalYear, int fiscalYear, RenewalDue expected) =>
        Assert.Equal(expected, RenewalRules.DueOf(Catalog, measure, approvalYear, fiscalYear));

    [Theory]
    // 30% × 7,777,777.77 = 2,333,333.331 → capped at 2,000,000.00; 30% × 4,321,000.01 = 1,296,300.003 → 1,296,300.00.
    [InlineData("A16.2", 777_777_777L, null, 200_000_000L)]
    [InlineData("A16.3", 432_100_001L, null, 129_630_000L)]
    // common.9 with common.4: not above the amount requested.
    [InlineData("A16.2", 777_777_777L, 100_000_000L, 100_000_000L)]
    [InlineData("A16.3", 432_100_001L, 150_000_000L, 129_630_000L)]
    public void An_operating_year_claim_pays_30_percent_floored_within_the_cap_and_the_request(string measure, long expenditureFen, long? requestedFen, long expectedFen)
    {
        var claim = RenewalRules.OperatingClaimOf(Catalog, measure, Decided, expenditureFen, 200_000_000L, requestedFen)!;
        Assert.Equal((0.30m, expectedFen), (claim.Rate, claim.AmountFen));
    }

    [Fact]
    public void Other_measures_have_no_operating_claim_and_the_claim_year_is_the_previous_one()
    {
        Assert.Null(RenewalRules.OperatingClaimOf(Catalog, "A05.1", Decided, 100, 100));
        Assert.Equal(2026, RenewalRules.ClaimYearFor(Catalog, 2027));
        Assert.Equal(200_000_000L, RenewalRules.OperatingCapOf(Catalog, "A16.3"));
    }

    [Fact]
    public void A_claim_uses_the_rate_in_force_when_the_grant_was_decided()
    {
        // A16.2's operating rate rises to 40% on 2027-01-01 in a test catalog: a grant decided in 2026 keeps 30% (common.16).
        var catalog = TestCatalogs.With("a16.yaml",
            "      operatingRate: { value: 0.30, cite: A16.2, text: 每年给予不超过总运营支出 30% }",
            "      operatingRate:\n        versions:\n          - { from: 2024-07-11, value: 0.30, cite: A16.2, text: 30% }\n          - { from: 2027-01-01, value: 0.40, cite: A16.2, text: 40%, source: 测试通知 }");
        Assert.Equal(30_000_000L, RenewalRules.OperatingClaimOf(catalog, "A16.2", new DateOnly(2026, 12, 31), 100_000_000L, 200_000_000L)!.AmountFen);
        Assert.Equal(40_000_000L, RenewalRules.OperatingClaimOf(catalog, "A16.2", new DateOnly(2027, 1, 1), 100_000_000L, 200_000_000L)!.AmountFen);
    }
}
