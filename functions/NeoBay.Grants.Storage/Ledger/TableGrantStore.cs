using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Policy;

namespace NeoBay.Grants.Storage.Ledger;

/// <summary>Grants, their ledger lines and audit (one partition per grant) and the grant index (see docs/storage.md).</summary>
public sealed class TableGrantStore(GrantsTables tables) : IGrantStore
{
    public async Task<bool> TryCreateAsync(GrantRecord grant, IReadOnlyList<LedgerLine> lines, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Grants, cancellationToken);
        // The header goes first: its chunk is the idempotency gate. Chunks are deterministic, so a repeat
        // after a partial failure re-submits the same chunks and each one either exists (409) or is written.
        var (auditLine, hash) = EntityMapping.ToChainedEntity(audit, null);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, EntityMapping.ToEntity(grant with { AuditHash = hash })) };
        actions.AddRange(lines.Select(l => new TableTransactionAction(TableTransactionActionType.Add, EntityMapping.ToEntity(l))));
        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, auditLine));
        var outcomes = await TableBatchWriter.SubmitAsync(table, actions, cancellationToken);
        return outcomes[0] == BatchOutcome.Written;
    }

    public async Task<GrantView?> GetAsync(string grantId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Grants, cancellationToken);
        GrantRecord? grant = null;
        var lines = new List<LedgerLine>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {grantId} and RowKey ge {EntityMapping.GrantRow}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (e.RowKey == EntityMapping.GrantRow) grant = EntityMapping.ToGrant(e);
            else if (e.RowKey.StartsWith(EntityMapping.LinePrefix, StringComparison.Ordinal)) lines.Add(EntityMapping.ToLine(e));
        }

        return grant is null ? null : new GrantView(grant, lines.OrderBy(l => l.FiscalYear).ThenBy(l => l.Order ?? int.MaxValue).ThenBy(l => l.Component, StringComparer.Ordinal).ToList());
    }

    public async Task<(GrantRecord Grant, IReadOnlyList<LedgerLine> Lines)> UpdateAsync(GrantRecord grant, IReadOnlyList<LedgerLine> changedLines, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Grants, cancellationToken);
        var what = "Grant " + grant.Id;
        var (auditLine, hash) = EntityMapping.ToChainedEntity(audit, grant.AuditHash);
        var chained = grant with { AuditHash = hash };
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, EntityMapping.ToEntity(chained), EntityMapping.RequireETag(grant.StorageETag, what)),
        };
        actions.AddRange(changedLines.Select(l => new TableTransactionAction(TableTransactionActionType.UpdateReplace, EntityMapping.ToEntity(l),
            EntityMapping.RequireETag(l.StorageETag, "Ledger line " + l.Component))));
        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, auditLine));
        var responses = await TableBatchWriter.SubmitConditionalAsync(table, actions, what, cancellationToken);
        return (chained with { StorageETag = responses[0].Headers.ETag?.ToString() },
            changedLines.Select((l, i) => l with { StorageETag = responses[i + 1].Headers.ETag?.ToString() }).ToList());
    }

    public async Task<bool> TryAddLineAsync(LedgerLine line, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Grants, cancellationToken);
        return await TableBatchWriter.TryAddAsync(table, EntityMapping.ToEntity(line), cancellationToken);
    }

    public async Task UpsertIndexAsync(GrantIndexEntry entry, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.GrantIndex, cancellationToken);
        await table.UpsertEntityAsync(EntityMapping.ToEntity(entry, EntityMapping.ApplicantPartition(entry.ApplicantUscc)), TableUpdateMode.Replace, cancellationToken);
        await table.UpsertEntityAsync(EntityMapping.ToEntity(entry, GrantKeys.ShardPartition(GrantKeys.Shard(entry.GrantId))), TableUpdateMode.Replace, cancellationToken);
        foreach (var person in entry.Persons)
        {
            if (person.PersonKey is { } key)
                await table.UpsertEntityAsync(EntityMapping.ToPersonEntity(entry, key, person.Category), TableUpdateMode.Replace, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<PersonFact>> FindSupportedPersonsAsync(IReadOnlyList<PersonFact> persons, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.GrantIndex, cancellationToken);
        var found = new List<PersonFact>();
        foreach (var person in persons)
        {
            if (person.PersonKey is not { } key) continue;
            var row = await table.GetEntityIfExistsAsync<TableEntity>(EntityMapping.PersonPartition(key), person.Category, cancellationToken: cancellationToken);
            if (row.HasValue && row.Value!.GetString("Status") == GrantStatuses.Active) found.Add(new PersonFact(person.Category, null, key));
        }

        return found;
    }

    public async Task<IReadOnlyList<GrantIndexEntry>> ListByApplicantAsync(string uscc, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.GrantIndex, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {EntityMapping.ApplicantPartition(uscc)}");
        var entries = new List<GrantIndexEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.Add(EntityMapping.ToGrantIndex(e));
        }

        return entries;
    }

    public async Task<ListPage<GrantIndexEntry>> ListByShardAsync(int shard, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, GrantKeys.ShardCount);
        var table = await tables.GetAsync(GrantsTables.GrantIndex, cancellationToken);
        return await TablePages.FirstPageAsync(table, GrantKeys.ShardPartition(shard), continuationToken, pageSize, EntityMapping.ToGrantIndex, cancellationToken);
    }
}
