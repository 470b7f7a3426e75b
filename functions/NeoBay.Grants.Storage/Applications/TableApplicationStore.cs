using System.Text;
using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Simulations;

namespace NeoBay.Grants.Storage.Applications;

/// <summary>Applications on Table Storage (see docs/storage.md).</summary>
public sealed class TableApplicationStore(GrantsTables tables) : IApplicationStore, IApplicationQueueIndex, IApplicationRecordPages
{
    public const string AllPartition = "all";

    /// <summary>Rows of a status partition in newest-first order start with this (after every application id).</summary>
    private const string NewestPrefix = "~";

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

    /// <summary>
    /// The applicant's and the reviewers' entries (each only over an older version), and the queue's status partition
    /// <c>status-{status}</c> (two rows: by id, oldest first, and <c>~{inverted time}-{id}</c>, newest first). The status rows go in
    /// first; once the <c>all</c> entry holds the winning version, the rows of any other status this write or the previous entry
    /// named are deleted — so a repeated or out-of-order write mends the partitions instead of leaving an application in two.
    /// </summary>
    public async Task UpsertIndexAsync(ApplicationSummary summary, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.ApplicationIndex, cancellationToken);
        var before = await table.GetEntityIfExistsAsync<TableEntity>(AllPartition, summary.Id, ["Status", "Version"], cancellationToken);
        var previousStatus = before.HasValue ? before.Value!.GetString("Status") : null;
        if (!before.HasValue || (before.Value!.GetInt32("Version") ?? 0) < summary.Version)
        {
            await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, EntityMapping.ToEntity(summary, StatusPartition(summary.Status.ToWire()))),
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, NewestRow(summary)),
            ], cancellationToken);
        }

        await WriteUnlessNewerAsync(table, EntityMapping.ToEntity(summary, EntityMapping.ApplicantPartition(summary.ApplicantUscc)), summary.Version, cancellationToken);
        await WriteUnlessNewerAsync(table, EntityMapping.ToEntity(summary, AllPartition), summary.Version, cancellationToken);
        var after = await table.GetEntityIfExistsAsync<TableEntity>(AllPartition, summary.Id, ["Status"], cancellationToken);
        var current = after.HasValue ? after.Value!.GetString("Status") : null;
        foreach (var status in new[] { previousStatus, summary.Status.ToWire() }.Distinct())
        {
            if (status is null || status == current) continue;
            await table.DeleteEntityAsync(StatusPartition(status), summary.Id, ETag.All, cancellationToken);
            await table.DeleteEntityAsync(StatusPartition(status), NewestKey(summary), ETag.All, cancellationToken);
        }
    }

    /// <summary>
    /// Every application once, in pages (the what-if's read, docs/budget.md): one query of the applications table for its
    /// <c>application</c> rows, continued by the service's token — a batch job's scan, not a request path.
    /// </summary>
    public async Task<ListPage<ApplicationRecord>> ListRecordsAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Applications, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"RowKey eq {EntityMapping.ApplicationRow}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
            return new ListPage<ApplicationRecord>(page.Values.Select(EntityMapping.ToApplication).ToList(), page.ContinuationToken);
        return new ListPage<ApplicationRecord>([], null);
    }

    /// <summary>
    /// Bulk load of applications already built by the use cases (benchmarks: docs/benchmarks.md): each application, its
    /// audit lines (chained) and chain head in one transaction of its own partition, then its list entries (<c>all</c>, the
    /// applicant's, the status partition's two rows) in transactions of up to 100 per index partition. The same entities as
    /// <see cref="TryCreateAsync"/>, <see cref="ReplaceAsync"/> and <see cref="UpsertIndexAsync"/> write; upserts, so a rerun
    /// writes the same rows again.
    /// </summary>
    public async Task SeedAsync(IReadOnlyList<(ApplicationRecord Application, IReadOnlyList<AuditEntry> Audit)> seeded, int parallel = 8,
        CancellationToken cancellationToken = default)
    {
        var applicationsTable = await tables.GetAsync(GrantsTables.Applications, cancellationToken);
        var indexTable = await tables.GetAsync(GrantsTables.ApplicationIndex, cancellationToken);
        var batches = new List<(TableClient Table, IReadOnlyList<TableTransactionAction> Actions)>();
        foreach (var (application, audit) in seeded)
        {
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpsertReplace, EntityMapping.ToEntity(application)) };
            string? hash = null;
            foreach (var entry in audit.OrderBy(a => a.Sequence))
            {
                (var line, hash) = EntityMapping.ToChainedEntity(entry, hash);
                actions.Add(new(TableTransactionActionType.UpsertReplace, line));
            }

            actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(application.Id, AuditChain.HeadRow)
                { [AuditChain.HeadProperty] = hash, [AuditChain.HeadSeqProperty] = (long)audit.Max(a => a.Sequence) }));
            batches.AddRange(TableBatchWriter.Chunk(actions).Select(c => (applicationsTable, c)));
        }

        var entries = seeded.Select(s => ApplicationChanges.Summary(s.Application))
            .SelectMany(summary => new[]
            {
                EntityMapping.ToEntity(summary, AllPartition), EntityMapping.ToEntity(summary, EntityMapping.ApplicantPartition(summary.ApplicantUscc)),
                EntityMapping.ToEntity(summary, StatusPartition(summary.Status.ToWire())), NewestRow(summary),
            });
        foreach (var partition in entries.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
            batches.AddRange(TableBatchWriter.Chunk(partition.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)).ToList())
                .Select(c => (indexTable, c)));

        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
            async (batch, ct) => await batch.Table.SubmitTransactionAsync(batch.Actions, ct));
    }

    private static string StatusPartition(string wireStatus) => "status-" + wireStatus;

    /// <summary>Newest first: 99999999999999 − the UTC submission time (yyyyMMddHHmmss), then the id.</summary>
    private static string NewestKey(ApplicationSummary summary) => NewestPrefix + NewestTime(summary.SubmittedAt) + "-" + summary.Id;

    /// <summary>Milliseconds since 1970 counted down, 19 digits: newer sorts first, and two submissions in one second keep their order.</summary>
    private static string NewestTime(DateTimeOffset instant) =>
        (long.MaxValue - instant.ToUnixTimeMilliseconds()).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    private static string Utc14(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    private static TableEntity NewestRow(ApplicationSummary summary)
    {
        var row = EntityMapping.ToEntity(summary, StatusPartition(summary.Status.ToWire()));
        row.RowKey = NewestKey(summary);
        row["Id"] = summary.Id;
        return row;
    }

    /// <summary>
    /// One partition per request: <c>status-{status}</c> (row-key ranges give the order and the submitted dates), or the
    /// applicant's <c>applicant-{uscc}</c>, or <c>all</c>; the measure (and, in the applicant's partition, the status) is a
    /// filter inside that partition, so a page may hold fewer than <paramref name="pageSize"/> entries: follow the token.
    /// </summary>
    public async Task<ListPage<ApplicationSummary>> QueryAsync(ApplicationQuery query, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.ApplicationIndex, cancellationToken);
        string partition;
        var filters = new List<string>();
        if (query.Uscc is null && query.Status is { } status)
        {
            partition = StatusPartition(status.ToWire());
            if (query.Newest)
            {
                // Newest-first keys fall as time rises: [until, from) in time is (NewestTime(until), NewestTime(from)] in keys.
                filters.Add(TableClient.CreateQueryFilter($"RowKey gt {NewestPrefix + (query.UntilInstant is { } u ? NewestTime(u) + "." : "")}"));
                filters.Add(TableClient.CreateQueryFilter($"RowKey lt {NewestPrefix + (query.FromInstant is { } f ? NewestTime(f) + "." : "~")}"));
            }
            else
            {
                filters.Add(TableClient.CreateQueryFilter($"RowKey lt {NewestPrefix}"));
            }
        }
        else
        {
            partition = query.Uscc is null ? AllPartition : EntityMapping.ApplicantPartition(query.Uscc);
            if (query.Status is { } s) filters.Add(TableClient.CreateQueryFilter($"Status eq {s.ToWire()}"));
        }

        if (!query.Newest)
        {
            // Ids start with A + the UTC submission time (yyyyMMddHHmmss): submitted dates are row-key ranges.
            if (query.FromInstant is { } from) filters.Add(TableClient.CreateQueryFilter($"RowKey ge {"A" + Utc14(from)}"));
            if (query.UntilInstant is { } until) filters.Add(TableClient.CreateQueryFilter($"RowKey lt {"A" + Utc14(until)}"));
        }

        if (query.Measure is not null) filters.Add(TableClient.CreateQueryFilter($"Measure eq {query.Measure}"));
        return await TablePages.FirstPageAsync(table, partition, continuationToken, pageSize, ToQueueSummary, cancellationToken, filters);
    }

    private static ApplicationSummary ToQueueSummary(TableEntity e)
    {
        var summary = EntityMapping.ToSummary(e);
        return e.RowKey.StartsWith(NewestPrefix, StringComparison.Ordinal) ? summary with { Id = e.GetString("Id") } : summary;
    }

    public async Task<IReadOnlyDictionary<ApplicationStatus, int>> CountAsync(string? uscc, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.ApplicationIndex, cancellationToken);
        if (uscc is not null)
        {
            var entries = new List<ApplicationStatus>();
            var mine = TableClient.CreateQueryFilter($"PartitionKey eq {EntityMapping.ApplicantPartition(uscc)}");
            await foreach (var e in table.QueryAsync<TableEntity>(mine, 1000, ["Status"], cancellationToken))
                entries.Add(StatusNames.Parse<ApplicationStatus>(e.GetString("Status")));
            return Enum.GetValues<ApplicationStatus>().ToDictionary(s => s, s => entries.Count(e => e == s));
        }

        // Keys only, the oldest-first rows of each status partition.
        var counts = await Task.WhenAll(Enum.GetValues<ApplicationStatus>().Select(async status =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {StatusPartition(status.ToWire())} and RowKey lt {NewestPrefix}");
            var n = 0;
            await foreach (var _ in table.QueryAsync<TableEntity>(filter, 1000, ["RowKey"], cancellationToken)) n++;
            return (status, n);
        }));
        return counts.ToDictionary(c => c.status, c => c.n);
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
        return await TablePages.FirstPageAsync(table, partition, continuationToken, pageSize, EntityMapping.ToSummary, cancellationToken);
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
