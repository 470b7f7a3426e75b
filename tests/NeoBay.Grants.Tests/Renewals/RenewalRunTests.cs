using NeoBay.Grants.Ledger;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Storage.Renewals;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Renewals;

/// <summary>
/// A portfolio approved in fiscal 2026 through the real lifecycle, renewed for fiscal 2027 against Azurite. Every
/// expected figure is computed by hand from POLICY.md in the comments.
/// </summary>
public sealed class RenewalRunTests
{
    private sealed record Portfolio(RenewalHarness H, Dictionary<string, string> Grants);

    private static FactValue Yuan(decimal yuan) => FactValue.Of(yuan);

    /// <summary>Eleven grants, one departure of a person and one of a holder; the clock then moves to 2027-01-01 00:05 CST.</summary>
    private static async Task<Portfolio> SeedAsync()
    {
        var h = await RenewalHarness.CreateAsync();
        var g = new Dictionary<string, string>();
        g["A05.1"] = await h.ApproveAsync("A05.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(1),
            new Dictionary<string, FactValue> { ["constructionNeeds"] = Yuan(15_000_000m), ["operatingNeeds"] = Yuan(12_000_000m) });
        g["A06.2"] = await h.ApproveAsync("A06.2", ApplicantKind.Carrier, RenewalHarness.UsccOf(2),
            new Dictionary<string, FactValue> { ["constructionNeeds"] = Yuan(3_000_000m), ["operatingNeeds"] = Yuan(1_234_567.89m) });
        g["A16.2"] = await h.ApproveAsync("A16.2", ApplicantKind.InternationalOrganization, RenewalHarness.UsccOf(3),
            new Dictionary<string, FactValue> { ["settledInZone"] = FactValue.Of(true), ["startupNeeds"] = Yuan(4_000_000m), ["annualOperatingExpenditure"] = Yuan(5_000_000m) });
        g["A16.3"] = await h.ApproveAsync("A16.3", ApplicantKind.JournalPublisher, RenewalHarness.UsccOf(4),
            new Dictionary<string, FactValue> { ["entityOperating"] = FactValue.Of(true), ["startupNeeds"] = Yuan(1_000_000m), ["annualOperatingExpenditure"] = Yuan(3_000_000m) });
        g["A09.4 sme"] = await h.ApproveAsync("A09.4", ApplicantKind.Enterprise, RenewalHarness.UsccOf(5), new Dictionary<string, FactValue>(), isSme: true);
        g["A09.4 team"] = await h.ApproveAsync("A09.4", ApplicantKind.Team, RenewalHarness.UsccOf(6), new Dictionary<string, FactValue>());
        g["A11.2"] = await h.ApproveAsync("A11.2", ApplicantKind.Enterprise, RenewalHarness.UsccOf(7), new Dictionary<string, FactValue>
        {
            ["persons"] = FactValue.Of([new PersonFact("overseasHighLevel", "甲", null), new PersonFact("freshPhd", "乙", null), new PersonFact("inStationPostdoc", "丙", null)]),
        });
        g["A05.2"] = await h.ApproveAsync("A05.2", ApplicantKind.ServiceInstitution, RenewalHarness.UsccOf(8),
            new Dictionary<string, FactValue> { ["annualOperatingExpenditure"] = Yuan(2_000_000m) });
        g["A02.1"] = await h.ApproveAsync("A02.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(9),
            new Dictionary<string, FactValue> { ["totalInvestment"] = Yuan(12_000_000m), ["nationalApproval"] = FactValue.Of(true) });
        g["A05.1 revoked"] = await h.ApproveAsync("A05.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(10),
            new Dictionary<string, FactValue> { ["constructionNeeds"] = Yuan(1_000_000m), ["operatingNeeds"] = Yuan(2_000_000m) });
        g["A06.2 left"] = await h.ApproveAsync("A06.2", ApplicantKind.Carrier, RenewalHarness.UsccOf(11),
            new Dictionary<string, FactValue> { ["constructionNeeds"] = Yuan(500_000m), ["operatingNeeds"] = Yuan(800_000m) });

        await h.RevokeAsync(g["A05.1 revoked"]);
        var records = h.Services().Records;
        var person = await records.RecordPersonDepartureAsync(RenewalHarness.ApplicantOf(RenewalHarness.UsccOf(7)), g["A11.2"], 2, new DateOnly(2026, 12, 15), "离职");
        Assert.True(person.IsSuccess, person.Error?.Code);
        var zone = await records.RecordZoneDepartureAsync(RenewalHarness.Admin, RenewalHarness.UsccOf(11), new DateOnly(2026, 12, 1), "迁出大零号湾");
        Assert.True(zone.IsSuccess, zone.Error?.Code);
        h.Clock.SetUtcNow(RenewalHarness.RunTime);
        return new Portfolio(h, g);
    }

    private static async Task<LedgerLine> LineAsync(RenewalHarness h, string grantId, int year, string component) =>
        (await h.Grants.GetAsync(grantId))!.Ledger.Single(l => l.FiscalYear == year && l.Component == component);

    [Fact]
    public async Task The_2027_run_issues_opens_renews_lapses_invites_and_skips_exactly_as_computed_by_hand()
    {
        var (h, g) = await SeedAsync();
        var report = await RenewalHarness.RunAsync(h.Services().Run, 2027);
        Assert.True(report.Complete);
        Assert.Equal(16, h.Queue.Sent.Count);

        // A05.1: operating min(12,000,000, cap 10,000,000) = 10,000,000.00 a year; year 2 is issued in 2027.
        var a051 = await LineAsync(h, g["A05.1"], 2027, "operating-2");
        Assert.Equal((LedgerStatus.Issued, 1_000_000_000L, RenewalHarness.RunTime), (a051.Status, a051.AmountFen!.Value, a051.IssuedAt!.Value));
        Assert.Equal(LedgerStatus.Scheduled, (await LineAsync(h, g["A05.1"], 2028, "operating-3")).Status);
        // A06.2: operating 1,234,567.89 (below the 5,000,000 cap).
        var a062 = await LineAsync(h, g["A06.2"], 2027, "operating-2");
        Assert.Equal((LedgerStatus.Issued, 123_456_789L), (a062.Status, a062.AmountFen!.Value));
        // A16.2/A16.3: year 2 is a claim on 2026's expenditure, open, capped at 2,000,000.00 until filed.
        foreach (var key in new[] { "A16.2", "A16.3" })
        {
            var line = await LineAsync(h, g[key], 2027, "operating-2");
            Assert.Equal((LedgerStatus.AwaitingClaim, 200_000_000L), (line.Status, line.AmountFen!.Value));
        }

        // A09.4: the 2027 quota (SME 300,000.00; team 100,000.00); the unused 2026 quota lapses whole.
        foreach (var (key, quota) in new[] { ("A09.4 sme", 30_000_000L), ("A09.4 team", 10_000_000L) })
        {
            var issued = await LineAsync(h, g[key], 2027, "quota");
            Assert.Equal((LedgerStatus.Issued, quota, ScheduleTrigger.Renewal), (issued.Status, issued.AmountFen!.Value, issued.Trigger));
            Assert.Equal(LedgerStatus.Lapsed, (await LineAsync(h, g[key], 2026, "quota")).Status);
        }

        // A11.2: person 1 (overseas, 50,000.00 a year) is paid year 2; person 2 left on 2026-12-15: year 2 lapses; person 3 has no yearly line.
        var p1 = await LineAsync(h, g["A11.2"], 2027, "person-1-year-2");
        Assert.Equal((LedgerStatus.Issued, 5_000_000L), (p1.Status, p1.AmountFen!.Value));
        var p2 = await LineAsync(h, g["A11.2"], 2027, "person-2-year-2");
        Assert.Equal((LedgerStatus.Lapsed, 3_000_000L), (p2.Status, p2.AmountFen!.Value));
        // Revoked grant and a holder that left the zone: the year's operating line lapses, nothing is issued.
        Assert.Equal(LedgerStatus.Lapsed, (await LineAsync(h, g["A05.1 revoked"], 2027, "operating-2")).Status);
        Assert.Equal(LedgerStatus.Lapsed, (await LineAsync(h, g["A06.2 left"], 2027, "operating-2")).Status);
        // A02.1 (one-off) is untouched.
        Assert.Single((await h.Grants.GetAsync(g["A02.1"]))!.Ledger);

        var snapshot = await h.SnapshotAsync();
        Assert.Contains(snapshot, r => r.StartsWith(g["A05.2"] + "/invitation-2027:", StringComparison.Ordinal) && r.Contains("ClaimYear=2026") && r.Contains("Measure=A05.2"));
        Assert.Contains(snapshot, r => r.StartsWith(g["A16.2"] + "/claim-2027-operating-2:", StringComparison.Ordinal) && r.Contains("ExpenditureYear=2026") && r.Contains("Status=open"));
        Assert.Contains(snapshot, r => r.StartsWith(g["A09.4 sme"] + "/voucher-2026:", StringComparison.Ordinal) && r.Contains("LapsedFen=30000000") && r.Contains("Status=lapsed"));
        Assert.Contains(snapshot, r => r.StartsWith(g["A05.1 revoked"] + "/renewal-2027:", StringComparison.Ordinal) && r.Contains("GrantRevoked"));
        Assert.Contains(snapshot, r => r.StartsWith(g["A06.2 left"] + "/renewal-2027:", StringComparison.Ordinal) && r.Contains("HolderLeftZone"));

        var t = report.Tally.Total();
        Assert.Equal(11, t.Grants);
        Assert.Equal(1, t.NotDue);                                   // A02.1
        Assert.Equal((3, 1_128_456_789L), (t.Issued, t.IssuedFen));  // 10,000,000.00 + 1,234,567.89 + 50,000.00
        Assert.Equal((2, 400_000_000L), (t.ClaimsOpened, t.ClaimsCapFen));
        Assert.Equal((2, 40_000_000L), (t.QuotasIssued, t.QuotaFen));
        Assert.Equal((2, 40_000_000L), (t.QuotasLapsed, t.LapsedFen));
        Assert.Equal(1, t.Invited);
        Assert.Equal((3, 283_000_000L), (t.Skipped, t.SkippedFen));  // 2,000,000.00 revoked + 800,000.00 left + 30,000.00 person 2
        Assert.Equal(0, t.Failed);
        Assert.Equal((1, 1_000_000_000L), (report.Tally.ByMeasure["A05.1"].Issued, report.Tally.ByMeasure["A05.1"].IssuedFen));
        Assert.Equal(1, report.Tally.ByMeasure["A05.1"].Skipped);
    }

    [Fact]
    public async Task A_rerun_a_fresh_run_and_two_overlapping_runs_change_nothing_and_report_the_same_counts()
    {
        var (h, _) = await SeedAsync();
        var first = await RenewalHarness.RunAsync(h.Services().Run, 2027);
        var after = await h.SnapshotAsync();

        var again = await RenewalHarness.RunAsync(h.Services().Run, 2027);
        Assert.Equal(after, await h.SnapshotAsync());
        Assert.Equal(first.Tally.ToJson(), again.Tally.ToJson());

        // A run that starts from nothing (its own progress table) finds every grant done and counts the same.
        var fresh = await RenewalHarness.RunAsync(h.Services(runTablePrefix: RenewalHarnessPrefix()).Run, 2027);
        Assert.Equal(after, await h.SnapshotAsync());
        Assert.Equal(first.Tally.ToJson(), fresh.Tally.ToJson());

        // Two runs at once on a clone of the seeded portfolio end where one clean run ends.
        var (h2, _) = await SeedAsync();
        var clean = await h2.CloneAsync();
        await RenewalHarness.RunAsync(clean.Services().Run, 2027);
        var (x, y) = (h2.Services(options: new RenewalOptions(1, 1)).Run, h2.Services(options: new RenewalOptions(1, 1)).Run);
        Assert.True((await x.StartAsync("x", 2027)).IsSuccess);
        await Task.WhenAll(Enumerable.Range(0, 16).SelectMany(s => new[] { Task.Run(() => x.ProcessShardAsync(2027, s)), Task.Run(() => y.ProcessShardAsync(2027, s)) }));
        var (expectedRows, actualRows) = (await clean.SnapshotAsync(), await h2.SnapshotAsync());
        Assert.Equal(expectedRows, actualRows);
        Assert.Equal((await clean.Services().Run.ReportAsync(2027))!.Tally.ToJson(), (await x.ReportAsync(2027))!.Tally.ToJson());
    }

    private static Dictionary<string, FactValue> TwoPersons() => new()
    {
        ["persons"] = FactValue.Of([new PersonFact("overseasHighLevel", "甲", null), new PersonFact("freshPhd", "乙", null)]),
    };

    [Fact]
    public async Task A_due_grant_with_nothing_held_costs_one_blind_transaction_then_its_audit_link_and_ends_as_a_run_that_reads_every_grant()
    {
        var h = await RenewalHarness.CreateAsync();
        var n = 0;
        await h.ApproveAsync("A05.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(++n),
            new Dictionary<string, FactValue> { ["constructionNeeds"] = Yuan(15_000_000m), ["operatingNeeds"] = Yuan(12_000_000m) });
        await h.ApproveAsync("A06.2", ApplicantKind.Carrier, RenewalHarness.UsccOf(++n),
            new Dictionary<string, FactValue> { ["constructionNeeds"] = Yuan(3_000_000m), ["operatingNeeds"] = Yuan(1_234_567.89m) });
        await h.ApproveAsync("A16.2", ApplicantKind.InternationalOrganization, RenewalHarness.UsccOf(++n),
            new Dictionary<string, FactValue> { ["settledInZone"] = FactValue.Of(true), ["startupNeeds"] = Yuan(4_000_000m), ["annualOperatingExpenditure"] = Yuan(5_000_000m) });
        await h.ApproveAsync("A05.2", ApplicantKind.ServiceInstitution, RenewalHarness.UsccOf(++n),
            new Dictionary<string, FactValue> { ["annualOperatingExpenditure"] = Yuan(2_000_000m) });
        await h.ApproveAsync("A11.2", ApplicantKind.Enterprise, RenewalHarness.UsccOf(++n), TwoPersons());
        var held = await h.ApproveAsync("A11.2", ApplicantKind.Enterprise, RenewalHarness.UsccOf(++n), TwoPersons());
        await h.ApproveAsync("A02.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(++n),
            new Dictionary<string, FactValue> { ["totalInvestment"] = Yuan(12_000_000m), ["nationalApproval"] = FactValue.Of(true) });
        // Recorded after approval, so after the index entry: it holds 2027 and 2028 of this grant.
        var departed = await h.Services().Records.RecordPersonDepartureAsync(RenewalHarness.ApplicantOf(RenewalHarness.UsccOf(n - 1)), held, 1, new DateOnly(2026, 12, 20), "离职");
        Assert.True(departed.IsSuccess, departed.Error?.Code);
        Assert.Contains(await h.SnapshotAsync(), r => r.StartsWith(held + "/renewal-2028:", StringComparison.Ordinal) && r.Contains("Pending=True"));
        h.Clock.SetUtcNow(RenewalHarness.RunTime);
        var reading = await h.CloneAsync();

        var (blindRun, _, blind) = h.Services();
        var report = await RenewalHarness.RunAsync(blindRun, 2027);
        var (readRun, _, read) = reading.Services(options: new RenewalOptions(PageSize: 4, BlindWrites: false));
        var readReport = await RenewalHarness.RunAsync(readRun, 2027);

        // 6 grants due (A02.1 is one-off): 5 written blind, one transaction each; the held one is refused (409),
        // read once and written once. Reading every grant instead costs 6 reads and 6 transactions. Each written grant then
        // links its renewal's audit line into its chain: one read and one transaction more (docs/audit.md).
        Assert.Equal((1 + 6, 6 + 1 + 6), (blind.GrantReads(h.Prefix), blind.Batches));
        Assert.Equal((6 + 6, 6 + 6), (read.GrantReads(reading.Prefix), read.Batches));
        Assert.Equal(await reading.SnapshotAsync(), await h.SnapshotAsync());
        Assert.Equal(readReport.Tally.ToJson(), report.Tally.ToJson());
        // A11.2: person 1 left on 2026-12-20, so only person 2 (fresh PhD, 30,000.00 a year) is paid in 2027.
        var t = report.Tally.Total();
        Assert.Equal((6, 1), (t.Grants - t.NotDue, t.NotDue));
        Assert.Equal((1, 5_000_000L), (t.Skipped, t.SkippedFen));
        Assert.Equal(LedgerStatus.Lapsed, (await LineAsync(h, held, 2027, "person-1-year-2")).Status);
        var paid = await LineAsync(h, held, 2027, "person-2-year-2");
        Assert.Equal((LedgerStatus.Issued, 3_000_000L), (paid.Status, paid.AmountFen!.Value));
        // A05.1 10,000,000.00 + A06.2 1,234,567.89 + first A11.2 50,000.00 + 30,000.00 + held A11.2 30,000.00 = 11,344,567.89.
        Assert.Equal((5, 1_134_456_789L), (t.Issued, t.IssuedFen));
    }

    [Fact]
    public async Task A_departure_recorded_after_the_run_read_a_held_grant_fails_its_write_and_the_next_read_lapses_both_persons()
    {
        var h = await RenewalHarness.CreateAsync();
        var grant = await h.ApproveAsync("A11.2", ApplicantKind.Enterprise, RenewalHarness.UsccOf(1), TwoPersons());
        var (run, records, _) = h.Services();
        var owner = RenewalHarness.ApplicantOf(RenewalHarness.UsccOf(1));
        Assert.True((await records.RecordPersonDepartureAsync(owner, grant, 1, new DateOnly(2026, 12, 20), "离职")).IsSuccess);
        h.Clock.SetUtcNow(RenewalHarness.RunTime);

        var store = new TableRenewalStore(h.Tables, new RenewalTables(new Azure.Data.Tables.TableServiceClient(h.Connection), h.Prefix));
        var planned = RenewalPlanner.Plan((await store.ReadGrantAsync(grant))!, 2027, RenewalHarness.Catalog.Value, null, h.Clock.GetUtcNow());
        Assert.NotNull(planned.Marker!.StorageETag); // it replaces the hold
        Assert.True((await records.RecordPersonDepartureAsync(owner, grant, 2, new DateOnly(2026, 12, 31), "离职")).IsSuccess); // touches the hold
        await Assert.ThrowsAsync<NeoBay.Grants.Common.ConcurrencyConflictException>(() => store.ApplyAsync(planned));
        Assert.Equal(LedgerStatus.Scheduled, (await LineAsync(h, grant, 2027, "person-2-year-2")).Status);

        var report = await RenewalHarness.RunAsync(run, 2027);
        // 50,000.00 (overseas high-level) + 30,000.00 (fresh PhD), both lapsed: both left before 1 January 2027.
        Assert.Equal((0, 2, 8_000_000L), (report.Tally.Total().Issued, report.Tally.Total().Skipped, report.Tally.Total().SkippedFen));
        Assert.Equal(LedgerStatus.Lapsed, (await LineAsync(h, grant, 2027, "person-2-year-2")).Status);
        // 2028 is not renewed yet and stays held for that run.
        Assert.Equal(LedgerStatus.Scheduled, (await LineAsync(h, grant, 2028, "person-2-year-3")).Status);
        Assert.Contains(await h.SnapshotAsync(), r => r.StartsWith(grant + "/renewal-2028:", StringComparison.Ordinal) && r.Contains("Pending=True"));
    }

    [Fact]
    public async Task A_revocation_after_the_index_page_was_listed_or_after_the_grant_was_read_stops_the_renewal()
    {
        var h = await RenewalHarness.CreateAsync();
        var invited = await h.ApproveAsync("A05.2", ApplicantKind.ServiceInstitution, RenewalHarness.UsccOf(1),
            new Dictionary<string, FactValue> { ["annualOperatingExpenditure"] = Yuan(2_000_000m) });
        var operating = await h.ApproveAsync("A05.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(2),
            new Dictionary<string, FactValue> { ["constructionNeeds"] = Yuan(1_000_000m), ["operatingNeeds"] = Yuan(2_000_000m) });
        h.Clock.SetUtcNow(RenewalHarness.RunTime);
        var (run, records, _) = h.Services();
        var store = new TableRenewalStore(h.Tables, new RenewalTables(new Azure.Data.Tables.TableServiceClient(h.Connection), h.Prefix));
        var listed = (await h.Grants.ListByApplicantAsync(RenewalHarness.UsccOf(1))).Single(); // the index says active
        var read = RenewalPlanner.Plan((await store.ReadGrantAsync(operating))!, 2027, RenewalHarness.Catalog.Value, null, h.Clock.GetUtcNow());

        Assert.True((await records.RevokeAsync(invited, "admin-1", "撤销")).IsSuccess);
        // A writer that changes the header without holds (not the lifecycle's revocation): only the header check stops a read plan.
        var grants = await h.Tables.GetAsync(NeoBay.Grants.Storage.GrantsTables.Grants);
        await grants.UpdateEntityAsync(new Azure.Data.Tables.TableEntity(operating, "grant") { ["Status"] = GrantStatuses.Revoked }, Azure.ETag.All,
            Azure.Data.Tables.TableUpdateMode.Merge);

        // A05.2 has no renewal line, yet the revocation held 2027: the blind write from the stale entry is refused,
        // the grant is read and skipped; nobody is invited.
        var result = await run.RenewGrantAsync(listed, 2027, new Dictionary<string, ZoneDeparture>(), write: true);
        Assert.Equal([new RenewalItem("invitation", RenewalAction.Skipped, 0, RenewalReasons.GrantRevoked)], result.Plan.Items);
        Assert.DoesNotContain(await h.SnapshotAsync(), r => r.StartsWith(invited + "/invitation-", StringComparison.Ordinal));
        // A05.1 read before the header changed: its write is conditional on the header read, so it fails; nothing is issued.
        await Assert.ThrowsAsync<NeoBay.Grants.Common.ConcurrencyConflictException>(() => store.ApplyAsync(read));
        Assert.Equal(LedgerStatus.Scheduled, (await LineAsync(h, operating, 2027, "operating-2")).Status);
        var report = await RenewalHarness.RunAsync(h.Services(options: new RenewalOptions(PageSize: 4, BlindWrites: false)).Run, 2027);
        Assert.Equal(LedgerStatus.Lapsed, (await LineAsync(h, operating, 2027, "operating-2")).Status);
        Assert.Equal((0, 2, 200_000_000L), (report.Tally.Total().Issued, report.Tally.Total().Skipped, report.Tally.Total().SkippedFen)); // 2,000,000.00 operating year 2
    }

    private static string RenewalHarnessPrefix() => NeoBay.Testing.Azurite.UniqueName("fresh");

    [Fact]
    public async Task A_crash_after_N_storage_requests_at_20_seeded_random_N_then_a_resume_always_ends_in_the_clean_ledger()
    {
        var (seed, _) = await SeedAsync();
        var clean = await seed.CloneAsync();
        var (cleanRun, _, counter) = clean.Services();
        var cleanReport = await RenewalHarness.RunAsync(cleanRun, 2027);
        var expected = await clean.SnapshotAsync();
        var total = counter.Count;
        Assert.True(total > 30, $"a clean run made {total} requests");

        var random = new Random(20261231);
        for (var i = 0; i < 20; i++)
        {
            var n = random.Next(1, total);
            var lands = random.Next(2) == 1;
            var h = await seed.CloneAsync();
            var crashing = h.Services(new CountingPolicy(n, lands)).Run;
            await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => RenewalHarness.RunAsync(crashing, 2027));

            var resumed = await RenewalHarness.RunAsync(h.Services().Run, 2027);
            Assert.True(resumed.Complete, $"N={n}");
            Assert.Equal(expected, await h.SnapshotAsync());
            Assert.Equal(cleanReport.Tally.ToJson(), resumed.Tally.ToJson());
        }
    }

    [Fact]
    public async Task A_fiscal_year_that_has_not_begun_by_the_clock_is_refused()
    {
        var h = await RenewalHarness.CreateAsync();
        var run = h.Services().Run;
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 15, 59, 59, TimeSpan.Zero)); // 2026-12-31 23:59:59 CST
        var refused = await run.StartAsync("admin", 2027);
        Assert.Equal("FiscalYearNotBegun", refused.Error?.Code);
        Assert.Empty(h.Queue.Sent);
        h.Clock.Advance(TimeSpan.FromSeconds(1));                                      // 2027-01-01 00:00:00 CST
        Assert.True((await run.StartAsync("admin", 2027)).IsSuccess);
        Assert.Equal(16, h.Queue.Sent.Count);
    }

    [Fact]
    public async Task Filing_2026_expenditure_pays_30_percent_rounded_down_within_the_2_000_000_cap()
    {
        var (h, g) = await SeedAsync();
        var (run, records, _) = h.Services();
        var notOpen = await records.FileClaimAsync(RenewalHarness.ApplicantOf(RenewalHarness.UsccOf(3)), g["A16.2"], 2027, 100);
        Assert.Equal("ClaimNotOpen", notOpen.Error?.Code);
        await RenewalHarness.RunAsync(run, 2027);

        // 30% × 7,777,777.77 = 2,333,333.331 → capped at 2,000,000.00.
        var capped = await records.FileClaimAsync(RenewalHarness.ApplicantOf(RenewalHarness.UsccOf(3)), g["A16.2"], 2027, 777_777_777);
        Assert.True(capped.IsSuccess, capped.Error?.Code);
        Assert.Equal((200_000_000L, 2026), (capped.Value!.AmountFen, capped.Value.ExpenditureYear));
        // 30% × 4,321,000.01 = 1,296,300.003 → 1,296,300.00 (rounded down to the fen).
        var floor = await records.FileClaimAsync(RenewalHarness.ApplicantOf(RenewalHarness.UsccOf(4)), g["A16.3"], 2027, 432_100_001);
        Assert.Equal(129_630_000L, floor.Value!.AmountFen);
        var line = await LineAsync(h, g["A16.3"], 2027, "operating-2");
        Assert.Equal((LedgerStatus.Issued, 129_630_000L), (line.Status, line.AmountFen!.Value));

        // Same figure again: same answer; another figure: refused; another applicant: not found.
        Assert.Equal(129_630_000L, (await records.FileClaimAsync(RenewalHarness.ApplicantOf(RenewalHarness.UsccOf(4)), g["A16.3"], 2027, 432_100_001)).Value!.AmountFen);
        Assert.Equal("ClaimAlreadyFiled", (await records.FileClaimAsync(RenewalHarness.ApplicantOf(RenewalHarness.UsccOf(4)), g["A16.3"], 2027, 1)).Error?.Code);
        Assert.Equal("NotFound", (await records.FileClaimAsync(RenewalHarness.ApplicantOf(RenewalHarness.UsccOf(3)), g["A16.3"], 2027, 1)).Error?.Code);
        // A rerun after filing leaves the paid claim alone.
        var before = await h.SnapshotAsync();
        await RenewalHarness.RunAsync(h.Services(runTablePrefix: RenewalHarnessPrefix()).Run, 2027);
        Assert.Equal(before, await h.SnapshotAsync());
    }
}
