using System.Reflection;
using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Storage;

namespace NeoBay.Grants.Tests.Payments;

/// <summary>
/// What the run's range scan of <c>grants</c> adds (docs/payments.md): a grant's rows split over pages, a revocation between
/// the scan and the claim, and no dependence on the grant index. Figures from <see cref="PaymentPortfolio"/>.
/// </summary>
public sealed class PaymentScanTests
{
    private const string A051 = "20261201-2026-A05.1";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(1000)]
    public async Task Every_page_size_ends_in_the_same_run(int pageSize)
    {
        var (h, _) = await PaymentPortfolio.SeedAsync();
        var clean = await h.CloneAsync();
        await clean.Run().RunAsync("admin-1");

        var report = await new PaymentRunService(h.Store, h.Lifecycle.Grants, h.Lifecycle.Clock, new PaymentRunOptions(PageSize: pageSize, Parallelism: 2)).RunAsync("admin-1");

        // 500,000.00 + 5,734,567.90 + 5,500,000.00 over 8 lines, whatever the page size.
        Assert.Equal((8, PaymentPortfolio.Fen(11_734_567.90m)), (report.Batches.Sum(b => b.Lines), report.Batches.Sum(b => b.TotalFen)));
        Assert.Equal(Normalise(await clean.SnapshotAsync(), clean.Lifecycle.Prefix), Normalise(await h.SnapshotAsync(), h.Lifecycle.Prefix));
    }

    [Fact]
    public async Task A_grant_revoked_between_the_scan_and_the_claim_is_not_claimed()
    {
        var (h, g) = await PaymentPortfolio.SeedAsync();
        var revoked = g["A05.1 b"];
        var store = ClaimHook.Wrap(h.Store, async grant =>
        {
            if (grant.Id == revoked) await h.Lifecycle.RevokeAsync(grant.Id);
        });

        var report = await new PaymentRunService(store, h.Lifecycle.Grants, h.Lifecycle.Clock, new PaymentRunOptions(PageSize: 3, Parallelism: 4)).RunAsync("admin-1");

        // The revocation stamped the grant's lines: the claim, on the lines' ETags read by the scan, failed, the grant was read again, revoked, and skipped.
        var a051 = report.Batches.Single(b => b.Id == A051);
        // 5,734,567.90 − (1,000,000.00 + 500,000.01) = 4,234,567.89: one payee, two lines.
        Assert.Equal((1, 2, PaymentPortfolio.Fen(4_234_567.89m)), (a051.Payees, a051.Lines, a051.TotalFen));
        var view = (await h.Lifecycle.Grants.GetAsync(revoked))!;
        Assert.Equal(GrantStatuses.Revoked, view.Grant.Status);
        Assert.All(view.Ledger, l => Assert.Null(l.BatchId));
        Assert.DoesNotContain((await h.Store.GetBatchContentAsync(A051))!.Items, i => i.GrantId == revoked);
        Assert.Equal(["20261201-2026-A04.4", A051, "20261201-2026-A16.2"], report.Batches.Select(b => b.Id).Order(StringComparer.Ordinal));

        // The grant's audit chain still holds.
        var grants = await h.Lifecycle.Tables.GetAsync(GrantsTables.Grants);
        Assert.Null((await TableAuditVerifier.VerifyTableAsync(grants)).FirstBreak);
    }

    [Fact]
    public async Task A_grant_whose_header_was_read_before_its_revocation_and_its_lines_after_is_not_claimed()
    {
        var (h, g) = await PaymentPortfolio.SeedAsync();
        var revoked = g["A05.1 b"];
        await h.Lifecycle.RevokeAsync(revoked);
        var lines = (await h.Lifecycle.Grants.GetAsync(revoked))!.Ledger;
        Assert.All(lines.Where(l => l.Status == LedgerStatus.Issued), l => Assert.True(l.GrantRevoked));
        // The scan answers the header as it was before the revocation (active), the lines as they are: the lines' stamp decides.
        var store = ClaimHook.WrapScan(h.Store, grant => grant.Id == revoked ? grant with { Status = GrantStatuses.Active } : grant);

        var report = await new PaymentRunService(store, h.Lifecycle.Grants, h.Lifecycle.Clock, new PaymentRunOptions(PageSize: 1000, Parallelism: 2)).RunAsync("admin-1");

        // 5,734,567.90 − (1,000,000.00 + 500,000.01) = 4,234,567.89: one payee, two lines.
        var a051 = report.Batches.Single(b => b.Id == A051);
        Assert.Equal((1, 2, PaymentPortfolio.Fen(4_234_567.89m)), (a051.Payees, a051.Lines, a051.TotalFen));
        Assert.All((await h.Lifecycle.Grants.GetAsync(revoked))!.Ledger, l => Assert.Null(l.BatchId));
    }

    [Fact]
    public async Task The_run_does_not_read_the_grant_index_so_a_stale_or_missing_entry_changes_nothing()
    {
        var (h, g) = await PaymentPortfolio.SeedAsync();
        var index = await h.Lifecycle.Tables.GetAsync(GrantsTables.GrantIndex);
        var removed = 0;
        await foreach (var e in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"shard-"} and PartitionKey lt {"shard."}")))
        {
            // A16.2's entry says revoked (stale); every other shard entry is gone.
            if (e.RowKey == g["A16.2"]) await index.UpdateEntityAsync(new TableEntity(e.PartitionKey, e.RowKey) { ["Status"] = GrantStatuses.Revoked }, e.ETag);
            else await index.DeleteEntityAsync(e.PartitionKey, e.RowKey, e.ETag);
            removed++;
        }

        Assert.Equal(5, removed);
        var report = await h.Run().RunAsync("admin-1");

        Assert.Equal(
            [(500_000.00m, 2), (5_734_567.90m, 4), (5_500_000.00m, 2)],
            report.Batches.OrderBy(b => b.Id, StringComparer.Ordinal).Select(b => (b.TotalFen / 100m, b.Lines)));
    }

    private static List<string> Normalise(IEnumerable<string> rows, string prefix) => rows.Select(r => r.Replace(prefix, "", StringComparison.Ordinal)).ToList();

    /// <summary>
    /// An <see cref="IPaymentStore"/> that runs a step just before each claim (between the run's read and its claim), or whose
    /// scan answers each grant header changed by a function (a header read at another moment).
    /// </summary>
    public class ClaimHook : DispatchProxy
    {
        private IPaymentStore inner = null!;
        private Func<GrantRecord, Task>? beforeClaim;
        private Func<GrantRecord, GrantRecord>? header;

        public static IPaymentStore Wrap(IPaymentStore inner, Func<GrantRecord, Task> beforeClaim) => Create(inner, beforeClaim, null);

        public static IPaymentStore WrapScan(IPaymentStore inner, Func<GrantRecord, GrantRecord> header) => Create(inner, null, header);

        private static IPaymentStore Create(IPaymentStore inner, Func<GrantRecord, Task>? beforeClaim, Func<GrantRecord, GrantRecord>? header)
        {
            var proxy = Create<IPaymentStore, ClaimHook>();
            var hook = (ClaimHook)(object)proxy;
            (hook.inner, hook.beforeClaim, hook.header) = (inner, beforeClaim, header);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod!.Name switch
        {
            nameof(IPaymentStore.ClaimLinesAsync) when beforeClaim is not null => ClaimAsync(args!),
            nameof(IPaymentStore.ScanIssuedAsync) when header is not null => ScanAsync(args!),
            _ => targetMethod.Invoke(inner, args),
        };

        private async Task ClaimAsync(object?[] args)
        {
            await beforeClaim!((GrantRecord)args[0]!);
            await inner.ClaimLinesAsync((GrantRecord)args[0]!, (IReadOnlyList<LedgerLine>)args[1]!, (CancellationToken)args[2]!);
        }

        private async Task<ListPage<ScannedGrant>> ScanAsync(object?[] args)
        {
            var page = await inner.ScanIssuedAsync((string?)args[0], (int)args[1]!, (CancellationToken)args[2]!);
            return page with { Items = page.Items.Select(s => s.Grant is null ? s : s with { Grant = header!(s.Grant) }).ToList() };
        }
    }
}
