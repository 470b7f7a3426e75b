using System.Globalization;
using Azure.Data.Tables;

namespace NeoBay.Grants.Storage;

/// <summary>Where a chain breaks: the table, partition and row, and what is wrong (docs/audit.md).</summary>
public sealed record AuditBreak(string Table, string Partition, string RowKey, string Problem);

/// <summary>What a verification covered, and its first break (null: every chain holds).</summary>
public sealed record AuditVerification(int Chains, int Lines, AuditBreak? FirstBreak);

/// <summary>
/// Recomputes audit chains (docs/audit.md). In a partition, every row that carries <c>AuditHash</c> heads a chain: the
/// lines <c>audit-*</c> of the record, or <c>docaudit-{id}-{version}</c> of a document row <c>doc-{id}</c> (the lines of
/// document reads are not state changes and are not chained). Lines are checked in key order: the hash of the line's
/// content, the link to the line before, the sequence (no number missing), and the head (the last line's hash).
/// </summary>
public static class TableAuditVerifier
{
    public const string Modified = "modified";
    public const string Unlinked = "unlinked";
    public const string Missing = "missing";
    public const string Unhashed = "unhashed";
    public const string HeadMismatch = "headMismatch";
    public const string HeadMissing = "headMissing";

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

    /// <summary>Verifies the chains of one partition's rows (any order).</summary>
    public static AuditVerification Verify(string tableName, IReadOnlyList<TableEntity> rows)
    {
        var byKey = rows.OrderBy(r => r.RowKey, StringComparer.Ordinal).ToList();
        var heads = byKey.Where(r => r.ContainsKey(AuditChain.HeadProperty)).ToList();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var result = new AuditVerification(0, 0, null);
        foreach (var head in heads)
        {
            var prefix = ChainPrefix(head.RowKey);
            var lines = byKey.Where(r => r.RowKey.StartsWith(prefix, StringComparison.Ordinal) && IsTransitionLine(r.RowKey[prefix.Length..])).ToList();
            claimed.UnionWith(lines.Select(l => l.RowKey));
            result = Add(result, new AuditVerification(1, lines.Count, VerifyChain(tableName, head, lines)));
        }

        // Lines whose record carries no head: the head was stripped, or the lines predate the chain.
        var orphan = byKey.FirstOrDefault(r => !claimed.Contains(r.RowKey) && IsChainedKind(r.RowKey));
        return orphan is null ? result : Add(result, new AuditVerification(0, 0, new AuditBreak(tableName, orphan.PartitionKey, orphan.RowKey, HeadMissing)));
    }

    private static AuditBreak? VerifyChain(string tableName, TableEntity head, IReadOnlyList<TableEntity> lines)
    {
        AuditBreak Break(TableEntity row, string problem) => new(tableName, row.PartitionKey, row.RowKey, problem);
        var previous = string.Empty;
        var prefix = ChainPrefix(head.RowKey);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.GetString(AuditChain.HashProperty) is not { } stored) return Break(line, Unhashed);
            if (AuditChain.Compute(line) != stored) return Break(line, Modified);
            var number = int.Parse(line.RowKey[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture);
            var expected = i == 0 ? number : int.Parse(lines[i - 1].RowKey[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture) + 1;
            if (number != expected) return Break(line, Missing);
            if ((line.GetString(AuditChain.PrevHashProperty) ?? string.Empty) != previous) return Break(line, i == 0 ? Missing : Unlinked);
            previous = stored;
        }

        return head.GetString(AuditChain.HeadProperty) == previous ? null : Break(head, HeadMismatch);
    }

    /// <summary>The audit lines of a record: <c>audit-</c>, or a document's <c>docaudit-{id}-</c>.</summary>
    private static string ChainPrefix(string headRowKey) =>
        headRowKey.StartsWith("doc-", StringComparison.Ordinal) ? "docaudit-" + headRowKey["doc-".Length..] + "-" : EntityMapping.AuditPrefix;

    /// <summary>A transition line's key ends in its six-digit sequence (reads end in <c>read-…</c>).</summary>
    private static bool IsTransitionLine(string tail) => tail.Length == 6 && tail.All(char.IsAsciiDigit);

    private static bool IsChainedKind(string rowKey)
    {
        if (rowKey.StartsWith(EntityMapping.AuditPrefix, StringComparison.Ordinal)) return true;
        if (!rowKey.StartsWith("docaudit-", StringComparison.Ordinal)) return false;
        var dash = rowKey.LastIndexOf('-');
        return IsTransitionLine(rowKey[(dash + 1)..]) && !rowKey.Contains("-read-", StringComparison.Ordinal);
    }
}
