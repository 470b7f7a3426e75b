using NeoBay.Grants.Common;

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
        if (Paging.Problem(continuationToken, pageSize) is { } pageProblem) return pageProblem;
        if (query.Status is { } status && !Statuses.Contains(status))
            return new UseCaseError(ErrorKind.Validation, "InvalidValue.BatchStatus", "status");
        if (query.FiscalYear is < 2000 or > 9999)
            return new UseCaseError(ErrorKind.Validation, "InvalidValue.FiscalYear", "fiscalYear");
        return Result<ListPage<PaymentBatch>>.Ok(await listing.ListBatchesAsync(query, continuationToken, pageSize, cancellationToken));
    }
}
