using Azure.Data.Tables;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Storage.Renewals;
using NeoBay.Grants.Storage.Vouchers;
using NeoBay.Grants.Tests.Renewals;
using NeoBay.Grants.Vouchers;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Vouchers;

/// <summary>A09.4 redemptions against Azurite: 50% of the fee within what is left, never overdrawn, once per invoice.</summary>
public sealed class VoucherServiceTests
{
    private static VoucherService Service(RenewalHarness h) =>
        new(new TableVoucherStore(h.Tables), new TableRenewalStore(h.Tables, new RenewalTables(new TableServiceClient(h.Connection), h.Prefix)), h.Grants, h.Applications,
            RenewalHarness.Catalog.Value, h.Clock);

    private static async Task<(RenewalHarness H, VoucherService Vouchers, string GrantId, NeoBay.Grants.Common.Caller Holder)> HolderAsync(ApplicantKind kind, bool isSme, int n)
    {
        var h = await RenewalHarness.CreateAsync();
        var uscc = RenewalHarness.UsccOf(n);
        var grant = await h.ApproveAsync("A09.4", kind, uscc, new Dictionary<string, FactValue>(), isSme);
        return (h, Service(h), grant, RenewalHarness.ApplicantOf(uscc));
    }

    [Fact]
    public async Task Twenty_parallel_redemptions_against_a_team_quota_of_100_000_never_exceed_it_and_use_it_exactly()
    {
        var (h, vouchers, grantId, team) = await HolderAsync(ApplicantKind.Team, false, 31);
        // Each fee 30,000.00 pays 15,000.00: six pay in full (90,000.00), the seventh gets the 10,000.00 left, the rest are refused.
        var results = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            Task.Run(() => vouchers.RedeemAsync(team, new RedemptionCommand(3_000_000, "上海某检测中心", $"FP-{i:D3}")))));

        var paid = results.Where(r => r.IsSuccess).Select(r => r.Value!.Redemption.AmountFen).OrderDescending().ToList();
        Assert.Equal([.. Enumerable.Repeat(1_500_000L, 6), 1_000_000L], paid);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal("QuotaExhausted", r.Error!.Code));
        var year = (await vouchers.GetYearAsync(team, 2026)).Value!;
        Assert.Equal((10_000_000L, 10_000_000L, 0L), (year.QuotaFen, year.UsedFen, year.LeftFen));
        var ledger = (await h.Grants.GetAsync(grantId))!.Ledger.Where(l => l.Component.StartsWith("redemption-", StringComparison.Ordinal)).ToList();
        Assert.Equal(10_000_000L, ledger.Sum(l => l.AmountFen!.Value));
    }

    [Fact]
    public async Task An_SME_redemption_pays_half_the_fee_rounded_down_and_an_invoice_is_redeemed_once()
    {
        var (h, vouchers, grantId, sme) = await HolderAsync(ApplicantKind.Enterprise, true, 32);
        // 50% × 100,000.01 = 50,000.005 → 50,000.00 (rounded down to the fen).
        var first = await vouchers.RedeemAsync(sme, new RedemptionCommand(10_000_001, "某研发服务机构", "INV-2026-0001"));
        Assert.True(first.IsSuccess, first.Error?.Code);
        Assert.Equal(5_000_000L, first.Value!.Redemption.AmountFen);
        Assert.Equal((30_000_000L, 5_000_000L, 25_000_000L), (first.Value.Year.QuotaFen, first.Value.Year.UsedFen, first.Value.Year.LeftFen));

        var again = await vouchers.RedeemAsync(sme, new RedemptionCommand(10_000_001, "某研发服务机构", " inv-2026-0001 "));
        Assert.Equal("InvoiceAlreadyRedeemed", again.Error?.Code);
        Assert.Equal(5_000_000L, (await vouchers.GetYearAsync(sme, 2026)).Value!.UsedFen);

        // Another enterprise without a voucher is refused; a non-positive fee is invalid.
        Assert.Equal("NotVoucherHolder", (await vouchers.RedeemAsync(RenewalHarness.ApplicantOf(RenewalHarness.UsccOf(99)), new RedemptionCommand(100, "x", "y"))).Error?.Code);
        Assert.Equal("NonPositiveServiceFee", (await vouchers.RedeemAsync(sme, new RedemptionCommand(0, "x", "y"))).Error?.Code);

        // The 2027 run issues 300,000.00 and lapses the 250,000.00 left of 2026; 2027 redemptions draw on the new quota.
        h.Clock.SetUtcNow(RenewalHarness.RunTime);
        Assert.Equal("QuotaNotIssued", (await vouchers.RedeemAsync(sme, new RedemptionCommand(100, "x", "before-run"))).Error?.Code);
        var report = await RenewalHarness.RunAsync(h.Services().Run, 2027);
        Assert.Equal((1, 25_000_000L), (report.Tally.Total().QuotasLapsed, report.Tally.Total().LapsedFen));
        var lapsed = (await vouchers.GetYearAsync(sme, 2026)).Value!;
        Assert.Equal((VoucherYear.Lapsed, 25_000_000L), (lapsed.Status, lapsed.LapsedFen!.Value));
        var next = await vouchers.RedeemAsync(sme, new RedemptionCommand(2_000_000, "某研发服务机构", "INV-2027-0001"));
        Assert.Equal((2027, 1_000_000L, 29_000_000L), (next.Value!.Redemption.FiscalYear, next.Value.Redemption.AmountFen, next.Value.Year.LeftFen));
        Assert.Equal("InvoiceAlreadyRedeemed", (await vouchers.RedeemAsync(sme, new RedemptionCommand(100, "x", "INV-2026-0001"))).Error?.Code);
    }
}
