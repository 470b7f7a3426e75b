using NeoBay.Policy;

namespace NeoBay.Grants.Common;

/// <summary>A page of results and the opaque token for the next one (null at the end).</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? ContinuationToken);
