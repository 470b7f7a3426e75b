using NeoBay.Grants.Domain;

namespace NeoBay.Grants.Renewals;

/// <summary>Storage of the yearly run: run records and shard progress, renewal rows in the grant partitions, departures.</summary>
public interface IRenewalStore
{
    Task<RenewalRun?> GetRunAsync(int fiscalYear, CancellationToken cancellationToken = default);

    /// <summary>Insert; false when the run exists.</summary>
    Task<bool> TryCreateRunAsync(RenewalRun run, CancellationToken cancellationToken = default);

    /// <summary>Replace with the run's ETag; <see cref="UseCases.ConcurrencyConflictException"/> when stale.</summary>
    Task ReplaceRunAsync(RenewalRun run, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ShardProgress>> GetShardsAsync(int fiscalYear, CancellationToken cancellationToken = default);

    Task<ShardProgress?> GetShardAsync(int fiscalYear, int shard, CancellationToken cancellationToken = default);

    /// <summary>Inserts (no ETag) or replaces (ETag) the shard's progress; <see cref="UseCases.ConcurrencyConflictException"/> when another worker got there first.</summary>
    Task SaveShardAsync(ShardProgress progress, CancellationToken cancellationToken = default);

    /// <summary>One-partition query of the grant: header, ledger and renewal rows; null when absent.</summary>
    Task<RenewalGrantState?> ReadGrantAsync(string grantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a plan in one transaction of the grant's partition: marker insert, header replace (ETag), audit insert,
    /// line replaces (ETag) and inserts, claims, invitation, voucher years. <see cref="UseCases.ConcurrencyConflictException"/>
    /// when anything changed since the read or the marker exists (then re-read: it is done).
    /// </summary>
    Task ApplyAsync(RenewalPlan plan, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, ZoneDeparture>> GetZoneDeparturesAsync(CancellationToken cancellationToken = default);

    /// <summary>Insert; false when the holder's departure is already recorded.</summary>
    Task<bool> TryAddZoneDepartureAsync(ZoneDeparture departure, CancellationToken cancellationToken = default);

    /// <summary>Insert in the grant's partition; false when that person's departure is already recorded.</summary>
    Task<bool> TryAddPersonDepartureAsync(PersonDeparture departure, CancellationToken cancellationToken = default);

    /// <summary>Files a claim: claim replace (ETag), line replace (ETag), header replace (ETag) and audit, one transaction.</summary>
    Task FileClaimAsync(ClaimRecord claim, LedgerLine line, GrantRecord grant, AuditEntry audit, CancellationToken cancellationToken = default);
}

/// <summary>The <c>renewals</c> queue: one message per (fiscal year, shard).</summary>
public interface IRenewalQueue
{
    Task EnqueueAsync(int fiscalYear, int shard, CancellationToken cancellationToken = default);
}
