using System.Text;
using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Domain;
using NeoBay.Grants.UseCases;

namespace NeoBay.Grants.Storage;

/// <summary>Applications on Table Storage (see docs/storage.md).</summary>
public sealed class TableApplicationStore(GrantsTables tables) : IApplicationStore
{
    public const string AllPartition = "all";

    public async Task<bool> TryCreateAsync(ApplicationRecord application, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Applications, cancellationToken);
        // The partition is new: the application, its first audit line and the chain's head are one insert (409: it exists).
        var line = EntityMapping.ToEntity(audit);
        var hash = AuditChain.Link(line, null, 1);
        var outcomes = await TableBatchWriter.SubmitAsync(table,
        [
            new TableTransactionAction(TableTransactionActionType.Add, EntityMapping.ToEntity(application)),
            new TableTransactionAction(TableTransactionActionType.Add, line),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(application.Id, AuditChain.HeadRow) { [AuditChain.HeadProperty] = hash, [AuditChain.HeadSeqProperty] = 1L }),
        ], cancellationToken);
        return outcomes[0] == BatchOutcome.Written;
    }

    public async Task<ApplicationRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Applications, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(id, EntityMapping.ApplicationRow, cancellationToken: cancellationToken);
        return response.HasValue ? EntityMapping.ToApplication(response.Value!) : null;
    }

    public async Task<ApplicationRecord> ReplaceAsync(ApplicationRecord application, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Applications, cancellationToken);
        var what = "Application " + application.Id;
        var responses = await AuditChainHead.AppendAsync(table,
            [new TableTransactionAction(TableTransactionActionType.UpdateReplace, EntityMapping.ToEntity(application), EntityMapping.RequireETag(application.StorageETag, what))],
            EntityMapping.ToEntity(audit), what, cancellationToken);
        return application with { StorageETag = responses[0].Headers.ETag?.ToString() };
    }

    public async Task UpsertIndexAsync(ApplicationSummary summary, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.ApplicationIndex, cancellationToken);
        await WriteUnlessNewerAsync(table, EntityMapping.ToEntity(summary, EntityMapping.ApplicantPartition(summary.ApplicantUscc)), summary.Version, cancellationToken);
        await WriteUnlessNewerAsync(table, EntityMapping.ToEntity(summary, AllPartition), summary.Version, cancellationToken);
    }

    /// <summary>
    /// Writes an index entry unless the stored one is of the same or a later version: the index writes of two
    /// transitions (an evaluation and a withdrawal) can arrive out of order. Insert, or replace on the ETag just read.
    /// </summary>
    private static async Task WriteUnlessNewerAsync(TableClient table, TableEntity entry, int version, CancellationToken cancellationToken)
    {
        while (true)
        {
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(entry.PartitionKey, entry.RowKey, ["Version"], cancellationToken);
            try
            {
                if (!stored.HasValue) await table.AddEntityAsync(entry, cancellationToken);
                else if ((stored.Value!.GetInt32("Version") ?? 0) < version) await table.UpdateEntityAsync(entry, stored.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another writer got there between the read and the write: read again.
            }
        }
    }

    public async Task<ListPage<ApplicationSummary>> ListAsync(string? uscc, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.ApplicationIndex, cancellationToken);
        var partition = uscc is null ? AllPartition : EntityMapping.ApplicantPartition(uscc);
        return await PageQuery.FirstPageAsync(table, partition, continuationToken, pageSize, EntityMapping.ToSummary, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string id, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Applications, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {EntityMapping.AuditPrefix} and RowKey lt {"audit."}");
        var entries = new List<AuditEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.Add(EntityMapping.ToAudit(e));
        }

        return entries;
    }

    public bool Fits(ApplicationRecord application)
    {
        try
        {
            TableLimits.Validate(EntityMapping.ToEntity(application));
            return true;
        }
        catch (TableLimitException)
        {
            return false;
        }
    }

    public async Task<IdempotencyRecord?> GetIdempotencyAsync(string scope, string keyHash, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Idempotency, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(scope, keyHash, cancellationToken: cancellationToken);
        if (!response.HasValue) return null;
        var e = response.Value!;
        return new IdempotencyRecord(scope, keyHash, e.GetString("RequestHash"), e.GetString("ApplicationId"), e.GetDateTimeOffset("CreatedAt") ?? default);
    }

    public async Task<bool> TryAddIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Idempotency, cancellationToken);
        return await TableBatchWriter.TryAddAsync(table, new TableEntity(record.Scope, record.KeyHash)
        {
            ["RequestHash"] = record.RequestHash,
            ["ApplicationId"] = record.ApplicationId,
            ["CreatedAt"] = record.CreatedAt,
        }, cancellationToken);
    }
}

/// <summary>One page of a one-partition query, with the service's continuation token made URL-safe.</summary>
internal static class PageQuery
{
    public static async Task<ListPage<T>> FirstPageAsync<T>(TableClient table, string partition, string? continuationToken, int pageSize,
        Func<TableEntity, T> map, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(Decode(continuationToken), pageSize);
        await foreach (var page in pages)
        {
            return new ListPage<T>(page.Values.Select(map).ToList(), Encode(page.ContinuationToken));
        }

        return new ListPage<T>([], null);
    }

    public static string? Encode(string? token) =>
        token is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Null for a token that is not one of ours (the caller validates first with <see cref="IsValid"/>).</summary>
    public static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static bool IsValid(string? token) => string.IsNullOrEmpty(token) || (token.Length <= 2048 && Decode(token) is { Length: > 0 });
}
