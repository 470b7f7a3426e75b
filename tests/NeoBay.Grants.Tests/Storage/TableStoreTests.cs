using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Tests.Support;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Storage;

public sealed class TableStoreTests
{
    private static ApplicationRecord Application(string id, string uscc = GrantsHarness.UsccA) =>
        new(id, uscc, "A02.1", "P-1", new DateOnly(2026, 11, 26), GrantsHarness.Start, "applicant-a",
            GrantsHarness.A021(uscc) with { SubmittedOn = new DateOnly(2026, 11, 26) }, "hash", ApplicationStatus.Submitted, 1);

    private static AuditEntry Audit(string subject, int sequence) => new(subject, sequence, GrantsHarness.Start, "tester", "test", null);

    [Fact]
    public async Task An_application_round_trips_with_its_request_and_decision()
    {
        var h = await GrantsHarness.CreateAsync();
        var decision = new Decision("A02.1", true, 240_000_000, [], [new ScheduleLine(2026, 0, "grant", ScheduleTrigger.Approval, 240_000_000)],
            [new TraceStep("proportional", "A02.1", new TraceDetail("比例 × 基数", "20%"), [new("base", "12000000.00")]) { Text = "给予不超过项目总投入 20%" }]) { Tier = null };
        Assert.True(await h.Applications.TryCreateAsync(Application("A1-x"), Audit("A1-x", 1)));
        var read = (await h.Applications.GetAsync("A1-x"))!;

        var updated = await h.Applications.ReplaceAsync(read with { Status = ApplicationStatus.Eligible, Version = 2, Decision = decision }, Audit("A1-x", 2));
        var back = (await h.Applications.GetAsync("A1-x"))!;

        Assert.Equal(ApplicationStatus.Eligible, back.Status);
        Assert.Equal(240_000_000, back.Decision!.AmountFen);
        Assert.Equal(12_000_000m, back.Request.Facts["totalInvestment"].Number);
        Assert.Equal("12000000.00", back.Decision.Trace[0].Figures[0].Value);
        Assert.Equal(updated.StorageETag, back.StorageETag);
        Assert.Equal([1, 2], (await h.Applications.GetAuditAsync("A1-x")).Select(a => a.Sequence));
    }

    [Fact]
    public async Task A_second_create_of_one_id_reports_false_and_a_stale_replace_throws()
    {
        var h = await GrantsHarness.CreateAsync();
        Assert.True(await h.Applications.TryCreateAsync(Application("A2-x"), Audit("A2-x", 1)));
        Assert.False(await h.Applications.TryCreateAsync(Application("A2-x"), Audit("A2-x", 1)));

        var read = (await h.Applications.GetAsync("A2-x"))!;
        await h.Applications.ReplaceAsync(read with { Version = 2, Status = ApplicationStatus.Evaluating }, Audit("A2-x", 2));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            h.Applications.ReplaceAsync(read with { Version = 2, Status = ApplicationStatus.Withdrawn }, Audit("A2-x", 2)));
        Assert.Equal(ApplicationStatus.Evaluating, (await h.Applications.GetAsync("A2-x"))!.Status);
    }

    [Fact]
    public async Task Index_writes_that_arrive_out_of_order_keep_the_later_version()
    {
        var h = await GrantsHarness.CreateAsync();
        var evaluated = new ApplicationSummary("A7-x", GrantsHarness.UsccA, "A02.1", GrantsHarness.Start, ApplicationStatus.Eligible) { Version = 3 };

        // The evaluation made v3 (eligible), then the applicant withdrew (v4) and wrote the index before the evaluation did.
        await h.Applications.UpsertIndexAsync(evaluated with { Status = ApplicationStatus.Withdrawn, Version = 4 });
        await h.Applications.UpsertIndexAsync(evaluated);

        Assert.Equal((ApplicationStatus.Withdrawn, 4), (await h.Applications.ListAsync(GrantsHarness.UsccA, null, 10)).Items.Select(s => (s.Status, s.Version)).Single());
        Assert.Equal((ApplicationStatus.Withdrawn, 4), (await h.Applications.ListAsync(null, null, 10)).Items.Select(s => (s.Status, s.Version)).Single());
    }

    [Fact]
    public async Task Lists_page_by_continuation_token_inside_one_partition()
    {
        var h = await GrantsHarness.CreateAsync();
        foreach (var i in Enumerable.Range(1, 5))
            await h.Applications.UpsertIndexAsync(new ApplicationSummary($"A{i}-x", GrantsHarness.UsccA, "A02.1", GrantsHarness.Start, ApplicationStatus.Submitted));
        await h.Applications.UpsertIndexAsync(new ApplicationSummary("A9-y", GrantsHarness.UsccB, "A02.1", GrantsHarness.Start, ApplicationStatus.Submitted));

        var first = await h.Applications.ListAsync(GrantsHarness.UsccA, null, 2);
        var second = await h.Applications.ListAsync(GrantsHarness.UsccA, first.ContinuationToken, 2);
        var third = await h.Applications.ListAsync(GrantsHarness.UsccA, second.ContinuationToken, 2);
        var all = await h.Applications.ListAsync(null, null, 100);

        Assert.Equal(["A1-x", "A2-x"], first.Items.Select(s => s.Id));
        Assert.Equal(["A3-x", "A4-x"], second.Items.Select(s => s.Id));
        Assert.Equal(["A5-x"], third.Items.Select(s => s.Id));
        Assert.Null(third.ContinuationToken);
        Assert.Equal(6, all.Items.Count);
    }

    [Fact]
    public async Task A_grant_is_created_once_and_a_ledger_line_key_cannot_be_issued_twice()
    {
        var h = await GrantsHarness.CreateAsync();
        var grant = new GrantRecord("G1-x", "A1-x", GrantsHarness.UsccA, "A05.1", "P-1", null, 50_000_000, GrantsHarness.Start, 2026, "reviewer-1", 1);
        LedgerLine[] lines =
        [
            new("G1-x", 2026, "operating-1", ScheduleTrigger.Approval, 10_000_000, LedgerStatus.Issued, null, true),
            new("G1-x", 2027, "operating-2", ScheduleTrigger.Renewal, 10_000_000, LedgerStatus.Scheduled, null, true),
        ];

        Assert.True(await h.Grants.TryCreateAsync(grant, lines, Audit("G1-x", 1)));
        Assert.False(await h.Grants.TryCreateAsync(grant, lines, Audit("G1-x", 1)));
        Assert.False(await h.Grants.TryAddLineAsync(lines[1] with { Status = LedgerStatus.Issued }));
        Assert.True(await h.Grants.TryAddLineAsync(new LedgerLine("G1-x", 2028, "operating-3", ScheduleTrigger.Renewal, 10_000_000, LedgerStatus.Issued, null, true)));

        var view = (await h.Grants.GetAsync("G1-x"))!;
        Assert.Equal([2026, 2027, 2028], view.Ledger.Select(l => l.FiscalYear));
        Assert.Equal(LedgerStatus.Scheduled, view.Ledger[1].Status);
    }

    [Fact]
    public async Task A_grant_with_150_ledger_lines_is_written_in_two_transactions_and_read_back()
    {
        var h = await GrantsHarness.CreateAsync();
        var grant = new GrantRecord("G2-x", "A2-x", GrantsHarness.UsccA, "A11.2", null, null, 150 * 3_000_000, GrantsHarness.Start, 2026, "reviewer-1", 1);
        var lines = Enumerable.Range(1, 150).Select(i => new LedgerLine("G2-x", 2026, $"person-{i}-year-1", ScheduleTrigger.Approval, 3_000_000, LedgerStatus.Issued, null, true)).ToList();

        Assert.True(await h.Grants.TryCreateAsync(grant, lines, Audit("G2-x", 1)));

        var view = (await h.Grants.GetAsync("G2-x"))!;
        Assert.Equal(150, view.Ledger.Count);
        Assert.Equal(450_000_000, view.Ledger.Sum(l => l.AmountFen));
    }

    [Fact]
    public async Task The_shard_index_is_a_one_partition_list_of_that_shards_grants()
    {
        var h = await GrantsHarness.CreateAsync();
        var ids = Enumerable.Range(1, 40).Select(i => $"G{i}-x").ToList();
        foreach (var id in ids)
            await h.Grants.UpsertIndexAsync(new GrantIndexEntry(id, GrantsHarness.UsccA, "A05.1", null, null, 100, 2026, GrantStatuses.Active));

        var found = new List<string>();
        for (var shard = 0; shard < GrantKeys.ShardCount; shard++)
        {
            var page = await h.Grants.ListByShardAsync(shard, null, 100);
            Assert.All(page.Items, g => Assert.Equal(shard, GrantKeys.Shard(g.GrantId)));
            found.AddRange(page.Items.Select(g => g.GrantId));
        }

        Assert.Equal(ids.Order(), found.Order());
        Assert.Equal(40, (await h.Grants.ListByApplicantAsync(GrantsHarness.UsccA)).Count);
    }
}
