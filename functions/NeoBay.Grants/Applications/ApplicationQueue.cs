using NeoBay.Grants.Common;
using NeoBay.Policy;

namespace NeoBay.Grants.Applications;

/// <summary>
/// The reviewers' queue filters: status, measure, applicant (USCC), submitted from/to (CST dates, inclusive), order
/// (<see cref="Newest"/>: newest first; else oldest first).
/// </summary>
public sealed record ApplicationQuery(ApplicationStatus? Status, string? Measure, string? Uscc, DateOnly? From, DateOnly? To, bool Newest)
{
    /// <summary>The first instant (UTC) of <see cref="From"/> in China Standard Time; null when open.</summary>
    public DateTimeOffset? FromInstant => From is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), ChinaCalendar.Offset) : null;

    /// <summary>The first instant after <see cref="To"/> in China Standard Time; null when open.</summary>
    public DateTimeOffset? UntilInstant => To is { } d ? new DateTimeOffset(d.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaCalendar.Offset) : null;
}

/// <summary>The queue's index: one partition per status (both orders), the applicant's partition; counts per status.</summary>
public interface IApplicationQueueIndex
{
    Task<ListPage<ApplicationSummary>> QueryAsync(ApplicationQuery query, string? continuationToken, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>How many applications are in each status (all, or one applicant's).</summary>
    Task<IReadOnlyDictionary<ApplicationStatus, int>> CountAsync(string? uscc, CancellationToken cancellationToken = default);
}

/// <summary>The reviewers' filtered queue (<c>GET /api/applications</c> with filters).</summary>
public interface IApplicationQueue
{
    Task<Result<ListPage<ApplicationSummary>>> QueryAsync(ApplicationQuery query, string? continuationToken, int pageSize, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<ApplicationStatus, int>> CountAsync(string? uscc, CancellationToken cancellationToken = default);
}

public sealed class ApplicationQueueService(IApplicationQueueIndex index, PolicyCatalog catalog) : IApplicationQueue
{
    public async Task<Result<ListPage<ApplicationSummary>>> QueryAsync(ApplicationQuery query, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        if (Paging.Problem(continuationToken, pageSize) is { } pageProblem) return pageProblem;
        if (query.Measure is not null && !catalog.TryGet(query.Measure, out _))
            return new UseCaseError(ErrorKind.Validation, "UnknownMeasure.Filter", "measure");
        if (query.From > query.To)
            return new UseCaseError(ErrorKind.Validation, "InvalidDate.Range", "from");
        // Newest first is kept for the status partitions only (an applicant's partition is small and read oldest first).
        if (query.Newest && (query.Status is null || query.Uscc is not null))
            return new UseCaseError(ErrorKind.Validation, "InvalidValue.NewestFirst", "sort");
        return Result<ListPage<ApplicationSummary>>.Ok(await index.QueryAsync(query, continuationToken, pageSize, cancellationToken));
    }

    public Task<IReadOnlyDictionary<ApplicationStatus, int>> CountAsync(string? uscc, CancellationToken cancellationToken = default) =>
        index.CountAsync(uscc, cancellationToken);
}
