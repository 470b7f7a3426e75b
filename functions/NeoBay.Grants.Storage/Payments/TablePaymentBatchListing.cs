using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Payments;

namespace NeoBay.Grants.Storage.Payments;

/// <summary>
/// Table adapter of <see cref="IPaymentBatchListing"/>: walks the run's batch pointers (<c>runs</c> partition, rows
/// <c>{run}-batch-{batch}</c>, one-partition query) after the token's row key, filters the fiscal year by the batch id and
/// the status by a point read of each header, until a page is full or <see cref="ScanFactor"/> × the page size pointers were
/// looked at. The token is the last pointer looked at (URL-safe), so the next page starts right after it.
/// </summary>
public sealed class TablePaymentBatchListing(PaymentTables payments, IPaymentStore store) : IPaymentBatchListing
{
    /// <summary>Bound on the pointers one request looks at (a rare status may answer a short page with a token).</summary>
    public const int ScanFactor = 10;

    private const string PointerInfix = "-batch-";

    public async Task<ListPage<PaymentBatch>> ListBatchesAsync(BatchListQuery query, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        var table = await payments.GetAsync(cancellationToken);
        var after = PageQuery.Decode(continuationToken) ?? string.Empty;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TablePaymentStore.RunsPartition} and RowKey gt {after}");
        var found = new List<PaymentBatch>();
        var looked = 0;
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(pageSizeHint: pageSize))
        {
            var pointers = page.Values.Where(e => e.RowKey.Contains(PointerInfix, StringComparison.Ordinal)).ToList();
            var wanted = pointers.Select(p => p.GetString("BatchId")).Where(id => query.FiscalYear is not { } year || FiscalYearOf(id) == year).ToHashSet(StringComparer.Ordinal);
            var headers = (await Task.WhenAll(wanted.Select(id => store.GetBatchAsync(id, cancellationToken))))
                .OfType<PaymentBatch>().Where(b => query.Status is null || b.Status == query.Status).ToDictionary(b => b.Id, StringComparer.Ordinal);
            for (var i = 0; i < page.Values.Count; i++)
            {
                var row = page.Values[i];
                if (row.GetString("BatchId") is { } id && headers.TryGetValue(id, out var batch)) found.Add(batch);
                if (row.RowKey.Contains(PointerInfix, StringComparison.Ordinal)) looked++;
                var last = i == page.Values.Count - 1 && page.ContinuationToken is null;
                if ((found.Count == pageSize || looked >= ScanFactor * pageSize) && !last) return new ListPage<PaymentBatch>(found, PageQuery.Encode(row.RowKey));
            }
        }

        return new ListPage<PaymentBatch>(found, null);
    }

    private static int FiscalYearOf(string batchId) => PaymentKeys.IsBatchId(batchId) ? int.Parse(batchId[9..13], System.Globalization.CultureInfo.InvariantCulture) : 0;
}
