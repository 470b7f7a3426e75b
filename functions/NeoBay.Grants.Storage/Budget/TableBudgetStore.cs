using System.Globalization;
using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Budget;
using NeoBay.Grants.Common;

namespace NeoBay.Grants.Storage.Budget;

/// <summary>The <c>budgets</c> table (docs/budget.md): partition <c>FY{year}</c>, row <c>year</c> and rows <c>event-{id}</c>.</summary>
public sealed class TableBudgetStore(GrantsTables tables) : IBudgetStore
{
    public const string TableName = "budgets";
    public const string YearRow = "year";
    public const string EventPrefix = "event-";

    private readonly Lazy<Task<TableClient>> table = new(async () =>
    {
        var client = tables.Service.GetTableClient(tables.Prefix + TableName);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public async Task<BudgetYear?> GetYearAsync(int fiscalYear, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var row = await client.GetEntityIfExistsAsync<TableEntity>(BudgetKeys.Partition(fiscalYear), YearRow, cancellationToken: cancellationToken);
        if (!row.HasValue) return null;
        var e = row.Value!;
        return new BudgetYear(fiscalYear, e.GetInt32("Version") ?? 0,
            StorageJson.Deserialize<List<BudgetLine>>(e.GetString("LinesJson") ?? "[]"),
            StorageJson.Deserialize<List<BudgetCounter>>(TableLimits.GetLongString(e, "CountersJson") ?? "[]"))
        {
            StorageETag = e.ETag.ToString(),
            UpdatedAt = e.GetDateTimeOffset("UpdatedAt"),
            UpdatedBy = e.GetString("UpdatedBy"),
        };
    }

    public async Task<BudgetEvent?> GetEventAsync(int fiscalYear, string eventId, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var row = await client.GetEntityIfExistsAsync<TableEntity>(BudgetKeys.Partition(fiscalYear), EventRow(eventId), cancellationToken: cancellationToken);
        if (!row.HasValue) return null;
        return Event(fiscalYear, row.Value!);
    }

    public async Task<IReadOnlyList<BudgetEvent>> ListEventsAsync(int fiscalYear, string idPrefix, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var from = EventRow(idPrefix);
        var until = from[..^1] + (char)(from[^1] + 1); // the first key after every key starting with the prefix
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {BudgetKeys.Partition(fiscalYear)} and RowKey ge {from} and RowKey lt {until}");
        var events = new List<BudgetEvent>();
        await foreach (var e in client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)) events.Add(Event(fiscalYear, e));
        return events;
    }

    private static BudgetEvent Event(int fiscalYear, TableEntity e) =>
        new(e.RowKey[EventPrefix.Length..], fiscalYear, new BudgetDelta(e.GetString("Measure"), e.GetInt64("CommittedFen") ?? 0, e.GetInt64("IssuedFen") ?? 0, e.GetInt64("LapsedFen") ?? 0))
        {
            CountedAt = e.GetDateTimeOffset("CountedAt") ?? e.Timestamp,
        };

    public async Task<BudgetApply> ApplyAsync(BudgetYear updated, BudgetEvent counted, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var marker = new TableEntity(BudgetKeys.Partition(counted.FiscalYear), EventRow(counted.Id))
        {
            ["Measure"] = counted.Delta.Measure,
            ["CommittedFen"] = counted.Delta.CommittedFen,
            ["IssuedFen"] = counted.Delta.IssuedFen,
            ["LapsedFen"] = counted.Delta.LapsedFen,
        };
        EntityMapping.Set(marker, "CountedAt", counted.CountedAt);
        try
        {
            await SubmitAsync(client, [YearAction(updated), new TableTransactionAction(TableTransactionActionType.Add, marker)], cancellationToken);
            return BudgetApply.Applied;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // The marker, or the year row inserted by another writer: only the marker means "counted".
            if (await GetEventAsync(counted.FiscalYear, counted.Id, cancellationToken) is not null) return BudgetApply.AlreadyCounted;
            throw new ConcurrencyConflictException($"Budget year {updated.FiscalYear} was created since it was read.", e);
        }
    }

    public async Task ReleaseAsync(BudgetYear updated, BudgetEvent released, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        await SubmitAsync(client,
        [
            YearAction(updated),
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(BudgetKeys.Partition(released.FiscalYear), EventRow(released.Id)), ETag.All),
        ], cancellationToken);
    }

    public async Task<BudgetYear> SaveYearAsync(BudgetYear year, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        try
        {
            var responses = await SubmitAsync(client, [YearAction(year)], cancellationToken);
            return year with { StorageETag = responses[0].Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new ConcurrencyConflictException($"Budget year {year.FiscalYear} was created since it was read.", e);
        }
    }

    private static string EventRow(string eventId) => EventPrefix + eventId;

    private static TableTransactionAction YearAction(BudgetYear year)
    {
        var e = new TableEntity(BudgetKeys.Partition(year.FiscalYear), YearRow)
        {
            ["FiscalYear"] = year.FiscalYear,
            ["Version"] = year.Version,
            ["LinesJson"] = StorageJson.Serialize(year.Lines),
        };
        TableLimits.SetLongString(e, "CountersJson", StorageJson.Serialize(year.Counters));
        EntityMapping.Set(e, "UpdatedAt", year.UpdatedAt);
        EntityMapping.Set(e, "UpdatedBy", year.UpdatedBy);
        return year.StorageETag is { Length: > 0 } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, e, new ETag(etag))
            : new TableTransactionAction(TableTransactionActionType.Add, e);
    }

    /// <summary>One transaction (checked against the table limits); a stale year row (412) is a <see cref="ConcurrencyConflictException"/>, a 409 is the caller's.</summary>
    private static async Task<IReadOnlyList<Response>> SubmitAsync(TableClient client, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var a in actions) TableLimits.Validate(a.Entity);
        try
        {
            return (await client.SubmitTransactionAsync(actions, cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException(string.Create(CultureInfo.InvariantCulture, $"Budget partition {actions[0].Entity.PartitionKey} changed since it was read ({e.Status})."), e);
        }
    }
}
