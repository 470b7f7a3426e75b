using Azure.Data.Tables;
using NeoBay.Grants.Documents;

namespace NeoBay.Grants.Storage;

/// <summary>Where a chain breaks: the table, partition and row, and what is wrong (docs/audit.md).</summary>
public sealed record AuditBreak(string Table, string Partition, string RowKey, string Problem);

/// <summary>What a verification covered, and its first break (null: every chain holds).</summary>
public sealed record AuditVerification(int Chains, int Lines, AuditBreak? FirstBreak);

/// <summary>
/// Recomputes audit chains (docs/audit.md). A partition holds one chain: its audit lines (<c>audit-…</c>, and in an
/// application's partition its documents' <c>docaudit-…</c>, reads included) in the order of their <c>Seq</c>, headed by
/// the one row that carries <c>AuditHash</c>. Checked: each line's hash, the numbering (1, 2, … with none missing), each
/// link to the line before, and the head (the last line's hash).
/// </summary>
public static class TableAuditVerifier
{
    public const string Modified = "modified";
    public const string Unlinked = "unlinked";
    public const string Missing = "missing";
    public const string Unhashed = "unhashed";
    public const string HeadMismatch = "headMismatch";
    public const string HeadMissing = "headMissing";
    public const string Pending = "pending";

    /// <summary>Audit-line row keys: <c>audit-</c>, <c>docaudit-</c>, and <c>audit|</c> (bindings and integrator grants in <c>identities</c>).</summary>
    private static readonly string[] LinePrefixes = [EntityMapping.AuditPrefix, DocumentKeys.AuditPrefix, IdentityAuditPrefix];

    public const string IdentityAuditPrefix = "audit|";

    /// <summary>Verifies one partition (one query).</summary>
    public static async Task<AuditVerification> VerifyPartitionAsync(TableClient table, string partition, CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken))
        {
            rows.Add(e);
        }

        return Verify(table.Name, rows);
    }

    /// <summary>Verifies every partition of a table (a full scan: for auditors, not request paths); stops at the first break.</summary>
    public static async Task<AuditVerification> VerifyTableAsync(TableClient table, CancellationToken cancellationToken = default)
    {
        var total = new AuditVerification(0, 0, null);
        var partition = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (partition.Count > 0 && partition[0].PartitionKey != e.PartitionKey)
            {
                total = Add(total, Verify(table.Name, partition));
                if (total.FirstBreak is not null) return total;
                partition.Clear();
            }

            partition.Add(e);
        }

        return partition.Count > 0 ? Add(total, Verify(table.Name, partition)) : total;
    }

    public static AuditVerification Add(AuditVerification a, AuditVerification b) => new(a.Chains + b.Chains, a.Lines + b.Lines, a.FirstBreak ?? b.FirstBreak);

    /// <summary>Verifies the chain of one partition's rows (any order).</summary>
    public static AuditVerification Verify(string tableName, IReadOnlyList<TableEntity> rows)
    {
        var byKey = rows.OrderBy(r => r.RowKey, StringComparer.Ordinal).ToList();
        var lines = byKey.Where(r => LinePrefixes.Any(p => r.RowKey.StartsWith(p, StringComparison.Ordinal))).ToList();
        var heads = byKey.Where(r => r.ContainsKey(AuditChain.HeadProperty)).ToList();
        // A read's line not linked yet: its read is in flight, or crashed (the next read of the partition links it).
        var pending = byKey.FirstOrDefault(r => r.RowKey.StartsWith(AuditChainHead.PendingPrefix, StringComparison.Ordinal));
        if (lines.Count == 0 && heads.Count == 0 && pending is null) return new AuditVerification(0, 0, null);
        AuditBreak Break(TableEntity row, string problem) => new(tableName, row.PartitionKey, row.RowKey, problem);

        var problem = heads.Count switch
        {
            0 when lines.Count > 0 => Break(lines[0], HeadMissing), // the head was stripped, or the lines predate the chain
            0 => null,
            1 => VerifyChain(lines, heads[0], Break),
            _ => Break(heads[1], HeadMismatch),
        };
        return new AuditVerification(1, lines.Count, problem ?? (pending is null ? null : Break(pending, Pending)));
    }

    private static AuditBreak? VerifyChain(List<TableEntity> lines, TableEntity head, Func<TableEntity, string, AuditBreak> Break)
    {
        // Each line as written (its content and key), in key order; then the chain in Seq order.
        foreach (var line in lines)
        {
            if (line.GetString(AuditChain.HashProperty) is not { } stored || line.GetInt64(AuditChain.SeqProperty) is null) return Break(line, Unhashed);
            if (AuditChain.Compute(line) != stored) return Break(line, Modified);
        }

        var previous = string.Empty;
        var chain = lines.OrderBy(l => l.GetInt64(AuditChain.SeqProperty)).ThenBy(l => l.RowKey, StringComparer.Ordinal).ToList();
        for (var i = 0; i < chain.Count; i++)
        {
            var line = chain[i];
            if (line.GetInt64(AuditChain.SeqProperty) != i + 1) return Break(line, i > 0 && line.GetInt64(AuditChain.SeqProperty) == i ? Unlinked : Missing);
            if (line.GetString(AuditChain.PrevHashProperty) != previous) return Break(line, Unlinked);
            previous = line.GetString(AuditChain.HashProperty);
        }

        return head.GetString(AuditChain.HeadProperty) == previous ? null : Break(head, HeadMismatch);
    }
}
