namespace NeoBay.Grants.Common;

/// <summary>The paging rules every list shares: an opaque continuation token of ours and a page size of 1–<see cref="MaxPageSize"/>.</summary>
public static class Paging
{
    public const int MaxPageSize = 100;

    /// <summary>A continuation token that is not ours, or a page size outside 1–<see cref="MaxPageSize"/>; null when both are fine.</summary>
    public static UseCaseError? Problem(string? continuationToken, int pageSize)
    {
        if (!PageQuery.IsValid(continuationToken))
            return new UseCaseError(ErrorKind.Validation, "InvalidContinuationToken", "continuationToken");
        if (pageSize is < 1 or > MaxPageSize)
            return new UseCaseError(ErrorKind.Validation, "InvalidPageSize.Range", "pageSize", [MaxPageSize]);
        return null;
    }
}
