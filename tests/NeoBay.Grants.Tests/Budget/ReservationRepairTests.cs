using NeoBay.Grants.Budget;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Tests.Renewals;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Budget;

/// <summary>
/// Orphan reservations (docs/budget.md "Repair"), A02.1 = 20% of the investment, 2026 A02 budget 5,000,000.00, grace one day.
/// At 2026-11-26 11:00 CST: orphan 1 (12,000,000 → 2,400,000.00), an approval (1,000,000 → 200,000.00), orphan 2
/// (500,000 → 100,000.00); 20 h later a young reservation (2,000,000 → 400,000.00). Committed 3,100,000.00.
/// 25 h after the first: orphans 1 and 2 are released (→ 600,000.00 committed and issued: A02.1 is paid on approval),
/// the approval and the young one kept.
/// </summary>
public sealed class ReservationRepairTests
{
    private static IReadOnlyDictionary<string, FactValue> A021(decimal totalInvestment) =>
        FundHarness.Facts(("totalInvestment", totalInvestment), ("nationalApproval", true));

    /// <summary>Each release is written, then the process "dies" once (after the first released marker).</summary>
    private sealed class CrashAfterRelease(IBudgetStore inner) : IBudgetStore
    {
        private int releases;

        public Task<BudgetYear?> GetYearAsync(int fiscalYear, CancellationToken cancellationToken = default) => inner.GetYearAsync(fiscalYear, cancellationToken);
        public Task<BudgetEvent?> GetEventAsync(int fiscalYear, string eventId, CancellationToken cancellationToken = default) => inner.GetEventAsync(fiscalYear, eventId, cancellationToken);
        public Task<BudgetApply> ApplyAsync(BudgetYear updated, BudgetEvent counted, CancellationToken cancellationToken = default) => inner.ApplyAsync(updated, counted, cancellationToken);
        public Task<IReadOnlyList<BudgetEvent>> ListEventsAsync(int fiscalYear, string idPrefix, CancellationToken cancellationToken = default) =>
            inner.ListEventsAsync(fiscalYear, idPrefix, cancellationToken);
        public Task<BudgetYear> SaveYearAsync(BudgetYear year, CancellationToken cancellationToken = default) => inner.SaveYearAsync(year, cancellationToken);

        public async Task ReleaseAsync(BudgetYear updated, BudgetEvent released, CancellationToken cancellationToken = default)
        {
            await inner.ReleaseAsync(updated, released, cancellationToken);
            if (++releases == 1) throw new InvalidOperationException("crash after the first release");
        }
    }

    private static async Task ReserveAsync(FundHarness f, string uscc, decimal investment)
    {
        // What an approval does before it records the approval; the process dies in between (docs/budget.md "Crashes").
        var (id, _) = await f.H.PrepareAsync("A02.1", ApplicantKind.Enterprise, uscc, A021(investment));
        var application = (await f.H.Applications.GetAsync(id))!;
        var grantId = GrantKeys.ForApplication(id);
        var lines = LedgerPlanner.Plan(grantId, application.Decision!, application.Decision!.AmountFen!.Value, f.H.Clock.GetUtcNow());
        Assert.Null(await f.Budget.ReserveApprovalAsync(grantId, "A02.1", lines));
    }

    [Fact]
    public async Task Orphans_past_the_grace_period_are_released_once_even_across_a_crash()
    {
        var f = await FundHarness.CreateAsync();
        await f.SetAsync(2026, ("A02", 500_000_000));
        await ReserveAsync(f, RenewalHarness.UsccOf(201), 12_000_000m);
        f.H.Clock.Advance(TimeSpan.FromMinutes(1)); // ids are time-sortable: the repair meets orphan 1 first
        Assert.True((await f.ApproveAsync("A02.1", RenewalHarness.UsccOf(202), A021(1_000_000m))).IsSuccess);
        f.H.Clock.Advance(TimeSpan.FromMinutes(1));
        await ReserveAsync(f, RenewalHarness.UsccOf(203), 500_000m);
        f.H.Clock.Advance(TimeSpan.FromHours(20));
        await ReserveAsync(f, RenewalHarness.UsccOf(204), 2_000_000m);
        Assert.Equal(310_000_000L, (await f.FiguresAsync(2026, "A02")).Committed);

        f.H.Clock.Advance(TimeSpan.FromHours(5));
        var crashing = new CrashAfterRelease(f.Store);
        var crashingBudget = new BudgetService(crashing, RenewalHarness.Catalog.Value, f.H.Clock);
        await Assert.ThrowsAsync<InvalidOperationException>(() => new ReservationRepair(crashing, crashingBudget, f.H.Applications, f.H.Clock).RunAsync());
        Assert.Equal(70_000_000L, (await f.FiguresAsync(2026, "A02")).Committed); // orphan 1 (2,400,000.00) released, then the crash

        var repair = new ReservationRepair(f.Store, f.Budget, f.H.Applications, f.H.Clock);
        Assert.Equal(new ReservationRepairReport(3, 1, 2, 10_000_000L), await repair.RunAsync());
        Assert.Equal((500_000_000L, 60_000_000L, 60_000_000L, 0L, 440_000_000L), await f.FiguresAsync(2026, "A02"));
        Assert.Equal(new ReservationRepairReport(2, 0, 2, 0L), await repair.RunAsync());

        // A day later the young reservation is an orphan too; the approval stays counted.
        f.H.Clock.Advance(TimeSpan.FromHours(20));
        Assert.Equal(new ReservationRepairReport(2, 1, 1, 40_000_000L), await repair.RunAsync());
        Assert.Equal((500_000_000L, 20_000_000L, 20_000_000L, 0L, 480_000_000L), await f.FiguresAsync(2026, "A02"));
    }
}
