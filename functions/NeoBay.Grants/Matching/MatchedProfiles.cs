using NeoBay.Grants.Common;
using NeoBay.Policy;

namespace NeoBay.Grants.Matching;

/// <summary>
/// What a profile was last re-matched with (push, issue 15): the profile version and its body, and the applicant's
/// history read then. A catalog change re-matches these inputs on the day before and the day it takes effect, so it
/// needs no other read per profile.
/// </summary>
public sealed record MatchedProfile(string Uscc, int ProfileVersion, EvaluationRequest Profile, IReadOnlyList<PriorAward> History)
{
    public string? StorageETag { get; init; }
}

/// <summary>The re-match inputs of each saved profile.</summary>
public interface IMatchedProfileStore
{
    Task<MatchedProfile?> GetAsync(string uscc, CancellationToken cancellationToken = default);

    /// <summary>Inserts (no <see cref="MatchedProfile.StorageETag"/>) or replaces with the ETag read; false when another writer won.</summary>
    Task<bool> TryWriteAsync(MatchedProfile matched, CancellationToken cancellationToken = default);

    /// <summary>One page of every applicant's re-match inputs (a scan of row <c>matched</c>: the daily catalog run only).</summary>
    Task<ListPage<MatchedProfile>> ListAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default);
}
