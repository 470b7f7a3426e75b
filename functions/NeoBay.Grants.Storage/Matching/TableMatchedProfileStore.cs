using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Matching;
using NeoBay.Policy;

namespace NeoBay.Grants.Storage.Matching;

/// <summary>Table <c>profiles</c>, row <c>matched</c> beside the applicant's <c>profile</c> row (its own row: a re-match never races a save).</summary>
public sealed class TableMatchedProfileStore(GrantsTables tables) : IMatchedProfileStore
{
    private const string Row = "matched";

    private readonly Lazy<Task<TableClient>> table = new(async () =>
    {
        var client = tables.Service.GetTableClient(tables.Prefix + TableProfileStore.Table);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public async Task<MatchedProfile?> GetAsync(string uscc, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(uscc, Row, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<bool> TryWriteAsync(MatchedProfile matched, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var entity = new TableEntity(matched.Uscc, Row) { ["ProfileVersion"] = matched.ProfileVersion };
        TableLimits.SetLongString(entity, "ProfileJson", StorageJson.Serialize(matched.Profile));
        TableLimits.SetLongString(entity, "HistoryJson", StorageJson.Serialize(matched.History));
        TableLimits.Validate(entity);
        try
        {
            if (matched.StorageETag is null) await client.AddEntityAsync(entity, cancellationToken);
            else await client.UpdateEntityAsync(entity, new ETag(matched.StorageETag), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    public async Task<ListPage<MatchedProfile>> ListAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var pages = client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {Row}"), maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(PageQuery.Decode(continuationToken), pageSize);
        await foreach (var page in pages)
            return new ListPage<MatchedProfile>(page.Values.Select(FromEntity).ToList(), PageQuery.Encode(page.ContinuationToken));
        return new ListPage<MatchedProfile>([], null);
    }

    private static MatchedProfile FromEntity(TableEntity e) =>
        new(e.PartitionKey, e.GetInt32("ProfileVersion") ?? 0,
            StorageJson.Deserialize<EvaluationRequest>(TableLimits.GetLongString(e, "ProfileJson") ?? "null"),
            StorageJson.Deserialize<List<PriorAward>>(TableLimits.GetLongString(e, "HistoryJson") ?? "[]"))
        { StorageETag = e.ETag.ToString() };
}
