using NeoBay.Policy.Calculations;
using static NeoBay.Policy.Tests.Calculations.KindTesting;

namespace NeoBay.Policy.Tests.Calculations.AnnualProportional;

public sealed class AnnualProportionalTests
{
    private static EvaluationRequest A052(decimal expenditure, params (string, FactValue)[] more) =>
        Request("A05.2", ApplicantKind.ServiceInstitution, [("annualOperatingExpenditure", FactValue.Of(expenditure)), .. more]);

    [Fact]
    public void Loads_base_rate_and_cap() =>
        Assert.Equal(new AnnualProportionalParameters("annualOperatingExpenditure", 0.50m, 5_000_000_00), Measure("A05.2").Calculation);

    [Fact]
    public void Half_of_the_claimed_years_expenditure_capped_and_not_above_the_request()
    {
        // Submitted 2025-06-01: the default claim is fiscal 2024. 50% × 6,000,000 = 3,000,000.
        var d = Evaluate(A052(6_000_000m));
        Assert.Equal(3_000_000_00, d.AmountFen);
        Assert.Equal(LedgerComponent.Claim(2024), Assert.Single(d.Schedule).Part);
        Assert.Equal(5_000_000_00, Evaluate(A052(12_000_000m)).AmountFen); // cap 500 万元
        Assert.Equal(4_000_000_00, Evaluate(A052(12_000_000m, ("requestedAmount", FactValue.Of(4_000_000m)))).AmountFen);
    }

    [Theory]
    [InlineData(2023)] // before the policy's claim years
    [InlineData(2025)] // not yet ended on 2025-06-01
    public void A_claim_year_not_ended_or_outside_2024_to_2029_is_refused(int year) =>
        Assert.Contains(Evaluate(A052(6_000_000m, ("fiscalYear", FactValue.Of((decimal)year)))).Reasons, r => r.Code == "ClaimYearOutOfRange");

    [Fact]
    public void One_claim_per_fiscal_year() =>
        Assert.Contains(Evaluate(A052(6_000_000m), new PriorAward("A05.2", "P-1", null, 1_00, 2024)).Reasons, r => r.Code == "AlreadyClaimed");
}
