using NeoBay.Grants.Applications;
using NeoBay.Grants.Budget;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Storage.Budget;
using NeoBay.Grants.Tests.Renewals;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Budget;

/// <summary>
/// Days from complete to decision and to first payment (docs/budget.md "Service days"). Five A02.1 applications complete on
/// 2026-11-26 (CST), decided 5, 8, 10, 19 and 20 days later: average 62 / 5 = 12.4 days, p90 the ⌈0.9 × 5⌉ = 5th = 20.
/// The one decided after 8 days is rejected; A02.1 is issued on approval, and the first one's bank result says paid on
/// 2026-12-11 (15 days): first payment 15, 10, 19, 20 → 64 / 4 = 16.0 days, p90 the 4th = 20.
/// </summary>
public sealed class ServiceDaysTests
{
    [Fact]
    public void Average_is_rounded_to_one_decimal_and_p90_is_the_nearest_rank()
    {
        Assert.Equal(new DaysFigures(5, 12.4m, 20), ServiceDays.Figures([20, 5, 19, 8, 10]));
        Assert.Equal(new DaysFigures(10, 5.5m, 9), ServiceDays.Figures([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])); // rank ⌈9⌉ = 9
        Assert.Equal(new DaysFigures(11, 6m, 10), ServiceDays.Figures([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])); // rank ⌈9.9⌉ = 10
        Assert.Equal(new DaysFigures(3, 0.7m, 1), ServiceDays.Figures([0, 1, 1])); // 2/3 = 0.67 → 0.7
        Assert.Equal(new DaysFigures(0, null, null), ServiceDays.Figures([]));
    }

    [Fact]
    public void Days_are_China_Standard_Time_calendar_days()
    {
        var complete = new DateTimeOffset(2026, 3, 1, 15, 0, 0, TimeSpan.Zero); // 2026-03-01 23:00 CST
        Assert.Equal(1, ServiceDays.Days(complete, ChinaCalendar.DateOf(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero)))); // 09:00 CST next day
        Assert.Equal(0, ServiceDays.Days(new DateTimeOffset(2026, 3, 1, 16, 0, 0, TimeSpan.Zero), new DateOnly(2026, 3, 2))); // 00:00 CST on the 2nd
    }

    [Fact]
    public async Task Five_decisions_recorded_when_they_happen_give_the_hand_computed_figures_once()
    {
        var h = await RenewalHarness.CreateAsync();
        var store = new TableServiceTimeStore(h.Tables);
        var recorder = new ServiceTimesRecorder(store, h.Applications, h.DocumentStore, RenewalHarness.Catalog.Value);
        var decider = new DecisionService(h.Applications, h.Grants, new DocumentChecklist(h.DocumentStore, RenewalHarness.Catalog.Value), h.Clock, serviceTimes: recorder);
        var facts = FundHarness.Facts(("totalInvestment", 1_000_000m), ("nationalApproval", true));
        var prepared = new List<(string Id, string ETag)>();
        for (var i = 0; i < 5; i++) prepared.Add(await h.PrepareAsync("A02.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(300 + i), facts));
        var completeOn = ChinaCalendar.DateOf(h.Clock.GetUtcNow());
        Assert.Equal(new DateOnly(2026, 11, 26), completeOn);

        var daysAfter = new[] { 5, 8, 10, 19, 20 };
        for (var i = 0; i < 5; i++)
        {
            h.Clock.SetUtcNow(RenewalHarness.ApprovalTime.AddDays(daysAfter[i]).AddHours(10)); // 21:00 CST, still the same CST day
            var decided = await decider.DecideAsync(RenewalHarness.Reviewer, prepared[i].Id, prepared[i].ETag,
                new DecisionCommand(daysAfter[i] != 8, null, daysAfter[i] == 8 ? "材料不符" : null));
            Assert.True(decided.IsSuccess, decided.Error?.Code);
        }

        // The bank's result for the first: paid on 2026-12-11; a later paid line of the same grant does not move it.
        await recorder.PaidAsync(prepared[0].Id, new DateOnly(2026, 12, 20));
        await recorder.PaidAsync(prepared[0].Id, new DateOnly(2026, 12, 11));
        await recorder.PaidAsync(prepared[0].Id, new DateOnly(2026, 12, 15));

        var expected = new ServiceDaysRow("A02.1", new DaysFigures(5, 12.4m, 20), new DaysFigures(4, 16.0m, 20));
        var report = ServiceDays.Report(await store.ListAsync());
        Assert.Equal(expected, Assert.Single(report.ByMeasure));
        Assert.Equal(expected with { Measure = null }, report.Overall);

        // Redelivered: the decision recorded again (a day later), the decision call repeated (refused), the issuance repeated.
        h.Clock.Advance(TimeSpan.FromDays(1));
        await recorder.DecidedAsync((await h.Applications.GetAsync(prepared[2].Id))!);
        Assert.False((await decider.DecideAsync(RenewalHarness.Reviewer, prepared[2].Id, prepared[2].ETag, new DecisionCommand(true, null, null))).IsSuccess);
        await recorder.IssuedAsync(prepared[3].Id, h.Clock.GetUtcNow());
        Assert.Equal(expected, Assert.Single(ServiceDays.Report(await store.ListAsync()).ByMeasure));
        Assert.Equal(5, (await store.ListAsync()).Count);
    }

    [Fact]
    public void Csv_has_a_bom_and_one_row_overall_then_per_measure()
    {
        var row = new ServiceDaysRow("A02.1", new DaysFigures(5, 12.4m, 20), new DaysFigures(0, null, null));
        var csv = ServiceDaysCsv.Csv(new ServiceDaysReport(row with { Measure = null }, [row]));
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(csv[3..]).Split("\r\n");
        Assert.Equal(["*,5,12.4,20,0,,", "A02.1,5,12.4,20,0,,", ""], lines[1..]);
    }
}
