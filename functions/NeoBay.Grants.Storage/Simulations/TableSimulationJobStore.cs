using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Simulations;
using NeoBay.Grants.Storage.Budget;

namespace NeoBay.Grants.Storage.Simulations;

/// <summary>
/// Simulation jobs in the fund's <c>budgets</c> table: partition <c>simulation-{id}</c>, row <c>job</c> (status, progress,
/// reform, result) and one row <c>page-{n:D6}</c> per list page re-evaluated (its <see cref="SimulationPart"/>).
/// </summary>
public sealed class TableSimulationJobStore(GrantsTables tables) : ISimulationJobStore
{
    public const string PartitionPrefix = "simulation-";
    public const string JobRow = "job";
    public const string PagePrefix = "page-";

    private readonly Lazy<Task<TableClient>> table = new(async () =>
    {
        var client = tables.Service.GetTableClient(tables.Prefix + TableBudgetStore.TableName);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public async Task<SimulationJob?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var row = await client.GetEntityIfExistsAsync<TableEntity>(PartitionPrefix + id, JobRow, cancellationToken: cancellationToken);
        if (!row.HasValue) return null;
        var e = row.Value!;
        var result = TableLimits.GetLongString(e, "ResultJson");
        return new SimulationJob(id, e.GetString("Status")!, e.GetString("ReformName")!, TableLimits.GetLongString(e, "ReformYaml")!,
            DateOnly.Parse(e.GetString("From")!, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(e.GetString("To")!, System.Globalization.CultureInfo.InvariantCulture),
            e.GetString("RequestedBy")!, e.GetDateTimeOffset("CreatedAt")!.Value, e.GetDateTimeOffset("UpdatedAt")!.Value,
            e.GetInt32("Total"), e.GetInt32("Processed") ?? 0, e.GetInt32("Pages") ?? 0, TableLimits.GetLongString(e, "NextToken"), e.GetBoolean("ListEnded") ?? false,
            result is null ? null : StorageJson.Deserialize<SimulationResult>(result), e.GetString("Error"))
        {
            StorageETag = e.ETag.ToString(),
        };
    }

    public async Task<bool> CreateAsync(SimulationJob job, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var entity = Entity(job);
        TableLimits.Validate(entity);
        try
        {
            await client.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<string?> ReplaceAsync(SimulationJob job, CancellationToken cancellationToken = default) =>
        await SubmitAsync([JobAction(job)], cancellationToken);

    public async Task<string?> RecordPageAsync(SimulationJob job, int page, SimulationPart part, CancellationToken cancellationToken = default)
    {
        var row = new TableEntity(PartitionPrefix + job.Id, PageRow(page));
        TableLimits.SetLongString(row, "PartJson", StorageJson.Serialize(part));
        return await SubmitAsync([JobAction(job), new TableTransactionAction(TableTransactionActionType.Add, row)], cancellationToken);
    }

    public async Task<IReadOnlyList<SimulationPart>> ReadPartsAsync(string id, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionPrefix + id} and RowKey ge {PagePrefix} and RowKey lt {"page."}");
        var parts = new List<SimulationPart>();
        await foreach (var e in client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            parts.Add(StorageJson.Deserialize<SimulationPart>(TableLimits.GetLongString(e, "PartJson")!));
        return parts;
    }

    public static string PageRow(int page) => PagePrefix + page.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One transaction; the job row's new ETag, or null when the job changed (412) or the page row exists (409).</summary>
    private async Task<string?> SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        foreach (var a in actions) TableLimits.Validate(a.Entity);
        try
        {
            var responses = (await client.SubmitTransactionAsync(actions, cancellationToken)).Value;
            return responses[0].Headers.ETag?.ToString();
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null;
        }
    }

    private static TableTransactionAction JobAction(SimulationJob job) =>
        new(TableTransactionActionType.UpdateReplace, Entity(job), new ETag(job.StorageETag ?? throw new InvalidOperationException("A stored job has an ETag.")));

    private static TableEntity Entity(SimulationJob job)
    {
        var e = new TableEntity(PartitionPrefix + job.Id, JobRow)
        {
            ["Status"] = job.Status,
            ["ReformName"] = job.ReformName,
            ["From"] = job.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["To"] = job.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["RequestedBy"] = job.RequestedBy,
            ["CreatedAt"] = job.CreatedAt,
            ["UpdatedAt"] = job.UpdatedAt,
            ["Processed"] = job.Processed,
            ["Pages"] = job.Pages,
            ["ListEnded"] = job.ListEnded,
        };
        TableLimits.SetLongString(e, "ReformYaml", job.ReformYaml);
        TableLimits.SetLongString(e, "NextToken", job.NextToken);
        TableLimits.SetLongString(e, "ResultJson", job.Result is null ? null : StorageJson.Serialize(job.Result));
        EntityMapping.Set(e, "Total", job.Total);
        EntityMapping.Set(e, "Error", job.Error);
        return e;
    }
}
