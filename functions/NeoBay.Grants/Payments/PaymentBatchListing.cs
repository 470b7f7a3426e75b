using Azure.Data.Tables;
using NeoBay.Grants.Domain;
using NeoBay.Grants.Storage;
using NeoBay.Grants.UseCases;

namespace NeoBay.Grants.Payments;

/// <summary>Which batches to list: a batch status (<see cref="BatchStatuses"/>) and a fiscal year, each optional.</summary>
public sealed record BatchListQuery(string? Status, int? FiscalYear);

/// <summary>The batches of every run, in run order (oldest run first), filtered; paged by a continuation token.</summary>
public interface IPaymentBatchListing
{
    Task<ListPage<PaymentBatch>> ListBatchesAsync(BatchListQuery query, string? continuationToken, int pageSize, CancellationToken cancellationToken = default);
}

/// <summary>The console's list of payment batches (<see cref="PaymentBatchListService"/>).</summary>
public interface IPaymentBatchListUseCase
{
    /// <summary>One page of batches matching <paramref name="query"/>; a bad status, year, page size or token is a validation error.</summary>
    Task<Result<ListPage<PaymentBatch>>> ListAsync(BatchListQuery query, string? continuationToken, int pageSize, CancellationToken cancellationToken = default);
}

/// <summary><c>GET /api/admin/payments/batches</c>: the batches for the console (docs/payments.md).</summary>
public sealed class PaymentBatchListService(IPaymentBatchListing listing) : IPaymentBatchListUseCase
{
    public static readonly IReadOnlyList<string> Statuses = [BatchStatuses.Open, BatchStatuses.Sealed, BatchStatuses.Exported, BatchStatuses.Closed];

    public async Task<Result<ListPage<PaymentBatch>>> ListAsync(BatchListQuery query, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        if (ApplicationService.PageProblem(continuationToken, pageSize) is { } pageProblem) return pageProblem;
        if (query.Status is { } status && !Statuses.Contains(status))
            return new UseCaseError(ErrorKind.Validation, "InvalidValue.BatchStatus", "status");
        if (query.FiscalYear is < 2000 or > 9999)
            return new UseCaseError(ErrorKind.Validation, "InvalidValue.FiscalYear", "fiscalYear");
        return Result<ListPage<PaymentBatch>>.Ok(await listing.ListBatchesAsync(query, continuationToken, pageSize, cancellationToken));
    }
}

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
