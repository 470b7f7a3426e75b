using System.Text;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Payments;
using NeoBay.Grants.Tests.Renewals;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Payments;

/// <summary>Payment runs over <see cref="PaymentPortfolio"/>: batches, totals, concurrency, crashes.</summary>
public sealed class PaymentRunTests
{
    [Fact]
    public async Task A_run_gathers_one_batch_per_fiscal_year_and_funding_line_with_hand_computed_totals()
    {
        var (h, g) = await PaymentPortfolio.SeedAsync();
        var report = await h.Run().RunAsync("admin-1");

        Assert.Equal("20261201", report.RunId);
        Assert.Equal(RunStatuses.Complete, report.Status);
        var batches = report.Batches.ToDictionary(b => b.Id);
        Assert.Equal(["20261201-2026-A04.4", "20261201-2026-A05.1", "20261201-2026-A16.2"], batches.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new BatchSummary("20261201-2026-A04.4", 2026, "A04.4", BatchStatuses.Sealed, 1, 2, PaymentPortfolio.Fen(500_000.00m), null), batches["20261201-2026-A04.4"]);
        // 3,000,000.00 + 1,234,567.89 + 1,000,000.00 + 500,000.01 = 5,734,567.90 over two payees.
        Assert.Equal(new BatchSummary("20261201-2026-A05.1", 2026, "A05.1", BatchStatuses.Sealed, 2, 4, PaymentPortfolio.Fen(5_734_567.90m), null), batches["20261201-2026-A05.1"]);
        Assert.Equal(new BatchSummary("20261201-2026-A16.2", 2026, "A16.2", BatchStatuses.Sealed, 1, 2, PaymentPortfolio.Fen(5_500_000.00m), null), batches["20261201-2026-A16.2"]);

        // Every issued line of a payee with a verified account is in exactly the batch that lists it; A02.1 (no account) in none.
        var byBatch = await h.LinesByBatchAsync(g.Values);
        foreach (var b in report.Batches)
        {
            var content = (await h.Store.GetBatchContentAsync(b.Id))!;
            Assert.Equal(byBatch[b.Id].Select(l => (l.GrantId, l.FiscalYear, l.Component)).Order(), content.Items.Select(i => (i.GrantId, i.FiscalYear, i.Component)).Order());
        }

        var a021 = (await h.Lifecycle.Grants.GetAsync(g["A02.1"]))!.Ledger;
        Assert.All(a021, l => Assert.Null(l.BatchId));
        Assert.Equal(PaymentPortfolio.Fen(2_400_000m), a021.Where(l => l.Status == LedgerStatus.Issued).Sum(l => l.AmountFen));

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
        var (h, g) = await PaymentPortfolio.SeedAsync();
        var l = h.Lifecycle;
        await h.Run().RunAsync("admin-1");

        l.Clock.SetUtcNow(RenewalHarness.RunTime);
        await RenewalHarness.RunAsync(l.Services().Run, 2027);
        l.Clock.Advance(TimeSpan.FromDays(1));
        var claim = await l.Services().Records.FileClaimAsync(RenewalHarness.ApplicantOf(RenewalHarness.UsccOf(3)), g["A16.2"], 2027, PaymentPortfolio.Fen(3_000_000.01m));
        Assert.True(claim.IsSuccess, claim.Error?.Code);
        l.Clock.Advance(TimeSpan.FromDays(3)); // 2027-01-05

        var report = await h.Run().RunAsync("admin-1");
        Assert.Equal("20270105", report.RunId);
        var batches = report.Batches.ToDictionary(b => b.Id, b => (b.Payees, b.Lines, b.TotalFen));
        Assert.Equal(2, batches.Count);
        Assert.Equal((2, 2, PaymentPortfolio.Fen(1_234_567.89m + 500_000.01m)), batches["20270105-2027-A05.1"]);
        Assert.Equal((1, 1, PaymentPortfolio.Fen(900_000.00m)), batches["20270105-2027-A16.2"]);
    }

    [Fact]
    public async Task Twenty_concurrent_run_starts_put_each_line_in_one_batch_and_end_as_one_run()
    {
        var (h, g) = await PaymentPortfolio.SeedAsync();
        var clean = await h.CloneAsync();
        await clean.Run().RunAsync("admin-1");

        var reports = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => h.Run().RunAsync("admin-1"))));
        Assert.All(reports, r => Assert.Equal(3, r.Batches.Count));
        Assert.All(reports, r => Assert.Equal(PaymentPortfolio.Fen(500_000m + 5_734_567.90m + 5_500_000m), r.Batches.Sum(b => b.TotalFen)));
        var byBatch = await h.LinesByBatchAsync(g.Values);
        Assert.Equal(8, byBatch.Values.Sum(v => v.Count));
        Assert.Equal(Normalise(await clean.SnapshotAsync(), clean.Lifecycle.Prefix), Normalise(await h.SnapshotAsync(), h.Lifecycle.Prefix));
    }

    [Fact]
    public async Task A_crash_at_every_storage_request_then_a_resume_ends_in_the_clean_run()
    {
        var (h, _) = await PaymentPortfolio.SeedAsync();
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
            var crashing = new CountingPolicy(n, lastOneLands);
            try
            {
                await copy.Run(crashing).RunAsync("admin-1");
                // Parallel workers may take a different path (an ETag retry more or less): a run that ends on its own
                // never went past the crash point and needs no resume.
                Assert.True(crashing.Count <= n && !lastOneLands || crashing.Count < n, $"request {n} should have crashed");
            }
            catch (Exception)
            {
                // the simulated crash, wherever it surfaced
            }

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
