using NeoBay.Grants.Tests.Renewals;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Payments;

/// <summary>
/// A small portfolio paid end to end (docs/payments.md), every figure computed by hand:
/// A04.4 staged (payee 1): 50% × 1,000,000.00 = 500,000.00, 250,000.00 on approval + 250,000.00 on acceptance;
/// A05.1 multi-year (payee 2): construction 3,000,000.00 + operating 1,234,567.89 a year; (payee 5): 1,000,000.00 + 500,000.01 a year;
/// A16.2 (payee 3): startup 4,000,000.00 + operating year 1 30% × 5,000,000.00 = 1,500,000.00; year 2 a claim on 3,000,000.01 → 900,000.00;
/// A02.1 (applicant 4, no account): 20% × 12,000,000.00 = 2,400,000.00, never paid.
/// </summary>
public static class PaymentPortfolio
{
    public static FactValue Yuan(decimal yuan) => FactValue.Of(yuan);

    public sealed record Portfolio(PaymentHarness H, Dictionary<string, string> Grants);

    /// <summary>Approved 2026-11-26; accounts verified; stage 2 of A04.4 accepted; clock at 2026-12-01 10:00 CST (run 20261201).</summary>
    public static async Task<Portfolio> SeedAsync()
    {
        var h = await PaymentHarness.CreateAsync();
        var l = h.Lifecycle;
        var g = new Dictionary<string, string>
        {
            ["A04.4"] = await l.ApproveAsync("A04.4", ApplicantKind.Enterprise, RenewalHarness.UsccOf(1), new Dictionary<string, FactValue> { ["conversionCost"] = Yuan(1_000_000m) }),
            ["A05.1"] = await l.ApproveAsync("A05.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(2),
                new Dictionary<string, FactValue> { ["constructionNeeds"] = Yuan(3_000_000m), ["operatingNeeds"] = Yuan(1_234_567.89m) }),
            ["A16.2"] = await l.ApproveAsync("A16.2", ApplicantKind.InternationalOrganization, RenewalHarness.UsccOf(3),
                new Dictionary<string, FactValue> { ["settledInZone"] = FactValue.Of(true), ["startupNeeds"] = Yuan(4_000_000m), ["annualOperatingExpenditure"] = Yuan(5_000_000m) }),
            ["A02.1"] = await l.ApproveAsync("A02.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(4),
                new Dictionary<string, FactValue> { ["totalInvestment"] = Yuan(12_000_000m), ["nationalApproval"] = FactValue.Of(true) }),
            ["A05.1 b"] = await l.ApproveAsync("A05.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(5),
                new Dictionary<string, FactValue> { ["constructionNeeds"] = Yuan(1_000_000m), ["operatingNeeds"] = Yuan(500_000.01m) }),
        };
        l.Clock.Advance(TimeSpan.FromDays(1));
        foreach (var (key, number) in new[] { ("A04.4", "6222 0210 0112 3456 781"), ("A05.1", "31001234567890123"), ("A16.2", "1001-2345-6789-0002"), ("A05.1 b", "45600000000000005") })
        {
            await h.VerifiedPayeeAsync(g[key], number);
        }

        l.Clock.Advance(TimeSpan.FromDays(1));
        var staged = (await l.Decisions.GetGrantAsync(RenewalHarness.Reviewer, g["A04.4"])).Value!.Grant;
        Assert.True((await l.Decisions.AcceptStageAsync(RenewalHarness.Reviewer, g["A04.4"], 2, NeoBay.Grants.Common.ETags.ForVersion(staged.Version))).IsSuccess);
        l.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(-1)); // 2026-12-01 10:00 CST
        return new Portfolio(h, g);
    }

    public static long Fen(decimal yuan) => (long)(yuan * 100m);
}
