using System.Globalization;
using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Payments;

namespace NeoBay.Grants.Storage.Payments;

/// <summary>The <c>payments</c> table (name: prefix + <c>payments</c>), created once on first use.</summary>
public sealed class PaymentTables(TableServiceClient service, string prefix = "")
{
    public const string Payments = "payments";

    private readonly Lazy<Task> created = new(() => service.GetTableClient(prefix + Payments).CreateIfNotExistsAsync());

    public async Task<TableClient> GetAsync(CancellationToken cancellationToken = default)
    {
        await created.Value.WaitAsync(cancellationToken);
        return service.GetTableClient(prefix + Payments);
    }
}

/// <summary>
/// Table adapter of <see cref="IPaymentStore"/> (docs/payments.md): partitions <c>payee-{uscc}</c> (rows <c>account</c>,
/// <c>version-{v}</c>, <c>audit-{v}</c>), <c>runs</c> (rows <c>{run}</c> and <c>{run}-batch-{batch}</c>) and
/// <c>batch-{id}</c> (rows <c>batch</c>, <c>lines-{key}-{n}</c> (items packed; <c>item-…</c> before), <c>payee-{row}</c>, <c>audit-{v}</c>); ledger-line claims in <c>grants</c>.
/// </summary>
public sealed class TablePaymentStore(PaymentTables payments, GrantsTables grants) : IPaymentStore
{
    public const string AccountRow = "account";
    public const string BatchRow = "batch";
    public const string RunsPartition = "runs";

    public async Task<PayeeAccount?> GetPayeeAsync(string uscc, CancellationToken cancellationToken = default)
    {
        var table = await payments.GetAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(PaymentKeys.PayeePartition(uscc), AccountRow, cancellationToken: cancellationToken);
        return found.HasValue ? ToPayee(found.Value!) : null;
    }

    public async Task<PayeeAccount?> GetPayeeVersionAsync(string uscc, int version, CancellationToken cancellationToken = default)
    {
        var table = await payments.GetAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(PaymentKeys.PayeePartition(uscc), VersionRow(version), cancellationToken: cancellationToken);
        return found.HasValue ? ToPayee(found.Value!) : null;
    }

    public async Task<PayeeAccount> SavePayeeAsync(PayeeAccount account, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        var table = await payments.GetAsync(cancellationToken);
        var (line, hash) = EntityMapping.ToChainedEntity(audit, account.AuditHash);
        var chained = account with { AuditHash = hash };
        var row = ToEntity(chained, AccountRow);
        List<TableTransactionAction> actions =
        [
            account.StorageETag is null
                ? new(TableTransactionActionType.Add, row)
                : new(TableTransactionActionType.UpdateReplace, row, new ETag(account.StorageETag)),
            new(TableTransactionActionType.Add, line),
        ];
        if (account.Status == PayeeStatuses.Verified) actions.Add(new(TableTransactionActionType.Add, ToEntity(chained with { AuditHash = null }, VersionRow(account.Version))));
        var responses = await TableBatchWriter.SubmitConditionalAsync(table, actions, "Payee account", cancellationToken);
        return chained with { StorageETag = responses[0].Headers.ETag?.ToString() };
    }

    public async Task<PaymentRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var table = await payments.GetAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(RunsPartition, runId, cancellationToken: cancellationToken);
        return found.HasValue ? ToRun(found.Value!) : null;
    }

    public async Task<bool> TryCreateRunAsync(PaymentRun run, CancellationToken cancellationToken = default) =>
        await TableBatchWriter.TryAddAsync(await payments.GetAsync(cancellationToken), ToEntity(run), cancellationToken);

    public async Task<IReadOnlyList<PaymentRun>> ListRunsAsync(string? status, CancellationToken cancellationToken = default)
    {
        var table = await payments.GetAsync(cancellationToken);
        var filter = status is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {RunsPartition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {RunsPartition} and Status eq {status}");
        var runs = new List<PaymentRun>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (!e.RowKey.Contains("-batch-", StringComparison.Ordinal)) runs.Add(ToRun(e));
        }

        return runs;
    }

    public async Task CompleteRunAsync(PaymentRun run, CancellationToken cancellationToken = default)
    {
        var table = await payments.GetAsync(cancellationToken);
        try
        {
            await table.UpdateEntityAsync(ToEntity(run), EntityMapping.RequireETag(run.StorageETag, "Payment run"), TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new ConcurrencyConflictException("Payment run " + run.Id + " changed since it was read.", e);
        }
    }

    public async Task CreateBatchAsync(PaymentBatch batch, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        var table = await payments.GetAsync(cancellationToken);
        // The run's pointer first: a batch header always has one, so sealing the run finds every batch.
        await TableBatchWriter.TryAddAsync(table, new TableEntity(RunsPartition, $"{batch.RunId}-batch-{batch.Id}") { ["BatchId"] = batch.Id }, cancellationToken);
        var (line, hash) = EntityMapping.ToChainedEntity(audit, null);
        await TableBatchWriter.SubmitAsync(table, [new(TableTransactionActionType.Add, ToEntity(batch with { AuditHash = hash })), new(TableTransactionActionType.Add, line)], cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListRunBatchesAsync(string runId, CancellationToken cancellationToken = default)
    {
        var table = await payments.GetAsync(cancellationToken);
        var from = $"{runId}-batch-";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RunsPartition} and RowKey gt {from} and RowKey lt {runId + "-batch."}");
        var ids = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["BatchId"], cancellationToken: cancellationToken)) ids.Add(e.GetString("BatchId"));
        return ids;
    }

    public async Task<PaymentBatch?> GetBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        var table = await payments.GetAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(PaymentKeys.BatchPartition(batchId), BatchRow, cancellationToken: cancellationToken);
        return found.HasValue ? ToBatch(found.Value!) : null;
    }

    public async Task<BatchContent?> GetBatchContentAsync(string batchId, CancellationToken cancellationToken = default)
    {
        var table = await payments.GetAsync(cancellationToken);
        PaymentBatch? batch = null;
        var items = new List<BatchItem>();
        var packed = new List<TableEntity>();
        var rows = new List<BatchPayee>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PaymentKeys.BatchPartition(batchId)}"), cancellationToken: cancellationToken))
        {
            if (e.RowKey == BatchRow) batch = ToBatch(e);
            else if (e.RowKey.StartsWith("item-", StringComparison.Ordinal)) items.Add(ToItem(e, batchId));
            else if (e.RowKey.StartsWith(PackedItemsPrefix, StringComparison.Ordinal)) packed.Add(e);
            else if (e.RowKey.StartsWith("payee-", StringComparison.Ordinal)) rows.Add(ToBatchPayee(e, batchId));
        }

        if (batch is null) return null;
        // Only the packed rows the seal named (a seal that lost the header's ETag race may have left rows under another key).
        if (batch.ItemsKey is { } key) items = UnpackItems(batchId, packed.Where(e => e.RowKey.StartsWith(PackedItemsPrefix + key + "-", StringComparison.Ordinal)));
        return new BatchContent(batch, items, rows);
    }

    public async Task<ListPage<ScannedGrant>> ScanIssuedAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        var table = await grants.GetAsync(GrantsTables.Grants, cancellationToken);
        // A range scan, not a query per grant: headers ('grant') sort before their lines ('line-…'), so each grant's rows come together.
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {EntityMapping.GrantRow} or (RowKey ge {EntityMapping.LinePrefix} and RowKey lt {LineRangeEnd} and Status eq {LedgerStatus.Issued.ToWire()})");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            var scanned = new List<ScannedGrant>();
            foreach (var rows in page.Values.GroupBy(e => e.PartitionKey))
            {
                var header = rows.FirstOrDefault(e => e.RowKey == EntityMapping.GrantRow);
                scanned.Add(new ScannedGrant(rows.Key, header is null ? null : EntityMapping.ToGrant(header),
                    rows.Where(e => e.RowKey.StartsWith(EntityMapping.LinePrefix, StringComparison.Ordinal)).Select(EntityMapping.ToLine).ToList()));
            }

            return new ListPage<ScannedGrant>(scanned, page.ContinuationToken);
        }

        return new ListPage<ScannedGrant>([], null);
    }

    public async Task ClaimLinesAsync(GrantRecord grant, IReadOnlyList<LedgerLine> claimed, CancellationToken cancellationToken = default)
    {
        var table = await grants.GetAsync(GrantsTables.Grants, cancellationToken);
        var what = "Grant " + grant.Id;
        List<TableTransactionAction> actions =
        [
            .. claimed.Select(l => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                new TableEntity(grant.Id, GrantKeys.LineRowKey(l.FiscalYear, l.Component)) { ["BatchId"] = l.BatchId, ["PayeeVersion"] = l.PayeeVersion },
                EntityMapping.RequireETag(l.StorageETag, "Ledger line " + l.Component))),
        ];
        await TableBatchWriter.SubmitConditionalAsync(table, actions, what, cancellationToken);
    }

    public async Task<string> AddItemsAsync(string batchId, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default)
    {
        var table = await payments.GetAsync(cancellationToken);
        var (key, entities) = PackItems(batchId, items);
        var actions = entities.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)).ToList();
        var outcome = await TableBatchWriter.SubmitAsync(table, actions, cancellationToken);
        if (outcome.Any(o => o == BatchOutcome.AlreadyExists))
        {
            // A repeat (resume, another worker sealing the same items): the same keys hold the same text; each insert once.
            foreach (var entity in entities) await TableBatchWriter.TryAddAsync(table, entity, cancellationToken);
        }

        return key;
    }

    public async Task<PaymentBatch> SaveBatchAsync(PaymentBatch batch, IReadOnlyList<BatchPayee> newRows, IReadOnlyList<BatchPayee> changedRows, AuditEntry audit,
        CancellationToken cancellationToken = default)
    {
        var table = await payments.GetAsync(cancellationToken);
        if (newRows.Count > 0) await TableBatchWriter.SubmitAsync(table, newRows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(r))).ToList(), cancellationToken);
        var (line, hash) = EntityMapping.ToChainedEntity(audit, batch.AuditHash);
        var chained = batch with { AuditHash = hash };
        var what = "Payment batch " + batch.Id;
        var responses = await TableBatchWriter.SubmitConditionalAsync(table,
        [
            new(TableTransactionActionType.UpdateReplace, ToEntity(chained), EntityMapping.RequireETag(batch.StorageETag, what)),
            .. changedRows.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(r), EntityMapping.RequireETag(r.StorageETag, what + " row " + r.Row))),
            new(TableTransactionActionType.Add, line),
        ], what, cancellationToken);
        return chained with { StorageETag = responses[0].Headers.ETag?.ToString() };
    }

    public async Task MarkAppliedAsync(BatchPayee row, CancellationToken cancellationToken = default)
    {
        var table = await payments.GetAsync(cancellationToken);
        await table.UpdateEntityAsync(new TableEntity(PaymentKeys.BatchPartition(row.BatchId), PayeeRowKey(row.Row)) { ["Applied"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>The first key after every <c>line-…</c> key ('.' follows '-').</summary>
    private const string LineRangeEnd = "line.";

    private const string PackedItemsPrefix = "lines-";
    private const string PackedItemsProperty = "Items";

    /// <summary>
    /// A batch's items as few rows (docs/payments.md): sorted by payee, then by line key, one item per text line
    /// (grant, fiscal year, component, USCC, fen, payee version, tab-separated), cut into rows of at most
    /// <see cref="TableLimits.StringChunkChars"/> characters, keyed <c>lines-{key}-{n:D5}</c>; the key is the first 16 hex digits
    /// of the SHA-256 of the whole text, so the same items always give the same rows and other items other keys.
    /// </summary>
    private static (string Key, List<TableEntity> Rows) PackItems(string batchId, IReadOnlyList<BatchItem> items)
    {
        var texts = items.DistinctBy(i => PaymentKeys.ItemRowKey(i.GrantId, i.FiscalYear, i.Component))
            .OrderBy(i => i.Uscc, StringComparer.Ordinal).ThenBy(i => i.PayeeVersion).ThenBy(i => PaymentKeys.ItemRowKey(i.GrantId, i.FiscalYear, i.Component), StringComparer.Ordinal)
            .Select(i => string.Join('\t', i.GrantId, i.FiscalYear.ToString(CultureInfo.InvariantCulture), i.Component, i.Uscc,
                i.AmountFen.ToString(CultureInfo.InvariantCulture), i.PayeeVersion.ToString(CultureInfo.InvariantCulture)) + "\n")
            .ToList();
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(texts))))[..16];
        var rows = new List<TableEntity>();
        var chunk = new System.Text.StringBuilder();
        foreach (var text in texts.Append(null))
        {
            if (chunk.Length > 0 && (text is null || chunk.Length + text.Length > TableLimits.StringChunkChars))
            {
                rows.Add(new TableEntity(PaymentKeys.BatchPartition(batchId), $"{PackedItemsPrefix}{key}-{rows.Count:D5}") { [PackedItemsProperty] = chunk.ToString() });
                chunk.Clear();
            }

            chunk.Append(text);
        }

        return (key, rows);
    }

    /// <summary>The items of packed rows, in line-key order (as one <c>item-…</c> row per line read).</summary>
    private static List<BatchItem> UnpackItems(string batchId, IEnumerable<TableEntity> rows) =>
        rows.OrderBy(e => e.RowKey, StringComparer.Ordinal)
            .SelectMany(e => e.GetString(PackedItemsProperty).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(text => text.Split('\t'))
            .Select(f => new BatchItem(batchId, f[0], int.Parse(f[1], CultureInfo.InvariantCulture), f[2], f[3], long.Parse(f[4], CultureInfo.InvariantCulture),
                int.Parse(f[5], CultureInfo.InvariantCulture)))
            .OrderBy(i => PaymentKeys.ItemRowKey(i.GrantId, i.FiscalYear, i.Component), StringComparer.Ordinal)
            .ToList();

    private static string VersionRow(int version) => $"version-{version:D6}";

    private static string PayeeRowKey(int row) => $"payee-{row:D5}";

    private static TableEntity ToEntity(PayeeAccount a, string rowKey)
    {
        var e = new TableEntity(PaymentKeys.PayeePartition(a.Uscc), rowKey)
        {
            ["Uscc"] = a.Uscc,
            ["AccountName"] = a.AccountName,
            ["Bank"] = a.Bank,
            ["Branch"] = a.Branch,
            ["AccountNumber"] = a.AccountNumber,
            ["Cnaps"] = a.Cnaps,
            ["ProofApplicationId"] = a.ProofApplicationId,
            ["ProofDocumentId"] = a.ProofDocumentId,
            ["Status"] = a.Status,
            ["Version"] = a.Version,
            ["SubmittedAt"] = a.SubmittedAt,
            ["SubmittedBy"] = a.SubmittedBy,
        };
        EntityMapping.Set(e, "VerifiedAt", a.VerifiedAt);
        EntityMapping.Set(e, "VerifiedBy", a.VerifiedBy);
        EntityMapping.Set(e, "Reason", a.Reason);
        EntityMapping.Set(e, AuditChain.HeadProperty, a.AuditHash);
        return e;
    }

    private static PayeeAccount ToPayee(TableEntity e) =>
        new(e.GetString("Uscc"), e.GetString("AccountName"), e.GetString("Bank"), e.GetString("Branch"), e.GetString("AccountNumber"), e.GetString("Cnaps"),
            e.GetString("ProofApplicationId"), e.GetString("ProofDocumentId"), e.GetString("Status"), e.GetInt32("Version") ?? 0,
            e.GetDateTimeOffset("SubmittedAt") ?? default, e.GetString("SubmittedBy"))
        {
            VerifiedAt = e.GetDateTimeOffset("VerifiedAt"),
            VerifiedBy = e.GetString("VerifiedBy"),
            Reason = e.GetString("Reason"),
            AuditHash = e.GetString(AuditChain.HeadProperty),
            StorageETag = e.ETag.ToString(),
        };

    private static TableEntity ToEntity(PaymentRun r) => new(RunsPartition, r.Id)
    {
        ["StartedAt"] = r.StartedAt,
        ["StartedBy"] = r.StartedBy,
        ["Status"] = r.Status,
    };

    private static PaymentRun ToRun(TableEntity e) =>
        new(e.RowKey, e.GetDateTimeOffset("StartedAt") ?? default, e.GetString("StartedBy"), e.GetString("Status")) { StorageETag = e.ETag.ToString() };

    private static TableEntity ToEntity(PaymentBatch b)
    {
        var e = new TableEntity(PaymentKeys.BatchPartition(b.Id), BatchRow)
        {
            ["RunId"] = b.RunId,
            ["FiscalYear"] = b.FiscalYear,
            ["FundingLine"] = b.FundingLine,
            ["Status"] = b.Status,
            ["Version"] = b.Version,
            ["CreatedAt"] = b.CreatedAt,
            ["PayeeCount"] = b.PayeeCount,
            ["LineCount"] = b.LineCount,
            ["TotalFen"] = b.TotalFen,
        };
        EntityMapping.Set(e, "FileSha256", b.FileSha256);
        EntityMapping.Set(e, "LinesFileSha256", b.LinesFileSha256);
        EntityMapping.Set(e, "ItemsKey", b.ItemsKey);
        EntityMapping.Set(e, AuditChain.HeadProperty, b.AuditHash);
        return e;
    }

    private static PaymentBatch ToBatch(TableEntity e) =>
        new(e.PartitionKey["batch-".Length..], e.GetString("RunId"), e.GetInt32("FiscalYear") ?? 0, e.GetString("FundingLine"), e.GetString("Status"),
            e.GetInt32("Version") ?? 0, e.GetDateTimeOffset("CreatedAt") ?? default)
        {
            PayeeCount = e.GetInt32("PayeeCount") ?? 0,
            LineCount = e.GetInt32("LineCount") ?? 0,
            TotalFen = e.GetInt64("TotalFen") ?? 0,
            FileSha256 = e.GetString("FileSha256"),
            LinesFileSha256 = e.GetString("LinesFileSha256"),
            ItemsKey = e.GetString("ItemsKey"),
            AuditHash = e.GetString(AuditChain.HeadProperty),
            StorageETag = e.ETag.ToString(),
        };

    /// <summary>A batch item of one row per line, as batches sealed before the packed rows have them.</summary>
    private static BatchItem ToItem(TableEntity e, string batchId) =>
        new(batchId, e.GetString("GrantId"), e.GetInt32("FiscalYear") ?? 0, e.GetString("Component"), e.GetString("Uscc"), e.GetInt64("AmountFen") ?? 0, e.GetInt32("PayeeVersion") ?? 0);

    private static TableEntity ToEntity(BatchPayee r)
    {
        var e = new TableEntity(PaymentKeys.BatchPartition(r.BatchId), PayeeRowKey(r.Row))
        {
            ["Row"] = r.Row,
            ["Uscc"] = r.Uscc,
            ["PayeeVersion"] = r.PayeeVersion,
            ["AccountName"] = r.AccountName,
            ["Bank"] = r.Bank,
            ["Branch"] = r.Branch,
            ["AccountNumber"] = r.AccountNumber,
            ["Cnaps"] = r.Cnaps,
            ["AmountFen"] = r.AmountFen,
            ["LineCount"] = r.LineCount,
            ["Applied"] = r.Applied,
        };
        EntityMapping.Set(e, "Result", r.Result);
        EntityMapping.Set(e, "PaidOn", r.PaidOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        EntityMapping.Set(e, "Reason", r.Reason);
        return e;
    }

    private static BatchPayee ToBatchPayee(TableEntity e, string batchId) =>
        new(batchId, e.GetInt32("Row") ?? 0, e.GetString("Uscc"), e.GetInt32("PayeeVersion") ?? 0, e.GetString("AccountName"), e.GetString("Bank"), e.GetString("Branch"),
            e.GetString("AccountNumber"), e.GetString("Cnaps"), e.GetInt64("AmountFen") ?? 0, e.GetInt32("LineCount") ?? 0)
        {
            Result = e.GetString("Result"),
            PaidOn = e.GetString("PaidOn") is { } paidOn ? DateOnly.ParseExact(paidOn, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            Reason = e.GetString("Reason"),
            Applied = e.GetBoolean("Applied") ?? false,
            StorageETag = e.ETag.ToString(),
        };
}
