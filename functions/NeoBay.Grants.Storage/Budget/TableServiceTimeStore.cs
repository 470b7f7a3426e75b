using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Budget;

namespace NeoBay.Grants.Storage.Budget;

/// <summary>The service-days rows in the <c>budgets</c> table: partition <c>servicetimes</c>, row = application id (docs/storage.md).</summary>
public sealed class TableServiceTimeStore(GrantsTables tables) : IServiceTimeStore
{
    public const string Partition = "servicetimes";

    private readonly Lazy<Task<TableClient>> table = new(async () =>
    {
        var client = tables.Service.GetTableClient(tables.Prefix + TableBudgetStore.TableName);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public async Task RecordDecisionAsync(string applicationId, string measure, DateTimeOffset completeAt, DateTimeOffset decidedAt, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var entity = new TableEntity(Partition, applicationId) { ["Measure"] = measure, ["CompleteAt"] = completeAt, ["DecidedAt"] = decidedAt };
        await client.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    public Task RecordIssuedAsync(string applicationId, DateTimeOffset issuedAt, CancellationToken cancellationToken = default) =>
        KeepEarliestAsync(applicationId, "FirstIssuedAt", issuedAt, e => e.GetDateTimeOffset("FirstIssuedAt") <= issuedAt, cancellationToken);

    public Task RecordPaidAsync(string applicationId, DateOnly paidOn, CancellationToken cancellationToken = default)
    {
        var text = paidOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture); // ISO dates order as text
        return KeepEarliestAsync(applicationId, "FirstPaidOn", text, e => e.GetString("FirstPaidOn") is { } stored && string.CompareOrdinal(stored, text) <= 0, cancellationToken);
    }

    public async Task<IReadOnlyList<ServiceTimes>> ListAsync(CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var rows = new List<ServiceTimes>();
        await foreach (var e in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
            rows.Add(new ServiceTimes(e.RowKey, e.GetString("Measure"), e.GetDateTimeOffset("CompleteAt"), e.GetDateTimeOffset("DecidedAt"), e.GetDateTimeOffset("FirstIssuedAt"),
                e.GetString("FirstPaidOn") is { } paid ? DateOnly.ParseExact(paid, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null));
        return rows;
    }

    /// <summary>Writes <paramref name="value"/> unless the same or an earlier one is stored: insert, or merge on the ETag read (a racing writer → read again).</summary>
    private async Task KeepEarliestAsync(string applicationId, string property, object value, Func<TableEntity, bool> storedIsNoLater, CancellationToken cancellationToken)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var row = await client.GetEntityIfExistsAsync<TableEntity>(Partition, applicationId, cancellationToken: cancellationToken);
            if (row.HasValue && storedIsNoLater(row.Value!)) return;
            var entity = new TableEntity(Partition, applicationId) { [property] = value };
            try
            {
                if (row.HasValue) await client.UpdateEntityAsync(entity, row.Value!.ETag, TableUpdateMode.Merge, cancellationToken);
                else await client.AddEntityAsync(entity, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 10)
            {
                // Another writer came first: read again.
            }
        }
    }
}
