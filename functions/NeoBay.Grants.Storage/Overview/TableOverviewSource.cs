using Azure.Data.Tables;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Overview;
using NeoBay.Grants.Storage.Applications;
using NeoBay.Policy;

namespace NeoBay.Grants.Storage.Overview;

/// <summary>
/// The reviewers' list partition (<c>all</c>) with only Status, Measure and Timestamp selected (a decided entry was last written at
/// its decision), and the grant index's shard partitions: one-partition queries, no scan of another partition.
/// </summary>
public sealed class TableOverviewSource(GrantsTables tables, IGrantStore grants) : IOverviewSource
{
    private const int PageSize = 1000;

    public async Task<IReadOnlyList<StatusEntry>> ListStatusesAsync(CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.ApplicationIndex, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableApplicationStore.AllPartition}");
        var entries = new List<StatusEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, PageSize, ["Status", "Measure", "Timestamp"], cancellationToken))
        {
            entries.Add(new StatusEntry(StatusNames.Parse<ApplicationStatus>(e.GetString("Status")), e.GetString("Measure"), e.Timestamp ?? default));
        }

        return entries;
    }

    public Task<IReadOnlyList<GrantIndexEntry>> ListGrantsAsync(CancellationToken cancellationToken = default) =>
        grants.ListAllAsync(PageSize, cancellationToken);
}
