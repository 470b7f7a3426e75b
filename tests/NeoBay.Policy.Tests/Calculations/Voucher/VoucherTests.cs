using NeoBay.Policy.Calculations;
using static NeoBay.Policy.Tests.Calculations.KindTesting;

namespace NeoBay.Policy.Tests.Calculations.Voucher;

public sealed class VoucherTests
{
    private static EvaluationRequest A094(ApplicantKind kind, bool isSme, params (string, FactValue)[] facts) =>
        Request("A09.4", kind, facts) with { Applicant = new Applicant(kind, ApplicantUscc, null, true, isSme), Project = null };

    [Fact]
    public void Loads_rate_and_both_quotas() => Assert.Equal(new VoucherParameters(0.50m, 300_000_00, 100_000_00), Measure("A09.4").Calculation);

    [Fact]
    public void A_team_gets_a_100_000_quota_an_sme_300_000_a_large_enterprise_none()
    {
        Assert.Equal(100_000_00, Evaluate(A094(ApplicantKind.Team, false)).AmountFen);
        Assert.Equal(LedgerComponent.Quota, Assert.Single(Evaluate(A094(ApplicantKind.Enterprise, true)).Schedule).Part);
        Assert.Equal(300_000_00, Evaluate(A094(ApplicantKind.Enterprise, true)).AmountFen);
        Assert.Contains(Evaluate(A094(ApplicantKind.Enterprise, false)).Reasons, r => r.Code == "NotVoucherHolder");
    }

    [Fact]
    public void A_redemption_pays_half_the_fee_within_what_is_left()
    {
        // 50% × 80,000 = 40,000, but 300,000 − 280,000 = 20,000 is left.
        var d = Evaluate(A094(ApplicantKind.Enterprise, true, ("serviceFee", FactValue.Of(80_000m)), ("quotaUsed", FactValue.Of(280_000m))));
        Assert.Equal(20_000_00, d.AmountFen);
        Assert.Equal(LedgerComponent.Redemption, Assert.Single(d.Schedule).Part);
        Assert.Equal(40_000_00, VoucherRules.Redeem(Measure("A09.4"), ApplicantKind.Team, false, 80_000_00, 0).AmountFen);
    }
}
