using NeoBay.Policy.Calculations;
using static NeoBay.Policy.Tests.Calculations.KindTesting;

namespace NeoBay.Policy.Tests.Calculations.StartupOperating;

public sealed class StartupOperatingTests
{
    [Fact]
    public void Loads_start_up_cap_rate_yearly_cap_and_years() =>
        Assert.Equal(new StartupOperatingParameters(5_000_000_00, 0.30m, 2_000_000_00, 3), Measure("A16.2").Calculation);

    [Fact]
    public void Start_up_capped_first_operating_year_at_30_percent_later_years_are_claims_at_the_cap()
    {
        var d = Evaluate(Request("A16.2", ApplicantKind.InternationalOrganization, ("settledInZone", FactValue.Of(true)), ("startupNeeds", FactValue.Of(6_000_000m)), ("annualOperatingExpenditure", FactValue.Of(5_000_000m))));
        Assert.Equal(6_500_000_00, d.AmountFen); // 5,000,000 + 30% × 5,000,000; claims are not counted
        Assert.Equal([
            (LedgerComponent.Startup, ScheduleTrigger.Approval, 5_000_000_00L),
            (LedgerComponent.Operating(1), ScheduleTrigger.Approval, 1_500_000_00L),
            (LedgerComponent.Operating(2), ScheduleTrigger.Claim, 2_000_000_00L),
            (LedgerComponent.Operating(3), ScheduleTrigger.Claim, 2_000_000_00L)],
            d.Schedule.Select(l => (l.Part, l.Trigger, l.AmountFen!.Value)));
    }

    [Theory]
    [InlineData(10_000_000_00L, null, 2_000_000_00L)] // 30% = 3,000,000 → cap 2,000,000
    [InlineData(5_000_000_00L, null, 1_500_000_00L)]
    [InlineData(5_000_000_00L, 1_000_000_00L, 1_000_000_00L)] // not above the request
    public void A_filed_operating_claim(long expenditureFen, long? requestedFen, long expectedFen) =>
        Assert.Equal(expectedFen, RenewalRules.OperatingClaimOf(Catalog, "A16.2", new DateOnly(2025, 6, 1), expenditureFen, 2_000_000_00, requestedFen)!.AmountFen);
}
