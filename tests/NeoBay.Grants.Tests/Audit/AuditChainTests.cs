using Azure.Data.Tables;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Tests.Renewals;
using NeoBay.Grants.Tests.Support;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Audit;

/// <summary>The audit chains as the lifecycle writes them, and what tampering with them looks like (docs/audit.md).</summary>
public sealed class AuditChainTests
{
    /// <summary>A staged A04.4 grant: approved (grant audit 1), stage 2 accepted (2), revoked (3).</summary>
    private static async Task<(RenewalHarness Harness, string GrantId, TableClient Grants)> GrantWithThreeLinesAsync()
    {
        var h = await RenewalHarness.CreateAsync();
        var grantId = await h.ApproveAsync("A04.4", ApplicantKind.Enterprise, RenewalHarness.UsccOf(1), new Dictionary<string, FactValue> { ["conversionCost"] = FactValue.Of(1_000_000m) });
        var accepted = await h.Lifecycle.AcceptStageAsync(RenewalHarness.Reviewer, grantId, 2,
            NeoBay.Grants.Domain.ETags.ForVersion((await h.Lifecycle.GetGrantAsync(RenewalHarness.Reviewer, grantId)).Value!.Grant.Version));
        Assert.True(accepted.IsSuccess, accepted.Error?.Code);
        await h.RevokeAsync(grantId);
        return (h, grantId, await h.Tables.GetAsync(GrantsTables.Grants));
    }

    private static async Task<List<TableEntity>> AuditLinesAsync(TableClient table, string partition)
    {
        var lines = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"audit-"} and RowKey lt {"audit."}"))) lines.Add(e);
        return lines;
    }

    [Fact]
    public async Task The_lifecycle_writes_chains_that_hold_in_every_partition()
    {
        var (h, grantId, grants) = await GrantWithThreeLinesAsync();
        var grant = await TableAuditVerifier.VerifyPartitionAsync(grants, grantId);
        Assert.Equal(new AuditVerification(1, 3, null), grant);

        var lines = await AuditLinesAsync(grants, grantId);
        Assert.Equal("", lines[0].GetString("PrevHash"));
        Assert.Equal(lines[0].GetString("Hash"), lines[1].GetString("PrevHash"));
        Assert.Equal(lines[1].GetString("Hash"), lines[2].GetString("PrevHash"));

        // The application: submitted, evaluating, eligible, approved; its documents: one chain each.
        var applications = await h.Tables.GetAsync(GrantsTables.Applications);
        var all = await TableAuditVerifier.VerifyTableAsync(applications);
        Assert.Null(all.FirstBreak);
        Assert.True(all.Chains >= 2, $"{all.Chains} chains");
        Assert.True(all.Lines >= 5, $"{all.Lines} lines");
    }

    [Fact]
    public async Task A_modified_line_is_the_first_break()
    {
        var (_, grantId, grants) = await GrantWithThreeLinesAsync();
        var line = (await AuditLinesAsync(grants, grantId))[1];
        line["Who"] = "someone-else";
        await grants.UpdateEntityAsync(line, line.ETag, TableUpdateMode.Replace);

        var result = await TableAuditVerifier.VerifyPartitionAsync(grants, grantId);
        Assert.Equal(new AuditBreak(grants.Name, grantId, "audit-000002", TableAuditVerifier.Modified), result.FirstBreak);
    }

    [Fact]
    public async Task A_modified_line_whose_hash_was_recomputed_breaks_the_link_of_the_next()
    {
        var (_, grantId, grants) = await GrantWithThreeLinesAsync();
        var line = (await AuditLinesAsync(grants, grantId))[0];
        line["Why"] = "rewritten";
        AuditChain.Link(line, line.GetString("PrevHash"));
        await grants.UpdateEntityAsync(line, line.ETag, TableUpdateMode.Replace);

        var result = await TableAuditVerifier.VerifyPartitionAsync(grants, grantId);
        Assert.Equal(new AuditBreak(grants.Name, grantId, "audit-000002", TableAuditVerifier.Unlinked), result.FirstBreak);
    }

    [Fact]
    public async Task A_deleted_line_is_found_in_the_middle_at_the_start_and_at_the_end()
    {
        foreach (var (index, expectedRow, problem) in new[] { (1, "audit-000003", TableAuditVerifier.Missing), (0, "audit-000002", TableAuditVerifier.Missing), (2, "grant", TableAuditVerifier.HeadMismatch) })
        {
            var (_, grantId, grants) = await GrantWithThreeLinesAsync();
            var line = (await AuditLinesAsync(grants, grantId))[index];
            await grants.DeleteEntityAsync(line.PartitionKey, line.RowKey);

            var result = await TableAuditVerifier.VerifyPartitionAsync(grants, grantId);
            Assert.Equal(new AuditBreak(grants.Name, grantId, expectedRow, problem), result.FirstBreak);
        }
    }

    [Fact]
    public async Task Reordered_lines_are_found_even_when_their_hashes_are_recomputed()
    {
        var (_, grantId, grants) = await GrantWithThreeLinesAsync();
        var lines = await AuditLinesAsync(grants, grantId);
        // Lines 2 and 3 exchange places: each keeps its content under the other's key, hash recomputed for the new key.
        foreach (var (from, to) in new[] { (lines[1], lines[2].RowKey), (lines[2], lines[1].RowKey) })
        {
            var moved = new TableEntity(from) { RowKey = to };
            AuditChain.Link(moved, from.GetString("PrevHash"));
            await grants.UpsertEntityAsync(moved, TableUpdateMode.Replace);
        }

        var result = await TableAuditVerifier.VerifyPartitionAsync(grants, grantId);
        Assert.Equal(new AuditBreak(grants.Name, grantId, "audit-000002", TableAuditVerifier.Unlinked), result.FirstBreak);

        // Moved without recomputing: the hash covers the key, so the line reads as modified.
        var (_, other, table) = await GrantWithThreeLinesAsync();
        var original = await AuditLinesAsync(table, other);
        foreach (var (from, to) in new[] { (original[1], original[2].RowKey), (original[2], original[1].RowKey) })
        {
            await table.UpsertEntityAsync(new TableEntity(from) { RowKey = to }, TableUpdateMode.Replace);
        }

        Assert.Equal(new AuditBreak(table.Name, other, "audit-000002", TableAuditVerifier.Modified), (await TableAuditVerifier.VerifyPartitionAsync(table, other)).FirstBreak);
    }

    [Fact]
    public async Task A_stripped_head_leaves_its_lines_without_a_record()
    {
        var (_, grantId, grants) = await GrantWithThreeLinesAsync();
        var header = (await grants.GetEntityAsync<TableEntity>(grantId, "grant")).Value;
        header.Remove(AuditChain.HeadProperty);
        await grants.UpdateEntityAsync(header, header.ETag, TableUpdateMode.Replace);

        Assert.Equal(new AuditBreak(grants.Name, grantId, "audit-000001", TableAuditVerifier.HeadMissing), (await TableAuditVerifier.VerifyPartitionAsync(grants, grantId)).FirstBreak);
    }
}
