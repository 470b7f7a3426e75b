using Azure.Data.Tables;
using NeoBay.Grants.Common;

namespace NeoBay.Grants.Storage;

/// <summary>One page of a one-partition query, with the service's continuation token made URL-safe (<see cref="PageQuery"/>).</summary>
internal static class TablePages
{
    public static async Task<ListPage<T>> FirstPageAsync<T>(TableClient table, string partition, string? continuationToken, int pageSize,
        Func<TableEntity, T> map, CancellationToken cancellationToken, IReadOnlyList<string>? filters = null)
    {
        var filter = string.Join(" and ", [TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), .. filters ?? []]);
        var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(PageQuery.Decode(continuationToken), pageSize);
        await foreach (var page in pages)
        {
            return new ListPage<T>(page.Values.Select(map).ToList(), PageQuery.Encode(page.ContinuationToken));
        }

        return new ListPage<T>([], null);
    }
}
