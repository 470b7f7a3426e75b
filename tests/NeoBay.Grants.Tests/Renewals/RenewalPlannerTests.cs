using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Renewals;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Renewals;

/// <summary>The issuing rules, without storage: grant states in, plans out.</summary>
public sealed class RenewalPlannerTests
{
    private static readonly PolicyCatalog Catalog = RenewalHarness.Catalog.Value;
    private static readonly DateTimeOffset Now = RenewalHarness.RunTime;

    private static GrantRecord Grant(string measure, int fiscalYear = 2026, string status = GrantStatuses.Active) =>
        new("G1", "A1", RenewalHarness.UsccOf(1), measure, "P", null, 0, Now.AddMonths(-1), fiscalYear, "r", 3) { Status = status, StorageETag = "W/\"1\"" };

    private static LedgerLine Line(int year, string component, ScheduleTrigger trigger, long? fen, LedgerStatus status) =>
        new("G1", year, component, trigger, fen, status, null, true) { StorageETag = "W/\"l\"" };

    private static RenewalGrantState State(GrantRecord grant, params LedgerLine[] lines) => new(grant, lines, [], [], [], [], []);

    private static GrantIndexEntry Entry(string measure, int fiscalYear) => new("G1", RenewalHarness.UsccOf(1), measure, null, null, 0, fiscalYear, GrantStatuses.Active);

    [Theory]
    [InlineData("A05.1", 2026, 2027, true)]   // operating year 2
    [InlineData("A05.1", 2026, 2028, true)]   // operating year 3
    [InlineData("A05.1", 2026, 2029, false)]  // three years only (A05.1 连续三年)
    [InlineData("A05.1", 2026, 2026, false)]  // year 1 was paid on approval
    [InlineData("A16.3", 2025, 2027, true)]
    [InlineData("A11.2", 2026, 2028, true)]
    [InlineData("A09.4", 2024, 2029, true)]   // 2029 begins inside the policy (until 2029-07-10)
    [InlineData("A09.4", 2026, 2030, false)]  // 2030 begins after it
    [InlineData("A13.2", 2026, 2027, true)]   // last year's beneficiary: invited
    [InlineData("A13.2", 2025, 2027, false)]
    [InlineData("A02.1", 2026, 2027, false)]  // one-off
    public void Due_is_decided_from_the_index_entry_alone(string measure, int approvedIn, int fiscalYear, bool due) =>
        Assert.Equal(due, RenewalPlanner.IsDue(Entry(measure, approvedIn), fiscalYear, Catalog));

    [Fact]
    public void Operating_year_2_is_issued_under_an_inserted_marker_that_records_it()
    {
        var plan = RenewalPlanner.Plan(State(Grant("A05.1"),
            Line(2026, "operating-1", ScheduleTrigger.Approval, 1_000_000_000, LedgerStatus.Issued),
            Line(2027, "operating-2", ScheduleTrigger.Renewal, 1_000_000_000, LedgerStatus.Scheduled),
            Line(2028, "operating-3", ScheduleTrigger.Renewal, 1_000_000_000, LedgerStatus.Scheduled)), 2027, Catalog, null, Now);

        Assert.Equal(RenewalOutcome.Write, plan.Outcome);
        var issued = Assert.Single(plan.LinesToUpdate);
        Assert.Equal(("operating-2", LedgerStatus.Issued, Now), (issued.Component, issued.Status, issued.IssuedAt!.Value));
        Assert.Equal([new RenewalItem("operating-2", RenewalAction.Issued, 1_000_000_000)], plan.Marker!.Items);
        Assert.Equal((Now, null, false), (plan.Marker.At, plan.Marker.StorageETag, plan.Blind)); // insert, not a replace; lines with ETags
    }

    [Fact]
    public void A_held_year_is_planned_like_an_unrenewed_one_and_its_marker_replaces_the_hold()
    {
        var state = State(Grant("A11.2"),
            Line(2027, "person-1-year-2", ScheduleTrigger.Renewal, 5_000_000, LedgerStatus.Scheduled),
            Line(2027, "person-2-year-2", ScheduleTrigger.Renewal, 3_000_000, LedgerStatus.Scheduled)) with
        {
            Markers = [RenewalMarker.Hold("G1", 2027, "A11.2", Now.AddDays(-10)) with { StorageETag = "W/\"hold\"" }],
            Departures = [new PersonDeparture("G1", 1, new DateOnly(2026, 12, 20), "left", "a", Now)],
        };
        var plan = RenewalPlanner.Plan(state, 2027, Catalog, null, Now);
        Assert.Equal(RenewalOutcome.Write, plan.Outcome);
        Assert.Equal((false, "W/\"hold\""), (plan.Marker!.Pending, plan.Marker.StorageETag));
        Assert.Equal([new RenewalItem("person-1-year-2", RenewalAction.Skipped, 5_000_000, RenewalReasons.PersonLeft), new RenewalItem("person-2-year-2", RenewalAction.Issued, 3_000_000)], plan.Items);
    }

    [Fact]
    public void The_index_entry_alone_plans_the_same_items_as_the_partition_blind_and_not_for_vouchers()
    {
        var lines = new[]
        {
            Line(2026, "construction", ScheduleTrigger.Approval, 50_000_000, LedgerStatus.Issued),
            Line(2027, "operating-2", ScheduleTrigger.Renewal, 80_000_000, LedgerStatus.Scheduled),
            Line(2028, "operating-3", ScheduleTrigger.Renewal, 80_000_000, LedgerStatus.Scheduled),
        };
        var entry = GrantIndexEntry.Of(Grant("A06.2"), lines);
        Assert.Equal(["operating-2", "operating-3"], entry.RenewalLines!.Select(l => l.Component)); // only what the run changes, without ETags
        Assert.All(entry.RenewalLines!, l => Assert.Null(l.StorageETag));

        var blind = RenewalPlanner.PlanFromIndex(entry, 2027, Catalog, null, Now)!;
        var read = RenewalPlanner.Plan(State(Grant("A06.2"), lines), 2027, Catalog, null, Now);
        Assert.True(blind.Blind);
        Assert.Equal(read.Items, blind.Items);
        Assert.Equal(read.LinesToUpdate.Select(l => (l.FiscalYear, l.Component, l.Status, l.IssuedAt)), blind.LinesToUpdate.Select(l => (l.FiscalYear, l.Component, l.Status, l.IssuedAt)));

        var revoked = RenewalPlanner.PlanFromIndex(entry with { Status = GrantStatuses.Revoked }, 2027, Catalog, null, Now)!;
        Assert.Equal(RenewalReasons.GrantRevoked, Assert.Single(revoked.Items).Reason);
        Assert.Null(RenewalPlanner.PlanFromIndex(entry with { RenewalLines = null }, 2027, Catalog, null, Now));
        Assert.Null(RenewalPlanner.PlanFromIndex(GrantIndexEntry.Of(Grant("A09.4"), []), 2027, Catalog, null, Now));
    }

    [Fact]
    public void A_grant_with_this_years_marker_is_done_and_reports_the_recorded_items()
    {
        var items = new[] { new RenewalItem("operating-2", RenewalAction.Issued, 5) };
        var state = State(Grant("A05.1"), Line(2027, "operating-2", ScheduleTrigger.Renewal, 5, LedgerStatus.Issued)) with
        {
            Markers = [new RenewalMarker("G1", 2027, "A05.1", items, Now)],
        };
        var plan = RenewalPlanner.Plan(state, 2027, Catalog, null, Now);
        Assert.Equal(RenewalOutcome.AlreadyDone, plan.Outcome);
        Assert.Equal(items, plan.Items);
        Assert.Empty(plan.LinesToUpdate);
    }

    [Fact]
    public void A_revoked_grant_is_skipped_its_year_lapses_and_nothing_is_issued()
    {
        var plan = RenewalPlanner.Plan(State(Grant("A06.2", status: GrantStatuses.Revoked),
            Line(2027, "operating-2", ScheduleTrigger.Renewal, 80_000_000, LedgerStatus.Scheduled)), 2027, Catalog, null, Now);
        Assert.Equal(LedgerStatus.Lapsed, Assert.Single(plan.LinesToUpdate).Status);
        Assert.Equal([new RenewalItem("operating-2", RenewalAction.Skipped, 80_000_000, RenewalReasons.GrantRevoked)], plan.Items);
    }

    [Fact]
    public void A_holder_that_left_the_zone_after_the_year_began_is_still_renewed()
    {
        var state = State(Grant("A06.2"), Line(2027, "operating-2", ScheduleTrigger.Renewal, 80_000_000, LedgerStatus.Scheduled));
        var lateLeaver = new ZoneDeparture(RenewalHarness.UsccOf(1), new DateOnly(2027, 1, 2), "moved", "admin", Now);
        Assert.Equal(RenewalAction.Issued, Assert.Single(RenewalPlanner.Plan(state, 2027, Catalog, lateLeaver, Now).Items).Action);
        var leaver = lateLeaver with { LeftOn = new DateOnly(2027, 1, 1) };
        Assert.Equal(RenewalReasons.HolderLeftZone, Assert.Single(RenewalPlanner.Plan(state, 2027, Catalog, leaver, Now).Items).Reason);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[{\"y\":2027,\"c\":\"operating-2\",\"t\":\"renewal\",\"a\":5,\"s\":\"someFutureStatus\",\"g\":true}]")]
    public void An_index_entry_whose_lines_cannot_be_read_has_none_so_the_run_reads_the_grant(string json)
    {
        var entity = new Azure.Data.Tables.TableEntity("shard-01", "G1") { ["Measure"] = "A05.1", ["FiscalYear"] = 2026, ["RenewalLinesJson"] = json };
        Assert.Null(NeoBay.Grants.Storage.EntityMapping.ToGrantIndex(entity).RenewalLines);
        var written = NeoBay.Grants.Storage.EntityMapping.ToEntity(GrantIndexEntry.Of(Grant("A05.1"), [Line(2027, "operating-2", ScheduleTrigger.Renewal, 5, LedgerStatus.Scheduled)]), "shard-01");
        var line = Assert.Single(NeoBay.Grants.Storage.EntityMapping.ToGrantIndex(written).RenewalLines!);
        Assert.Equal((2027, "operating-2", ScheduleTrigger.Renewal, 5L, LedgerStatus.Scheduled), (line.FiscalYear, line.Component, line.Trigger, line.AmountFen!.Value, line.Status));
    }

    [Fact]
    public void A_team_voucher_gets_the_catalog_team_quota_and_last_years_unused_quota_lapses()
    {
        var state = State(Grant("A09.4"), Line(2026, "quota", ScheduleTrigger.Approval, 10_000_000, LedgerStatus.Issued)) with
        {
            VoucherYears = [new VoucherYear("G1", 2026, 10_000_000, 2_500_000, "team", false) { StorageETag = "W/\"v\"" }],
            Holder = (ApplicantKind.Team, false),
        };
        var plan = RenewalPlanner.Plan(state, 2027, Catalog, null, Now);
        var quota = Assert.Single(plan.LinesToAdd);
        Assert.Equal((2027, "quota", 10_000_000L, LedgerStatus.Issued), (quota.FiscalYear, quota.Component, quota.AmountFen!.Value, quota.Status)); // A09.4 team: 100,000.00
        Assert.Equal(LedgerStatus.Lapsed, Assert.Single(plan.LinesToUpdate).Status);
        var lapsed = plan.VoucherYears.Single(v => v.FiscalYear == 2026);
        Assert.Equal((VoucherYear.Lapsed, 7_500_000L, "W/\"v\""), (lapsed.Status, lapsed.LapsedFen!.Value, lapsed.StorageETag)); // 100,000 − 25,000 used
        Assert.Contains(new RenewalItem("quota-2026", RenewalAction.QuotaLapsed, 7_500_000), plan.Items);
    }

    [Fact]
    public void A_person_who_left_before_the_year_loses_only_their_own_allowance()
    {
        var state = State(Grant("A11.2"),
            Line(2027, "person-1-year-2", ScheduleTrigger.Renewal, 5_000_000, LedgerStatus.Scheduled),
            Line(2027, "person-2-year-2", ScheduleTrigger.Renewal, 3_000_000, LedgerStatus.Scheduled)) with
        {
            Departures = [new PersonDeparture("G1", 2, new DateOnly(2026, 6, 30), "left", "a", Now)],
        };
        var plan = RenewalPlanner.Plan(state, 2027, Catalog, null, Now);
        Assert.Equal([new RenewalItem("person-1-year-2", RenewalAction.Issued, 5_000_000), new RenewalItem("person-2-year-2", RenewalAction.Skipped, 3_000_000, RenewalReasons.PersonLeft)], plan.Items);
    }

    [Fact]
    public void Last_years_annual_claim_beneficiary_is_invited_to_file_for_last_year_once()
    {
        var plan = RenewalPlanner.Plan(State(Grant("A10.3")), 2027, Catalog, null, Now);
        Assert.Equal(("A10.3", 2026), (plan.Invitation!.Measure, plan.Invitation.ClaimYear));
        Assert.Empty(plan.LinesToUpdate);
        var invited = State(Grant("A10.3")) with { Invitations = [plan.Invitation] };
        Assert.Equal(RenewalOutcome.NotDue, RenewalPlanner.Plan(invited, 2027, Catalog, null, Now).Outcome);
    }
}
