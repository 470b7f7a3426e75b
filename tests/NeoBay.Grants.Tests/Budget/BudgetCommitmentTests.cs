using Azure;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Budget;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Tests.Renewals;
using NeoBay.Grants.Vouchers;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Budget;

/// <summary>
/// Budget arithmetic by hand over a small portfolio approved 2026-11-26 (fiscal 2026), renewed at the start of 2027
/// (docs/budget.md). Amounts in fen: 2,400,000.00 yuan = 240_000_000.
/// </summary>
public sealed class BudgetCommitmentTests
{
    private static readonly string U1 = RenewalHarness.UsccOf(101), U2 = RenewalHarness.UsccOf(102), U3 = RenewalHarness.UsccOf(103),
        U4 = RenewalHarness.UsccOf(104), U5 = RenewalHarness.UsccOf(105), U6 = RenewalHarness.UsccOf(106);

    private static IReadOnlyDictionary<string, FactValue> A021(decimal totalInvestment) =>
        FundHarness.Facts(("totalInvestment", totalInvestment), ("nationalApproval", true));

    private static IReadOnlyDictionary<string, FactValue> A051(decimal construction, decimal operating) =>
        FundHarness.Facts(("constructionNeeds", construction), ("operatingNeeds", operating));

    [Fact]
    public async Task A_portfolio_of_staged_multi_year_and_voucher_grants_counts_commitments_issues_and_lapses_by_hand()
    {
        var f = await FundHarness.CreateAsync();
        await f.SetAsync(2026, ("A02", 300_000_000), ("A04.4", 200_000_000), ("A05", 3_000_000_000));
        await f.SetAsync(2027, ("A05", 1_000_000_000), ("A04.4", 50_000_000));

        // A02.1: 20% × 12,000,000 = 2,400,000.00, paid on approval.
        Assert.True((await f.ApproveAsync("A02.1", U1, A021(12_000_000m))).IsSuccess);
        // A04.4: 50% × 4,000,000 = 2,000,000.00 in two stages (rule 7): 1,000,000.00 on approval, 1,000,000.00 on acceptance (planned 2026).
        var staged = await f.ApproveAsync("A04.4", U2, FundHarness.Facts(("conversionCost", 4_000_000m)));
        Assert.True(staged.IsSuccess, staged.Error?.Code);
        // A05.1: construction 15,000,000.00 + operating min(12,000,000, 10,000,000) a year × 3: 2026 paid now, 2027 and 2028 committed now.
        var multi = await f.ApproveAsync("A05.1", U3, A051(15_000_000m, 12_000_000m));
        Assert.True(multi.IsSuccess, multi.Error?.Code);
        // A09.4 (SME): the 2026 quota 300,000.00 is committed; a redemption of 50% × 100,000.00 = 50,000.00 is issued.
        Assert.True((await f.ApproveAsync("A09.4", U4, new Dictionary<string, FactValue>(), isSme: true)).IsSuccess);
        var redeemed = await f.Vouchers.RedeemAsync(RenewalHarness.ApplicantOf(U4), new RedemptionCommand(10_000_000, "某研发服务机构", "INV-1"));
        Assert.True(redeemed.IsSuccess, redeemed.Error?.Code);

        Assert.Equal((300_000_000L, 240_000_000L, 240_000_000L, 0L, 60_000_000L), await f.FiguresAsync(2026, "A02"));
        Assert.Equal((200_000_000L, 200_000_000L, 100_000_000L, 0L, 0L), await f.FiguresAsync(2026, "A04.4"));
        Assert.Equal((3_000_000_000L, 2_500_000_000L, 2_500_000_000L, 0L, 500_000_000L), await f.FiguresAsync(2026, "A05"));
        Assert.Equal(((long?)null, 30_000_000L, 5_000_000L, 0L, (long?)null), await f.FiguresAsync(2026, "A09.4"));
        Assert.Equal((1_000_000_000L, 1_000_000_000L, 0L, 0L, 0L), await f.FiguresAsync(2027, "A05"));
        Assert.Equal(((long?)null, 1_000_000_000L, 0L, 0L, (long?)null), await f.FiguresAsync(2028, "A05.1"));
        // 2026 totals: budget 35,000,000; committed 2.4M + 2M + 25M + 0.3M; issued 2.4M + 1M + 25M + 0.05M; available 35M − 29.4M (budgeted lines).
        Assert.Equal(new BudgetFigures("total", 3_500_000_000, 2_970_000_000, 2_845_000_000, 0, 560_000_000), await f.TotalAsync(2026));

        // A second A02.1 of 2,400,000.00 needs more than the 600,000.00 left of A02 in 2026: refused with the figures, nothing counted.
        var over = await f.ApproveAsync("A02.1", U5, A021(12_000_000m));
        Assert.Equal(BudgetService.BudgetExceeded, over.Error?.Code);
        Assert.Equal(ErrorKind.Conflict, over.Error!.Kind);
        Assert.Equal(["fiscalYear=2026", "line=A02", "budget=3000000.00", "committed=2400000.00", "available=600000.00", "requested=2400000.00"],
            over.Error.Figures!.Select(p => p.Key + "=" + Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(240_000_000L, (await f.FiguresAsync(2026, "A02")).Committed);
        // A second A05.1 fits 2026 (5,000,000 left ≥ 1,000,000 + 1,000,000) but not 2027 (0 left): refused, and its 2026 count is released.
        var multiOver = await f.ApproveAsync("A05.1", U6, A051(1_000_000m, 1_000_000m));
        Assert.Equal(BudgetService.BudgetExceeded, multiOver.Error?.Code);
        Assert.Equal(2027, multiOver.Error!.Figures![0].Value);
        Assert.Equal(2_500_000_000L, (await f.FiguresAsync(2026, "A05")).Committed);
        Assert.Equal(1_000_000_000L, (await f.FiguresAsync(2028, "A05.1")).Committed);

        // 2027-01-01 00:05 CST: the run issues A05.1 operating year 2, issues the 2027 quota and lapses the 250,000.00 left of 2026's.
        f.H.Clock.SetUtcNow(RenewalHarness.RunTime);
        await RenewalHarness.RunAsync(f.Run, 2027);
        await RenewalHarness.RunAsync(f.Run, 2027); // a repeated run counts nothing twice
        Assert.Equal((1_000_000_000L, 1_000_000_000L, 1_000_000_000L, 0L, 0L), await f.FiguresAsync(2027, "A05"));
        Assert.Equal(((long?)null, 5_000_000L, 5_000_000L, 25_000_000L, (long?)null), await f.FiguresAsync(2026, "A09.4"));
        Assert.Equal(((long?)null, 30_000_000L, 0L, 0L, (long?)null), await f.FiguresAsync(2027, "A09.4"));

        // Stage 2 of A04.4 is accepted in 2027: re-planned from 2026 to 2027, where A04.4 has 500,000.00 for 1,000,000.00 → refused.
        var grant = (await f.Decisions.GetGrantAsync(RenewalHarness.Reviewer, staged.Value!.GrantId!)).Value!;
        var refused = await f.Decisions.AcceptStageAsync(RenewalHarness.Reviewer, grant.Grant.Id, 2, ETags.ForVersion(grant.Grant.Version));
        Assert.Equal(BudgetService.BudgetExceeded, refused.Error?.Code);
        Assert.Equal((200_000_000L, 200_000_000L, 100_000_000L, 0L, 0L), await f.FiguresAsync(2026, "A04.4"));
        await f.SetAsync(2027, ("A05", 1_000_000_000), ("A04.4", 150_000_000));
        var accepted = await f.Decisions.AcceptStageAsync(RenewalHarness.Reviewer, grant.Grant.Id, 2, ETags.ForVersion(grant.Grant.Version));
        Assert.True(accepted.IsSuccess, accepted.Error?.Code);
        var stage2 = accepted.Value!.Ledger.Single(l => l.Stage == 2);
        Assert.Equal((2026, 2027, 2027), (stage2.FiscalYear, stage2.PlannedYear, stage2.IssuedYear)); // the key keeps 2026
        Assert.Equal(2027, (await f.H.Grants.GetAsync(grant.Grant.Id))!.Ledger.Single(l => l.Stage == 2).PlannedYear);
        Assert.True((await f.Decisions.AcceptStageAsync(RenewalHarness.Reviewer, grant.Grant.Id, 2, ETags.ForVersion(grant.Grant.Version))).IsSuccess); // idempotent
        Assert.Equal((200_000_000L, 100_000_000L, 100_000_000L, 0L, 100_000_000L), await f.FiguresAsync(2026, "A04.4"));
        Assert.Equal((150_000_000L, 100_000_000L, 100_000_000L, 0L, 50_000_000L), await f.FiguresAsync(2027, "A04.4"));
        Assert.Equal(new BudgetFigures("total", 3_500_000_000, 2_845_000_000, 2_845_000_000, 25_000_000, 660_000_000), await f.TotalAsync(2026));
    }

    [Fact]
    public async Task Five_approvals_racing_for_a_budget_of_three_win_exactly_three()
    {
        var f = await FundHarness.CreateAsync();
        await f.SetAsync(2026, ("A02.1", 210_000_000)); // 2,100,000.00: room for three of 700,000.00 (20% × 3,500,000)
        var prepared = new List<(string Id, string ETag)>();
        for (var i = 0; i < 5; i++) prepared.Add(await f.H.PrepareAsync("A02.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(200 + i), A021(3_500_000m)));

        var decided = await Task.WhenAll(prepared.Select(p => f.Decisions.DecideAsync(RenewalHarness.Reviewer, p.Id, p.ETag, new DecisionCommand(true, null, null))));

        Assert.Equal(3, decided.Count(d => d.IsSuccess));
        Assert.Equal(2, decided.Count(d => d.Error?.Code == BudgetService.BudgetExceeded));
        Assert.Equal((210_000_000L, 210_000_000L, 210_000_000L, 0L, 0L), await f.FiguresAsync(2026, "A02.1"));
        foreach (var (p, d) in prepared.Zip(decided))
            Assert.Equal(d.IsSuccess ? ApplicationStatus.Approved : ApplicationStatus.Eligible, (await f.H.Applications.GetAsync(p.Id))!.Status);
    }

    [Fact]
    public async Task A_crash_between_the_count_and_the_approval_counts_once_after_the_retry_and_nothing_after_a_rejection()
    {
        var f = await FundHarness.CreateAsync();
        await f.SetAsync(2026, ("A02", 300_000_000));
        var crashing = new ApprovalCrashes(f.H.Applications);
        var decider = f.Decider(crashing);
        var (first, firstETag) = await f.H.PrepareAsync("A02.1", ApplicantKind.Enterprise, U1, A021(12_000_000m));
        var (second, secondETag) = await f.H.PrepareAsync("A02.1", ApplicantKind.Enterprise, U2, A021(1_000_000m));

        await Assert.ThrowsAsync<RequestFailedException>(() => decider.DecideAsync(RenewalHarness.Reviewer, first, firstETag, new DecisionCommand(true, null, null)));
        Assert.Equal(240_000_000L, (await f.FiguresAsync(2026, "A02")).Committed); // reserved, not yet approved

        // Recovery by the reviewer's retry: approved, counted once (its own reservation is not checked against itself).
        var retried = await decider.DecideAsync(RenewalHarness.Reviewer, first, firstETag, new DecisionCommand(true, null, null));
        Assert.True(retried.IsSuccess, retried.Error?.Code);
        Assert.Equal((300_000_000L, 240_000_000L, 240_000_000L, 0L, 60_000_000L), await f.FiguresAsync(2026, "A02"));

        // Recovery by a rejection: the 200,000.00 (20% × 1,000,000) reserved by the interrupted approval is released.
        await Assert.ThrowsAsync<RequestFailedException>(() => decider.DecideAsync(RenewalHarness.Reviewer, second, secondETag, new DecisionCommand(true, null, null)));
        Assert.Equal(260_000_000L, (await f.FiguresAsync(2026, "A02")).Committed);
        var rejected = await decider.DecideAsync(RenewalHarness.Reviewer, second, secondETag, new DecisionCommand(false, null, "预算调整"));
        Assert.True(rejected.IsSuccess, rejected.Error?.Code);
        Assert.Equal((300_000_000L, 240_000_000L, 240_000_000L, 0L, 60_000_000L), await f.FiguresAsync(2026, "A02"));
    }

    [Fact]
    public async Task A_crash_after_a_release_or_a_renewal_before_its_count_is_counted_once_by_the_repeat()
    {
        var f = await FundHarness.CreateAsync();
        var staged = await f.ApproveAsync("A04.4", U1, FundHarness.Facts(("conversionCost", 4_000_000m)));
        var multi = await f.ApproveAsync("A05.1", U2, A051(1_000_000m, 2_000_000m));
        Assert.True(staged.IsSuccess && multi.IsSuccess);
        var crashes = f.With(new RecordCrashes(f.Budget));

        // Stage 2 accepted in 2026 (its planned year): the grant is updated, then the process dies before counting.
        var grant = (await f.Decisions.GetGrantAsync(RenewalHarness.Reviewer, staged.Value!.GrantId!)).Value!;
        await Assert.ThrowsAsync<RequestFailedException>(() => crashes.Decisions.AcceptStageAsync(RenewalHarness.Reviewer, grant.Grant.Id, 2, ETags.ForVersion(grant.Grant.Version)));
        Assert.Equal(100_000_000L, (await f.FiguresAsync(2026, "A04.4")).Issued);
        Assert.True((await f.Decisions.AcceptStageAsync(RenewalHarness.Reviewer, grant.Grant.Id, 2, ETags.ForVersion(grant.Grant.Version))).IsSuccess);
        Assert.True((await f.Decisions.AcceptStageAsync(RenewalHarness.Reviewer, grant.Grant.Id, 2, ETags.ForVersion(grant.Grant.Version))).IsSuccess);
        Assert.Equal((null, 200_000_000L, 200_000_000L, 0L, null), await f.FiguresAsync(2026, "A04.4"));

        // The 2027 run writes A05.1's operating year 2 (2,000,000.00), then dies before counting; the resumed run counts it once.
        f.H.Clock.SetUtcNow(RenewalHarness.RunTime);
        var started = await crashes.Run.StartAsync("test", 2027);
        Assert.True(started.IsSuccess);
        var shard = GrantKeys.Shard(multi.Value!.GrantId!);
        await Assert.ThrowsAsync<RequestFailedException>(() => crashes.Run.ProcessShardAsync(2027, shard));
        Assert.Equal(0L, (await f.FiguresAsync(2027, "A05.1")).Issued);
        await RenewalHarness.RunAsync(f.Run, 2027);
        Assert.Equal((null, 200_000_000L, 200_000_000L, 0L, null), await f.FiguresAsync(2027, "A05.1"));
    }

    [Fact]
    public async Task A_budget_is_set_with_its_etag_and_refuses_unknown_lines()
    {
        var f = await FundHarness.CreateAsync();
        var set = await f.Budget.SetAsync("admin-1", 2027, null, [new BudgetLine("A02", 3_000_000_000)]);
        Assert.Equal(1, set.Value!.Version);
        Assert.Equal(ErrorKind.PreconditionRequired, (await f.Budget.SetAsync("admin-1", 2027, null, [new BudgetLine("A02", 1)])).Error?.Kind);
        Assert.Equal(ErrorKind.PreconditionFailed, (await f.Budget.SetAsync("admin-1", 2027, "\"v7\"", [new BudgetLine("A02", 1)])).Error?.Kind);
        Assert.Equal("UnknownBudgetLine", (await f.Budget.SetAsync("admin-1", 2027, "\"v1\"", [new BudgetLine("A99", 1)])).Error?.Code);
        Assert.Equal("UnknownBudgetLine", (await f.Budget.SetAsync("admin-1", 2027, "\"v1\"", [new BudgetLine("A02.9", 1)])).Error?.Code);
        Assert.Equal("DuplicateBudgetLine", (await f.Budget.SetAsync("admin-1", 2027, "\"v1\"", [new BudgetLine("A02", 1), new BudgetLine("A02", 2)])).Error?.Code);
        Assert.Equal("FiscalYearOutOfRange", (await f.Budget.SetAsync("admin-1", 2032, null, [])).Error?.Code);
        // A measure line inside an article line is part of it: the year's budget is the article's.
        var both = await f.Budget.SetAsync("admin-1", 2027, "\"v1\"", [new BudgetLine("A02", 3_000_000_000), new BudgetLine("A02.1", 1_000_000_000), new BudgetLine("A05", 5)]);
        Assert.Equal((2, 3_000_000_005L), (both.Value!.Version, both.Value.Total.BudgetFen!.Value));
    }

    /// <summary>The first approval's write dies (the process crashed after the budget was counted).</summary>
    private sealed class ApprovalCrashes(IApplicationStore inner) : IApplicationStore
    {
        private int crashes;

        public Task<ApplicationRecord> ReplaceAsync(ApplicationRecord application, AuditEntry audit, CancellationToken cancellationToken = default) =>
            application.Status == ApplicationStatus.Approved && Interlocked.Increment(ref crashes) % 2 == 1
                ? throw new RequestFailedException(503, "Simulated crash before the approval was written.")
                : inner.ReplaceAsync(application, audit, cancellationToken);

        public Task<bool> TryCreateAsync(ApplicationRecord application, AuditEntry audit, CancellationToken cancellationToken = default) => inner.TryCreateAsync(application, audit, cancellationToken);
        public Task<ApplicationRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);
        public Task UpsertIndexAsync(ApplicationSummary summary, CancellationToken cancellationToken = default) => inner.UpsertIndexAsync(summary, cancellationToken);
        public Task<ListPage<ApplicationSummary>> ListAsync(string? uscc, string? continuationToken, int pageSize, CancellationToken cancellationToken = default) =>
            inner.ListAsync(uscc, continuationToken, pageSize, cancellationToken);
        public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string id, CancellationToken cancellationToken = default) => inner.GetAuditAsync(id, cancellationToken);
        public bool Fits(ApplicationRecord application) => inner.Fits(application);
        public Task<IdempotencyRecord?> GetIdempotencyAsync(string scope, string keyHash, CancellationToken cancellationToken = default) => inner.GetIdempotencyAsync(scope, keyHash, cancellationToken);
        public Task<bool> TryAddIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken = default) => inner.TryAddIdempotencyAsync(record, cancellationToken);
    }

    /// <summary>Every count of issued or renewed lines dies (the process crashed after the ledger write).</summary>
    private sealed class RecordCrashes(IBudgetCommitments inner) : IBudgetCommitments
    {
        public Task<UseCaseError?> ReserveApprovalAsync(string grantId, string measure, IReadOnlyList<LedgerLine> lines, CancellationToken cancellationToken = default) =>
            inner.ReserveApprovalAsync(grantId, measure, lines, cancellationToken);
        public Task ReleaseApprovalAsync(string grantId, CancellationToken cancellationToken = default) => inner.ReleaseApprovalAsync(grantId, cancellationToken);
        public Task RecordAsync(IEnumerable<BudgetEvent> events, CancellationToken cancellationToken = default) =>
            events.Any() ? throw new RequestFailedException(503, "Simulated crash before the count.") : Task.CompletedTask;
        public Task<UseCaseError?> MoveAsync(BudgetEvent moveOut, BudgetEvent moveIn, CancellationToken cancellationToken = default) => inner.MoveAsync(moveOut, moveIn, cancellationToken);
    }
}
