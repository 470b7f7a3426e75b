using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Common;

namespace NeoBay.Grants.Storage;

/// <summary>
/// The tamper-evident audit trail (docs/audit.md): one chain per partition. An audit line stores <c>Seq</c> (its place
/// in the partition's chain, from 1), <c>PrevHash</c> (the hash of the line before it) and <c>Hash</c> = SHA-256 over its
/// keys and every other property. The partition's head row stores the last line's hash as <c>AuditHash</c>, written with
/// its ETag in the same transaction as the line, so a chain has no forks: the record itself where every audited change
/// already rewrites it (grant, payee account, batch), else the row <see cref="HeadRow"/> (<see cref="AuditChainHead"/>).
/// </summary>
public static class AuditChain
{
    public const string HashProperty = "Hash";
    public const string PrevHashProperty = "PrevHash";
    public const string SeqProperty = "Seq";
    public const string HeadProperty = "AuditHash";

    /// <summary>The head row's count of lines (on <see cref="HeadRow"/>).</summary>
    public const string HeadSeqProperty = "AuditSeq";

    /// <summary>The head of a partition whose lines have several writers (an application's: the application, its documents, their reads).</summary>
    public const string HeadRow = "chain";

    /// <summary>Links an audit line as number <paramref name="seq"/> after <paramref name="previousHash"/> (null: the chain's first line); returns its hash.</summary>
    public static string Link(TableEntity line, string? previousHash, long seq)
    {
        line[SeqProperty] = seq;
        line[PrevHashProperty] = previousHash ?? string.Empty;
        line.Remove(HashProperty);
        var hash = Compute(line);
        line[HashProperty] = hash;
        return hash;
    }

    /// <summary>Lower-case hex SHA-256 of the line's keys and properties (names sorted, values in invariant text; not Hash, ETag, Timestamp).</summary>
    public static string Compute(TableEntity line)
    {
        var text = new StringBuilder();
        Append(text, "PartitionKey", line.PartitionKey);
        Append(text, "RowKey", line.RowKey);
        foreach (var name in line.Keys.Where(k => k is not (HashProperty or "odata.etag" or "Timestamp" or "PartitionKey" or "RowKey")).Order(StringComparer.Ordinal))
        {
            Append(text, name, Format(line[name]));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // Length-prefixed, so no value can imitate a separator.
    private static void Append(StringBuilder text, string name, string value) =>
        text.Append(CultureInfo.InvariantCulture, $"{name.Length}:{name}={value.Length}:{value};");

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        DateTime d => d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}

/// <summary>
/// Appends to a partition chain headed by the row <see cref="AuditChain.HeadRow"/>: read the head, link the line after it,
/// and write the change, the line and the head (on its ETag) in one transaction. When another writer appended in
/// between, the head's ETag refuses the transaction and the line is linked again after the new head.
/// </summary>
public static class AuditChainHead
{
    /// <summary>
    /// Writes <paramref name="changes"/> (conditional on their own ETags) with <paramref name="line"/> appended to the chain.
    /// A conflict of the changes themselves (the head did not move) throws <see cref="ConcurrencyConflictException"/>.
    /// Returns the responses of <paramref name="changes"/>; empty when a repeat found its own line already written.
    /// </summary>
    public static async Task<IReadOnlyList<Response>> AppendAsync(TableClient table, IReadOnlyList<TableTransactionAction> changes, TableEntity line, string what,
        CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var head = await ReadAsync(table, line.PartitionKey, cancellationToken);
            var hash = AuditChain.Link(line, head?.GetString(AuditChain.HeadProperty), (head?.GetInt64(AuditChain.HeadSeqProperty) ?? 0) + 1);
            var next = new TableEntity(line.PartitionKey, AuditChain.HeadRow) { [AuditChain.HeadProperty] = hash, [AuditChain.HeadSeqProperty] = line.GetInt64(AuditChain.SeqProperty) };
            TableTransactionAction headAction = head is null ? new(TableTransactionActionType.Add, next) : new(TableTransactionActionType.UpdateReplace, next, head.ETag);
            try
            {
                return await TableBatchWriter.SubmitConditionalAsync(table, [.. changes, new(TableTransactionActionType.Add, line), headAction], what, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                var now = await ReadAsync(table, line.PartitionKey, cancellationToken);
                if (now?.GetString(AuditChain.HeadProperty) == hash && changes.Count == 0) return []; // a repeat of a write that landed
                if (now is null || now.ETag == head?.ETag || now.GetString(AuditChain.HeadProperty) == hash) throw; // the change itself conflicts
            }

            // Another writer appended first: back off a little (spread the retries of many readers), then link again.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 2 + Math.Min(attempt, 5) * 4)), cancellationToken);
        }
    }

    /// <summary>
    /// Appends a line that changes nothing else (a document read) without queuing behind other readers: the line is first
    /// stored as <c>pending-{key}</c> (one insert, never refused), then any reader links every pending line of the
    /// partition at once (up to <see cref="MaxLinkedAtOnce"/>: delete the pending row, add the line, move the head, one
    /// transaction). Returns when this line is in the chain, linked by this call or by another reader's.
    /// </summary>
    public static async Task AppendPendingAsync(TableClient table, TableEntity line, CancellationToken cancellationToken = default)
    {
        var pending = new TableEntity(line) { RowKey = PendingPrefix + line.RowKey };
        TableLimits.Validate(pending);
        if (!await TableBatchWriter.TryAddAsync(table, pending, cancellationToken) && await IsLinkedAsync(table, line, cancellationToken)) return; // a repeat

        for (var attempt = 0; ; attempt++)
        {
            var (head, waiting) = await ReadPendingAsync(table, line.PartitionKey, cancellationToken);
            if (!waiting.Any(w => w.RowKey == pending.RowKey)) return; // another reader linked it
            var previous = head?.GetString(AuditChain.HeadProperty);
            var seq = head?.GetInt64(AuditChain.HeadSeqProperty) ?? 0;
            var actions = new List<TableTransactionAction>();
            foreach (var row in waiting.Take(MaxLinkedAtOnce))
            {
                var linked = new TableEntity(row.PartitionKey, row.RowKey[PendingPrefix.Length..]);
                foreach (var (name, value) in row.Where(p => p.Key is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey"))) linked[name] = value;
                previous = AuditChain.Link(linked, previous, ++seq);
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(row.PartitionKey, row.RowKey), row.ETag));
                actions.Add(new(TableTransactionActionType.Add, linked));
            }

            var next = new TableEntity(line.PartitionKey, AuditChain.HeadRow) { [AuditChain.HeadProperty] = previous, [AuditChain.HeadSeqProperty] = seq };
            actions.Add(head is null ? new(TableTransactionActionType.Add, next) : new(TableTransactionActionType.UpdateReplace, next, head.ETag));
            try
            {
                await TableBatchWriter.SubmitConditionalAsync(table, actions, "Audit chain " + line.PartitionKey, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                // Another reader (or a transition) moved the head first: read again. Now and then, drop a pending row whose
                // line is already linked (a lost answer's repeat after a link): it would refuse every link of the partition.
                if (attempt % 4 == 3) await DropLinkedAsync(table, waiting.Take(MaxLinkedAtOnce), cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 2 + Math.Min(attempt, 5) * 4)), cancellationToken);
            }
        }
    }

    /// <summary>Pending lines linked in one transaction: two operations each, and the head.</summary>
    public const int MaxLinkedAtOnce = (TableLimits.MaxBatchOperations - 1) / 2;

    /// <summary>Row-key prefix of a line waiting to be linked (<see cref="AppendPendingAsync"/>).</summary>
    public const string PendingPrefix = "pending-";

    /// <summary>The head and the pending lines, oldest key first (one query).</summary>
    private static async Task<(TableEntity? Head, List<TableEntity> Pending)> ReadPendingAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        TableEntity? head = null;
        var pending = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and (RowKey eq {AuditChain.HeadRow} or (RowKey ge {PendingPrefix} and RowKey lt {"pending."}))");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (e.RowKey == AuditChain.HeadRow) head = e;
            else pending.Add(e);
        }

        return (head, pending.OrderBy(p => p.RowKey, StringComparer.Ordinal).ToList());
    }

    private static async Task DropLinkedAsync(TableClient table, IEnumerable<TableEntity> pending, CancellationToken cancellationToken)
    {
        foreach (var row in pending)
        {
            if (!await IsLinkedAsync(table, new TableEntity(row.PartitionKey, row.RowKey[PendingPrefix.Length..]), cancellationToken)) continue;
            try
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Changed since read: the next pass looks again.
            }
        }
    }

    private static async Task<bool> IsLinkedAsync(TableClient table, TableEntity line, CancellationToken cancellationToken) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(line.PartitionKey, line.RowKey, [AuditChain.HashProperty], cancellationToken)).HasValue;

    private static async Task<TableEntity?> ReadAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, AuditChain.HeadRow, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }
}
