using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;

namespace NeoBay.Grants.Renewals;

/// <summary>Storage of the yearly run: run records and shard progress, renewal rows in the grant partitions, departures.</summary>
public interface IRenewalStore
{
    Task<RenewalRun?> GetRunAsync(int fiscalYear, CancellationToken cancellationToken = default);

    /// <summary>Insert; false when the run exists.</summary>
    Task<bool> TryCreateRunAsync(RenewalRun run, CancellationToken cancellationToken = default);

    /// <summary>Replace with the run's ETag; <see cref="ConcurrencyConflictException"/> when stale.</summary>
    Task ReplaceRunAsync(RenewalRun run, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ShardProgress>> GetShardsAsync(int fiscalYear, CancellationToken cancellationToken = default);

    Task<ShardProgress?> GetShardAsync(int fiscalYear, int shard, CancellationToken cancellationToken = default);

    /// <summary>Inserts (no ETag) or replaces (ETag) the shard's progress; <see cref="ConcurrencyConflictException"/> when another worker got there first.</summary>
    Task SaveShardAsync(ShardProgress progress, CancellationToken cancellationToken = default);

    /// <summary>One-partition query of the grant: header, ledger and renewal rows; null when absent.</summary>
    Task<RenewalGrantState?> ReadGrantAsync(string grantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a plan in one transaction of the grant's partition: marker insert (or hold replaced with its ETag), line
    /// status merges (ETag read, or unconditional for a blind plan), new lines, claims, invitation, voucher years, and the
    /// renewal's audit line (pending, key <c>pending-renewal-{fiscalYear}</c>; see <see cref="LinkAuditAsync"/>).
    /// <see cref="ConcurrencyConflictException"/> when anything changed since the read, or the marker or a hold
    /// exists (then read the partition and plan again).
    /// </summary>
    Task ApplyAsync(RenewalPlan plan, CancellationToken cancellationToken = default);

    /// <summary>Links the renewal audit lines <see cref="ApplyAsync"/> wrote into the grant's audit chain (nothing pending: nothing to do).</summary>
    Task LinkAuditAsync(string grantId, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, ZoneDeparture>> GetZoneDeparturesAsync(CancellationToken cancellationToken = default);

    /// <summary>Insert; false when the holder's departure is already recorded.</summary>
    Task<bool> TryAddZoneDepartureAsync(ZoneDeparture departure, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts the departure (row <c>person-n</c>) with the holds of the years it changes, one transaction;
    /// <see cref="ConcurrencyConflictException"/> when it or a marker changed since the read.
    /// </summary>
    Task AddPersonDepartureAsync(PersonDeparture departure, RenewalHolds holds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes a grant: header replace (ETag; status revoked, version + 1), its audit line and the holds of the years
    /// not renewed yet in one transaction, then the index entries (status revoked). <see cref="ConcurrencyConflictException"/>
    /// when the grant or a marker changed since the read.
    /// </summary>
    Task RevokeAsync(GrantRecord revoked, AuditEntry audit, RenewalHolds holds, GrantIndexEntry entry, IReadOnlyList<LedgerLine> lines, CancellationToken cancellationToken = default);

    /// <summary>Files a claim: claim replace (ETag), line replace (ETag), header replace (ETag) and audit, one transaction.</summary>
    Task FileClaimAsync(ClaimRecord claim, LedgerLine line, GrantRecord grant, AuditEntry audit, CancellationToken cancellationToken = default);
}

/// <summary>
/// Years of a grant to hold (see <see cref="RenewalMarker.Pending"/>) with the markers read, so each year is held
/// once: a year without a marker gets a hold, a held year is touched, a renewed year is left alone.
/// </summary>
public sealed record RenewalHolds(string Measure, IReadOnlyList<int> Years, IReadOnlyList<RenewalMarker> Markers);

/// <summary>The <c>renewals</c> queue: one message per (fiscal year, shard).</summary>
public interface IRenewalQueue
{
    Task EnqueueAsync(int fiscalYear, int shard, CancellationToken cancellationToken = default);
}
