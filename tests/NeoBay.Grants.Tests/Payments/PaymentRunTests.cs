using System.Text;
using NeoBay.Grants.Domain;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Storage;
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
public sealed class PaymentRunTests
{
    private static FactValue Yuan(decimal yuan) => FactValue.Of(yuan);

    private sealed record Portfolio(PaymentHarness H, Dictionary<string, string> Grants);

    /// <summary>Approved 2026-11-26; accounts verified; stage 2 of A04.4 accepted; clock at 2026-12-01 10:00 CST (run 20261201).</summary>
    private static async Task<Portfolio> SeedAsync()
    {
        var h = await PaymentHarness.CreateAsync();
        var l = h.Lifecycle;
        var g = new Dictionary<string, string>
        {
            ["A04.4"] = await l.ApproveAsync("A04.4", ApplicantKind.Enterprise, RenewalHarness.UsccOf(1), new Dictionary<string, FactValue> { ["conversionCost"] = Yuan(1_000_000m) }),
            ["A05.1"] = await l.ApproveAsync("A05.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(2),
                new Dictionary<string, FactValue> { ["constructionNeeds"] = Yuan(3_000_000m), ["operatingNeeds"] = Yuan(1_234_567.89m) }),
            ["A16.2"] = await l.ApproveAsync("A16.2", ApplicantKind.InternationalOrganization, RenewalHarness.UsccOf(3),
                new Dictionary<string, FactValue> { ["startupNeeds"] = Yuan(4_000_000m), ["annualOperatingExpenditure"] = Yuan(5_000_000m) }),
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
        Assert.True((await l.Lifecycle.AcceptStageAsync(RenewalHarness.Reviewer, g["A04.4"], 2)).IsSuccess);
        l.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(-1)); // 2026-12-01 10:00 CST
        return new Portfolio(h, g);
    }

    private static long Fen(decimal yuan) => (long)(yuan * 100m);

    [Fact]
    public async Task A_run_gathers_one_batch_per_fiscal_year_and_funding_line_with_hand_computed_totals()
    {
        var (h, g) = await SeedAsync();
        var report = await h.Run().RunAsync("admin-1");

        Assert.Equal("20261201", report.RunId);
        Assert.Equal(RunStatuses.Complete, report.Status);
        var batches = report.Batches.ToDictionary(b => b.Id);
        Assert.Equal(["20261201-2026-A04.4", "20261201-2026-A05.1", "20261201-2026-A16.2"], batches.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new BatchSummary("20261201-2026-A04.4", 2026, "A04.4", BatchStatuses.Sealed, 1, 2, Fen(500_000.00m), null), batches["20261201-2026-A04.4"]);
        // 3,000,000.00 + 1,234,567.89 + 1,000,000.00 + 500,000.01 = 5,734,567.90 over two payees.
        Assert.Equal(new BatchSummary("20261201-2026-A05.1", 2026, "A05.1", BatchStatuses.Sealed, 2, 4, Fen(5_734_567.90m), null), batches["20261201-2026-A05.1"]);
        Assert.Equal(new BatchSummary("20261201-2026-A16.2", 2026, "A16.2", BatchStatuses.Sealed, 1, 2, Fen(5_500_000.00m), null), batches["20261201-2026-A16.2"]);

        // Every issued line of a payee with a verified account is in exactly the batch that lists it; A02.1 (no account) in none.
        var byBatch = await h.LinesByBatchAsync(g.Values);
        foreach (var b in report.Batches)
        {
            var content = (await h.Store.GetBatchContentAsync(b.Id))!;
            Assert.Equal(byBatch[b.Id].Select(l => (l.GrantId, l.FiscalYear, l.Component)).Order(), content.Items.Select(i => (i.GrantId, i.FiscalYear, i.Component)).Order());
        }

        var a021 = (await h.Lifecycle.Grants.GetAsync(g["A02.1"]))!.Ledger;
        Assert.All(a021, l => Assert.Null(l.BatchId));
        Assert.Equal(Fen(2_400_000m), a021.Where(l => l.Status == LedgerStatus.Issued).Sum(l => l.AmountFen));

        // A rerun the same day changes nothing.
        var before = await h.SnapshotAsync();
        Assert.Equal(report, await h.Run().RunAsync("admin-1"), ReportComparer.Instance);
        Assert.Equal(before, await h.SnapshotAsync());

        // The batch partitions' audit chains hold.
        var payments = await new PaymentTables(new Azure.Data.Tables.TableServiceClient(h.Lifecycle.Connection), h.Lifecycle.Prefix).GetAsync();
        var verification = await TableAuditVerifier.VerifyTableAsync(payments);
        Assert.Null(verification.FirstBreak);
        Assert.Equal(4 + 3, verification.Chains); // four payees, three batches
    }

    [Fact]
    public async Task The_next_year_pays_the_renewed_operating_years_and_the_filed_claim()
    {
        var (h, g) = await SeedAsync();
        var l = h.Lifecycle;
        await h.Run().RunAsync("admin-1");

        l.Clock.SetUtcNow(RenewalHarness.RunTime);
        await RenewalHarness.RunAsync(l.Services().Run, 2027);
        l.Clock.Advance(TimeSpan.FromDays(1));
        var claim = await l.Services().Records.FileClaimAsync(RenewalHarness.ApplicantOf(RenewalHarness.UsccOf(3)), g["A16.2"], 2027, Fen(3_000_000.01m));
        Assert.True(claim.IsSuccess, claim.Error?.Code);
        l.Clock.Advance(TimeSpan.FromDays(3)); // 2027-01-05

        var report = await h.Run().RunAsync("admin-1");
        Assert.Equal("20270105", report.RunId);
        var batches = report.Batches.ToDictionary(b => b.Id, b => (b.Payees, b.Lines, b.TotalFen));
        Assert.Equal(2, batches.Count);
        Assert.Equal((2, 2, Fen(1_234_567.89m + 500_000.01m)), batches["20270105-2027-A05.1"]);
        Assert.Equal((1, 1, Fen(900_000.00m)), batches["20270105-2027-A16.2"]);
    }

    [Fact]
    public async Task Twenty_concurrent_run_starts_put_each_line_in_one_batch_and_end_as_one_run()
    {
        var (h, g) = await SeedAsync();
        var clean = await h.CloneAsync();
        await clean.Run().RunAsync("admin-1");

        var reports = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => h.Run().RunAsync("admin-1"))));
        Assert.All(reports, r => Assert.Equal(3, r.Batches.Count));
        Assert.All(reports, r => Assert.Equal(Fen(500_000m + 5_734_567.90m + 5_500_000m), r.Batches.Sum(b => b.TotalFen)));
        var byBatch = await h.LinesByBatchAsync(g.Values);
        Assert.Equal(8, byBatch.Values.Sum(v => v.Count));
        Assert.Equal(Normalise(await clean.SnapshotAsync(), clean.Lifecycle.Prefix), Normalise(await h.SnapshotAsync(), h.Lifecycle.Prefix));
    }

    [Fact]
    public async Task A_crash_at_every_storage_request_then_a_resume_ends_in_the_clean_run()
    {
        var (h, _) = await SeedAsync();
        var clean = await h.CloneAsync();
        var counting = new CountingPolicy(int.MaxValue);
        await clean.Run(counting).RunAsync("admin-1");
        var expected = Normalise(await clean.SnapshotAsync(), clean.Lifecycle.Prefix);
        var total = counting.Count;
        Assert.InRange(total, 20, 400);

        for (var n = 1; n < total; n++)
        {
            var lastOneLands = n % 2 == 0;
            var copy = await h.CloneAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => copy.Run(new CountingPolicy(n, lastOneLands)).RunAsync("admin-1"));
            await copy.Run().RunAsync("admin-1");
            Assert.True(expected.SequenceEqual(Normalise(await copy.SnapshotAsync(), copy.Lifecycle.Prefix)), $"crash after request {n} (answer lost: {lastOneLands})");
        }
    }

    private static List<string> Normalise(IEnumerable<string> rows, string prefix) => rows.Select(r => r.Replace(prefix, "", StringComparison.Ordinal)).ToList();

    private sealed class ReportComparer : IEqualityComparer<PaymentRunReport>
    {
        public static readonly ReportComparer Instance = new();

        public bool Equals(PaymentRunReport? x, PaymentRunReport? y) =>
            x is not null && y is not null && x.RunId == y.RunId && x.Status == y.Status && x.Batches.SequenceEqual(y.Batches);

        public int GetHashCode(PaymentRunReport obj) => obj.RunId.GetHashCode(StringComparison.Ordinal);
    }
}
