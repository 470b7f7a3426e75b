using System.Diagnostics;
using Azure.Data.Tables;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Auth;
using NeoBay.Grants.Storage.Payments;
using NeoBay.Grants.Storage.Renewals;
using NeoBay.Grants.Tests.Payments;
using NeoBay.Grants.Tests.Renewals;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Audit;

/// <summary>
/// The audit chains as the lifecycle writes them, one per partition, and what tampering with them looks like
/// (docs/audit.md), for each kind of partition: an application (its own lines, its documents' and their reads), a grant,
/// a payment batch.
/// </summary>
public sealed class AuditChainTests
{
    public enum Kind
    {
        Application,
        Grant,
        Batch,
        Binding,
        IntegratorGrant,
        RenewedGrant,
    }

    public static TheoryData<Kind> Kinds => [Kind.Application, Kind.Grant, Kind.Batch, Kind.Binding, Kind.IntegratorGrant, Kind.RenewedGrant];

    /// <summary>One partition of each kind with at least three lines, as the lifecycle wrote it: the table, the partition, the head row.</summary>
    private static async Task<(TableClient Table, string Partition, string HeadRow, PaymentHarness? H)> PartitionAsync(Kind kind)
    {
        if (kind is Kind.Binding or Kind.IntegratorGrant or Kind.RenewedGrant)
        {
            var (table, partition, head) = kind == Kind.RenewedGrant ? await RenewedGrantAsync() : await IdentityPartitionAsync(kind == Kind.Binding);
            return (table, partition, head, null);
        }

        var h = await PaymentHarness.CreateAsync();
        var l = h.Lifecycle;
        var grantId = await l.ApproveAsync("A04.4", ApplicantKind.Enterprise, RenewalHarness.UsccOf(1), new Dictionary<string, FactValue> { ["conversionCost"] = FactValue.Of(1_000_000m) });
        var grant = (await l.Grants.GetAsync(grantId))!.Grant;
        if (kind == Kind.Application)
        {
            // The application's transitions, its documents' uploads and verifications, and two reads of a document: one chain.
            var document = (await l.DocumentStore.ListAsync(grant.ApplicationId)).First(d => d.Status == DocumentStatus.Verified);
            for (var i = 0; i < 2; i++) Assert.True((await l.Documents.GetForReadAsync(RenewalHarness.Reviewer, grant.ApplicationId, document.DocumentId)).IsSuccess);
            return (await l.Tables.GetAsync(GrantsTables.Applications), grant.ApplicationId, AuditChain.HeadRow, h);
        }

        if (kind == Kind.Grant)
        {
            // Approved (1), stage 2 accepted (2), revoked (3).
            Assert.True((await l.Decisions.AcceptStageAsync(RenewalHarness.Reviewer, grantId, 2, NeoBay.Grants.Common.ETags.ForVersion(grant.Version))).IsSuccess);
            await l.RevokeAsync(grantId);
            return (await l.Tables.GetAsync(GrantsTables.Grants), grantId, "grant", h);
        }

        // A batch: open (1), seal (2), export (3).
        l.Clock.Advance(TimeSpan.FromDays(1));
        await h.VerifiedPayeeAsync(grantId, "31001234567890123");
        l.Clock.Advance(TimeSpan.FromDays(1));
        var batch = Assert.Single((await h.Run().RunAsync("admin-1")).Batches);
        Assert.True((await h.Batches.ExportAsync(batch.Id, "admin-1")).IsSuccess);
        return (await new PaymentTables(new TableServiceClient(l.Connection), l.Prefix).GetAsync(), PaymentKeys.BatchPartition(batch.Id), TablePaymentStore.BatchRow, h);
    }

    /// <summary>
    /// Identity bindings: one person asks to act for two companies (2 lines) and a reviewer approves the first (3), one chain in
    /// the person's partition. Integrator grants: an applicant grants two integrators (the second one twice, a retry) and
    /// revokes the first (3 lines), one chain in its grant-audit partition.
    /// </summary>
    private static async Task<(TableClient Table, string Partition, string HeadRow)> IdentityPartitionAsync(bool binding)
    {
        var tables = new GrantsTables(new TableServiceClient(await NeoBay.Testing.Azurite.GetConnectionStringAsync()), NeoBay.Testing.Azurite.UniqueName("id"));
        var store = new TableIdentityStore(tables);
        var table = await tables.GetAsync(GrantsTables.Identities);
        var at = RenewalHarness.ApprovalTime;
        var (first, second) = (RenewalHarness.UsccOf(1), RenewalHarness.UsccOf(2));
        if (binding)
        {
            const string person = "wx:person-1";
            var request = new BindingRecord(BindingKeys.Id(person, first), first, "张三", "legalRepresentative", BindingStatus.Pending, 1, at);
            Assert.True(await store.TryCreateAsync(request, person));
            Assert.True(await store.TryCreateAsync(request with { Id = BindingKeys.Id(person, second), Uscc = second }, person));
            Assert.False(await store.TryCreateAsync(request, person)); // the same request again: refused, no line
            var read = (await store.GetAsync(request.Id))!;
            await store.ReplaceAsync(read with { Status = BindingStatus.Approved, Version = 2, DecidedBy = "reviewer-1", DecidedAt = at.AddHours(1) }, "reviewer-1", "approve");
            return (table, BindingKeys.Partition(person), AuditChain.HeadRow);
        }

        await store.GrantAsync(new IntegratorGrant("client-a", first, at, "applicant-1"));
        await store.GrantAsync(new IntegratorGrant("client-b", first, at.AddMinutes(1), "applicant-1"));
        await store.GrantAsync(new IntegratorGrant("client-b", first, at.AddMinutes(1), "applicant-1")); // a retry: the same line, linked once
        Assert.True(await store.RevokeAsync("client-a", first, "applicant-1", at.AddMinutes(2)));
        return (table, "grantaudit|" + first, AuditChain.HeadRow);
    }

    /// <summary>A05.1 approved in 2026 (1), renewed by the 2027 run (2: operating year 2 issued), revoked (3).</summary>
    private static async Task<(TableClient Table, string Partition, string HeadRow)> RenewedGrantAsync()
    {
        var h = await RenewalHarness.CreateAsync();
        var grantId = await h.ApproveAsync("A05.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(1), OperatingFacts);
        h.Clock.SetUtcNow(RenewalHarness.RunTime);
        await RenewalHarness.RunAsync(h.Services().Run, 2027);
        await h.RevokeAsync(grantId);
        return (await h.Tables.GetAsync(GrantsTables.Grants), grantId, "grant");
    }

    private static readonly Dictionary<string, FactValue> OperatingFacts = new()
    {
        ["constructionNeeds"] = FactValue.Of(15_000_000m), ["operatingNeeds"] = FactValue.Of(12_000_000m),
    };

    [Fact]
    public async Task A_renewal_writes_one_line_per_grant_and_year_into_the_grant_chain_once_under_reruns_and_a_crash_before_linking()
    {
        var h = await RenewalHarness.CreateAsync();
        var crashed = await h.ApproveAsync("A05.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(1), OperatingFacts);
        var clean = await h.ApproveAsync("A05.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(2), OperatingFacts);
        h.Clock.SetUtcNow(RenewalHarness.RunTime);
        var table = await h.Tables.GetAsync(GrantsTables.Grants);

        // A crash right after the renewal's transaction: its line waits, unlinked, under its deterministic key.
        var store = new TableRenewalStore(h.Tables, new RenewalTables(new TableServiceClient(h.Connection), h.Prefix));
        var plan = NeoBay.Grants.Renewals.RenewalPlanner.Plan((await store.ReadGrantAsync(crashed))!, 2027, RenewalHarness.Catalog.Value, null, h.Clock.GetUtcNow());
        await store.ApplyAsync(plan);
        Assert.Equal(new AuditBreak(table.Name, crashed, TableRenewalStore.PendingAuditRow(2027), TableAuditVerifier.Pending), await FirstBreakAsync(table, crashed));

        // The run, a rerun and two runs at once: the crashed grant's line is linked, the other's written and linked, each once.
        await RenewalHarness.RunAsync(h.Services().Run, 2027);
        await RenewalHarness.RunAsync(h.Services().Run, 2027);
        var (x, y) = (h.Services().Run, h.Services().Run);
        await Task.WhenAll(Enumerable.Range(0, 16).SelectMany(s => new[] { Task.Run(() => x.ProcessShardAsync(2027, s)), Task.Run(() => y.ProcessShardAsync(2027, s)) }));
        foreach (var grantId in new[] { crashed, clean })
        {
            var chain = await ChainAsync(table, grantId);
            Assert.Equal(new AuditVerification(1, 2, null), await TableAuditVerifier.VerifyPartitionAsync(table, grantId));
            var renewal = chain[1];
            Assert.Equal(("audit-000002", "renewal-2027", TableRenewalStore.RenewalActor), (renewal.RowKey, renewal.GetString("What"), renewal.GetString("Who")));
            // A05.1 operating year 2 (reading: the operating support of the second year), issued by the run.
            Assert.Contains("Issued", renewal.GetString("Why"), StringComparison.Ordinal);
            Assert.Equal(2, (await h.Grants.GetAsync(grantId))!.Grant.Version);
        }

        Assert.DoesNotContain(await h.SnapshotAsync(), r => r.Contains("/pending-", StringComparison.Ordinal));
    }

    /// <summary>The partition's audit lines in chain order (by Seq).</summary>
    private static async Task<List<TableEntity>> ChainAsync(TableClient table, string partition)
    {
        var lines = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            if (e.ContainsKey(AuditChain.SeqProperty)) lines.Add(e);
        }

        return lines.OrderBy(e => e.GetInt64(AuditChain.SeqProperty)).ToList();
    }

    private static async Task<AuditBreak?> FirstBreakAsync(TableClient table, string partition) => (await TableAuditVerifier.VerifyPartitionAsync(table, partition)).FirstBreak;

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_lifecycle_writes_one_chain_per_partition_that_holds(Kind kind)
    {
        var (table, partition, headRow, _) = await PartitionAsync(kind);
        var chain = await ChainAsync(table, partition);
        Assert.Equal(new AuditVerification(1, chain.Count, null), await TableAuditVerifier.VerifyPartitionAsync(table, partition));
        Assert.True(chain.Count >= 3, $"{chain.Count} lines");
        Assert.Equal(Enumerable.Range(1, chain.Count).Select(i => (long)i), chain.Select(l => l.GetInt64(AuditChain.SeqProperty)!.Value));
        Assert.Equal("", chain[0].GetString(AuditChain.PrevHashProperty));
        for (var i = 1; i < chain.Count; i++) Assert.Equal(chain[i - 1].GetString(AuditChain.HashProperty), chain[i].GetString(AuditChain.PrevHashProperty));
        var head = (await table.GetEntityAsync<TableEntity>(partition, headRow)).Value;
        Assert.Equal(chain[^1].GetString(AuditChain.HashProperty), head.GetString(AuditChain.HeadProperty));
        if (kind == Kind.Application)
        {
            // Every kind of line of the partition is in the one chain: the application's, the documents' transitions and reads.
            Assert.Contains(chain, l => l.RowKey.StartsWith("audit-", StringComparison.Ordinal));
            Assert.Contains(chain, l => l.RowKey.StartsWith("docaudit-", StringComparison.Ordinal) && l.GetString("What") == "verified");
            Assert.Equal(2, chain.Count(l => l.RowKey.Contains("-read-", StringComparison.Ordinal)));
            Assert.Equal("read", chain[^1].GetString("What"));
            Assert.Equal(chain.Count, head.GetInt64(AuditChain.HeadSeqProperty));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_modified_line_is_the_first_break(Kind kind)
    {
        var (table, partition, _, _) = await PartitionAsync(kind);
        var line = (await ChainAsync(table, partition))[1];
        line["Who"] = "someone-else";
        await table.UpdateEntityAsync(line, line.ETag, TableUpdateMode.Replace);

        Assert.Equal(new AuditBreak(table.Name, partition, line.RowKey, TableAuditVerifier.Modified), await FirstBreakAsync(table, partition));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_modified_line_whose_hash_was_recomputed_breaks_the_link_of_the_next(Kind kind)
    {
        var (table, partition, _, _) = await PartitionAsync(kind);
        var chain = await ChainAsync(table, partition);
        var line = chain[0];
        line["Why"] = "rewritten";
        AuditChain.Link(line, line.GetString(AuditChain.PrevHashProperty), 1);
        await table.UpdateEntityAsync(line, line.ETag, TableUpdateMode.Replace);

        Assert.Equal(new AuditBreak(table.Name, partition, chain[1].RowKey, TableAuditVerifier.Unlinked), await FirstBreakAsync(table, partition));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_deleted_line_is_found_in_the_middle_at_the_start_and_at_the_end(Kind kind)
    {
        foreach (var position in new[] { "middle", "first", "last" })
        {
            var (table, partition, headRow, _) = await PartitionAsync(kind);
            var chain = await ChainAsync(table, partition);
            var (deleted, expected) = position switch
            {
                "middle" => (chain[1], new AuditBreak(table.Name, partition, chain[2].RowKey, TableAuditVerifier.Missing)),
                "first" => (chain[0], new AuditBreak(table.Name, partition, chain[1].RowKey, TableAuditVerifier.Missing)),
                _ => (chain[^1], new AuditBreak(table.Name, partition, headRow, TableAuditVerifier.HeadMismatch)),
            };
            await table.DeleteEntityAsync(deleted.PartitionKey, deleted.RowKey);

            Assert.Equal(expected, await FirstBreakAsync(table, partition));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Reordered_lines_are_found_even_when_their_hashes_are_recomputed(Kind kind)
    {
        // Lines 2 and 3 exchange keys: each keeps its content under the other's key, hash recomputed for the new key.
        var (table, partition, _, _) = await PartitionAsync(kind);
        var chain = await ChainAsync(table, partition);
        foreach (var (from, to) in new[] { (chain[1], chain[2].RowKey), (chain[2], chain[1].RowKey) })
        {
            var moved = new TableEntity(from) { RowKey = to };
            AuditChain.Link(moved, from.GetString(AuditChain.PrevHashProperty), from.GetInt64(AuditChain.SeqProperty)!.Value);
            await table.UpsertEntityAsync(moved, TableUpdateMode.Replace);
        }

        Assert.Equal(new AuditBreak(table.Name, partition, chain[1].RowKey, TableAuditVerifier.Unlinked), await FirstBreakAsync(table, partition));

        // Lines 2 and 3 exchange places in the chain (their numbers), hashes recomputed: line 3 now comes second and does not link to line 1.
        (table, partition, _, _) = await PartitionAsync(kind);
        chain = await ChainAsync(table, partition);
        foreach (var (line, seq) in new[] { (chain[1], 3L), (chain[2], 2L) })
        {
            AuditChain.Link(line, line.GetString(AuditChain.PrevHashProperty), seq);
            await table.UpdateEntityAsync(line, line.ETag, TableUpdateMode.Replace);
        }

        Assert.Equal(new AuditBreak(table.Name, partition, chain[2].RowKey, TableAuditVerifier.Unlinked), await FirstBreakAsync(table, partition));

        // Moved without recomputing: the hash covers the key, so the first moved line (in key order) reads as modified.
        (table, partition, _, _) = await PartitionAsync(kind);
        chain = await ChainAsync(table, partition);
        foreach (var (from, to) in new[] { (chain[1], chain[2].RowKey), (chain[2], chain[1].RowKey) })
        {
            await table.UpsertEntityAsync(new TableEntity(from) { RowKey = to }, TableUpdateMode.Replace);
        }

        var first = string.CompareOrdinal(chain[1].RowKey, chain[2].RowKey) < 0 ? chain[1].RowKey : chain[2].RowKey;
        Assert.Equal(new AuditBreak(table.Name, partition, first, TableAuditVerifier.Modified), await FirstBreakAsync(table, partition));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_stripped_head_leaves_its_lines_without_a_record(Kind kind)
    {
        var (table, partition, headRow, _) = await PartitionAsync(kind);
        var header = (await table.GetEntityAsync<TableEntity>(partition, headRow)).Value;
        header.Remove(AuditChain.HeadProperty);
        await table.UpdateEntityAsync(header, header.ETag, TableUpdateMode.Replace);

        var firstByKey = (await ChainAsync(table, partition)).Select(l => l.RowKey).Order(StringComparer.Ordinal).First();
        Assert.Equal(new AuditBreak(table.Name, partition, firstByKey, TableAuditVerifier.HeadMissing), await FirstBreakAsync(table, partition));
    }

    [Fact]
    public async Task Concurrent_reads_and_a_transition_of_one_application_append_to_its_one_chain()
    {
        // 20 reads of a document at once, while a second document is uploaded: every line lands once, in one unbroken chain.
        var (table, partition, _, payments) = await PartitionAsync(Kind.Application);
        var h = payments!.Lifecycle;
        var document = (await h.DocumentStore.ListAsync(partition)).First(d => d.Status == DocumentStatus.Verified);
        var alone = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++) Assert.True((await h.Documents.GetForReadAsync(RenewalHarness.Reviewer, partition, document.DocumentId)).IsSuccess);
        alone.Stop();
        var before = (await ChainAsync(table, partition)).Count;
        var clock = Stopwatch.StartNew();
        var reads = Enumerable.Range(0, 20).Select(async _ =>
        {
            var started = Stopwatch.GetTimestamp();
            Assert.True((await h.Documents.GetForReadAsync(RenewalHarness.Reviewer, partition, document.DocumentId)).IsSuccess);
            return Stopwatch.GetElapsedTime(started);
        }).ToList();
        var upload = h.Documents.RequestUploadAsync(RenewalHarness.ApplicantOf(RenewalHarness.UsccOf(1)), partition, new UploadRequest("other", "附件.pdf", "application/pdf", 1000));
        var times = await Task.WhenAll(reads);
        Assert.True((await upload).IsSuccess);
        clock.Stop();

        var chain = await ChainAsync(table, partition);
        Assert.Equal(before + 21, chain.Count);
        Assert.Equal(new AuditVerification(1, chain.Count, null), await TableAuditVerifier.VerifyPartitionAsync(table, partition));
        // Reported, not asserted (docs/audit.md, cost of a read).
        TestContext.Current.TestOutputHelper?.WriteLine($"a read alone: {alone.ElapsedMilliseconds / 5} ms; 20 concurrent reads + 1 upload: {clock.ElapsedMilliseconds} ms in all; a read {times.Min().TotalMilliseconds:F0}–{times.Max().TotalMilliseconds:F0} ms, median {times.Order().ElementAt(10).TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Appends_racing_on_one_head_each_land_once_in_order()
    {
        var h = await RenewalHarness.CreateAsync();
        var table = await h.Tables.GetAsync(GrantsTables.Applications);
        // Reads (pending, then linked by whichever reader gets there) and transitions (linked one by one) on one head.
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => i % 3 == 0
            ? AuditChainHead.AppendAsync(table, [new(TableTransactionActionType.Add, new TableEntity("A-race", $"doc-{i:D3}"))],
                new TableEntity("A-race", $"docaudit-{i:D3}-000001") { ["What"] = "upload-issued" }, "race")
            : AuditChainHead.AppendPendingAsync(table, new TableEntity("A-race", $"docaudit-D-read-{i:D3}") { ["What"] = "read" })));

        var chain = await ChainAsync(table, "A-race");
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), chain.Select(l => l.GetInt64(AuditChain.SeqProperty)!.Value));
        Assert.Equal(30, chain.Select(l => l.RowKey).Distinct().Count());
        Assert.Equal(new AuditVerification(1, 30, null), await TableAuditVerifier.VerifyPartitionAsync(table, "A-race"));
    }

    [Fact]
    public async Task A_pending_line_already_linked_does_not_block_the_partition()
    {
        // A read's line linked, then its pending row inserted again (a repeat after a lost answer): the next read still lands.
        var h = await RenewalHarness.CreateAsync();
        var table = await h.Tables.GetAsync(GrantsTables.Applications);
        await AuditChainHead.AppendPendingAsync(table, new TableEntity("A-dup", "docaudit-D-read-001") { ["What"] = "read" });
        await table.AddEntityAsync(new TableEntity("A-dup", AuditChainHead.PendingPrefix + "docaudit-D-read-001") { ["What"] = "read" });

        await AuditChainHead.AppendPendingAsync(table, new TableEntity("A-dup", "docaudit-D-read-002") { ["What"] = "read" });

        Assert.Equal(["docaudit-D-read-001", "docaudit-D-read-002"], (await ChainAsync(table, "A-dup")).Select(l => l.RowKey));
        Assert.Equal(new AuditVerification(1, 2, null), await TableAuditVerifier.VerifyPartitionAsync(table, "A-dup"));
    }
}
