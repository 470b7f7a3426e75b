using NeoBay.Grants.Common;
using NeoBay.Policy;

namespace NeoBay.Grants.Ledger;

/// <summary>Grants with their ledger lines and audit (one partition per grant), and the grant index.</summary>
public interface IGrantStore
{
    /// <summary>Inserts the grant, all its ledger lines and the audit line (batched, one partition); false when the grant exists.</summary>
    Task<bool> TryCreateAsync(GrantRecord grant, IReadOnlyList<LedgerLine> lines, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>One-partition query: the grant and its ledger; null when absent.</summary>
    Task<GrantView?> GetAsync(string grantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the grant header (ETag-checked, so concurrent updates of one grant serialise) and the changed
    /// lines (each ETag-checked), and appends the audit line, in one transaction (≤ 100 operations).
    /// Throws <see cref="ConcurrencyConflictException"/> when anything is stale. Returns the grant and the lines with
    /// their new storage ETags, so the caller needs no second read.
    /// </summary>
    Task<(GrantRecord Grant, IReadOnlyList<LedgerLine> Lines)> UpdateAsync(GrantRecord grant, IReadOnlyList<LedgerLine> changedLines, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>For the renewal run: inserts a new line keyed grant + fiscal year + component; false when it exists (never a second payment).</summary>
    Task<bool> TryAddLineAsync(LedgerLine line, CancellationToken cancellationToken = default);

    /// <summary>Upserts the index entries: by applicant (engine history) and by renewal shard.</summary>
    Task UpsertIndexAsync(GrantIndexEntry entry, CancellationToken cancellationToken = default);

    /// <summary>One-partition query: the applicant's grants.</summary>
    Task<IReadOnlyList<GrantIndexEntry>> ListByApplicantAsync(string uscc, CancellationToken cancellationToken = default);

    /// <summary>common.14: those of <paramref name="persons"/> an active grant already supports in the same category (one point read each).</summary>
    Task<IReadOnlyList<PersonFact>> FindSupportedPersonsAsync(IReadOnlyList<PersonFact> persons, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PersonFact>>([]);

    /// <summary>One-partition query: the grants of one renewal shard (0 … <see cref="GrantKeys.ShardCount"/>-1).</summary>
    Task<ListPage<GrantIndexEntry>> ListByShardAsync(int shard, string? continuationToken, int pageSize, CancellationToken cancellationToken = default);
}

/// <summary>Reads over <see cref="IGrantStore"/> that several use cases share.</summary>
public static class GrantStoreReads
{
    /// <summary>Every grant's index entry, shard after shard (one partition query each, continued in pages of <paramref name="pageSize"/>).</summary>
    public static async Task<IReadOnlyList<GrantIndexEntry>> ListAllAsync(this IGrantStore grants, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grants);
        var all = new List<GrantIndexEntry>();
        for (var shard = 0; shard < GrantKeys.ShardCount; shard++)
        {
            string? token = null;
            do
            {
                var page = await grants.ListByShardAsync(shard, token, pageSize, cancellationToken);
                all.AddRange(page.Items);
                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        return all;
    }
}
