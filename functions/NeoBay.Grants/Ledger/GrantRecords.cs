using NeoBay.Policy;

namespace NeoBay.Grants.Ledger;

/// <summary>An approved award. Keys: see docs/storage.md (partition = grant id; shard for the renewal run).</summary>
public sealed record GrantRecord(
    string Id,
    string ApplicationId,
    string ApplicantUscc,
    string Measure,
    string? ProjectKey,
    string? Tier,
    long AmountFen,
    DateTimeOffset ApprovedAt,
    int FiscalYear,
    string ApprovedBy,
    int Version)
{
    public string Status { get; init; } = GrantStatuses.Active;
    public string? StorageETag { get; init; }

    /// <summary>Hash of the grant's last audit line (docs/audit.md); the next line links to it.</summary>
    public string? AuditHash { get; init; }
    public int Shard => GrantKeys.Shard(Id);
}

public static class GrantStatuses
{
    public const string Active = "active";
    public const string Revoked = "revoked";
}

/// <summary>
/// One payment of a grant, keyed by grant + fiscal year + component (RowKey
/// <c>line-{fiscalYear}-{component}</c>), so issuing it twice is a conflict, not a second payment.
/// </summary>
public sealed record LedgerLine(
    string GrantId,
    int FiscalYear,
    string Component,
    ScheduleTrigger Trigger,
    long? AmountFen,
    LedgerStatus Status,
    int? Stage,
    bool IsGrant)
{
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>
    /// The fiscal year the line's commitment belongs to (docs/budget.md): the row key's year, unless a stage accepted in
    /// another year re-planned it. Lines stored before this field read as their key's year (no migration of keys).
    /// </summary>
    public int PlannedYear { get => plannedYear ?? FiscalYear; init => plannedYear = value; }

    private int? plannedYear;

    /// <summary>The fiscal year the line was released in (CST of <see cref="IssuedAt"/>): the payment's year; null until issued.</summary>
    public int? IssuedYear => IssuedAt is { } at ? ChinaCalendar.FiscalYearOf(at) : null;

    /// <summary>Position in the decision's schedule (lines the renewal run adds later have none).</summary>
    public int? Order { get; init; }

    /// <summary>The payment batch holding this issued line (docs/payments.md); cleared when the payment comes back.</summary>
    public string? BatchId { get; init; }

    /// <summary>The payee account version the batch pays into (set with <see cref="BatchId"/>).</summary>
    public int? PayeeVersion { get; init; }

    /// <summary>The date the bank paid it (CST), once <c>paid</c>.</summary>
    public DateOnly? PaidOn { get; init; }

    /// <summary>The bank's reason when the last payment came back, and when; the line waits, <c>issued</c>, for a corrected account.</summary>
    public string? ReturnReason { get; init; }

    public DateTimeOffset? ReturnedAt { get; init; }

    /// <summary>Stamped on the lines by the grant's revocation, in its transaction: a payment run's claim, guarded by the line's ETag alone, sees it (docs/payments.md).</summary>
    public bool GrantRevoked { get; init; }

    public string? StorageETag { get; init; }
}

/// <summary>
/// An entry of the grant index: by applicant (engine history) and by renewal shard. <see cref="RenewalLines"/> is
/// the grant's renewal and claim lines as approved (written once, at approval), so the yearly run can renew the
/// grant without reading its partition; null when not recorded (the run then reads the partition).
/// </summary>
public sealed record GrantIndexEntry(string GrantId, string ApplicantUscc, string Measure, string? ProjectKey, string? Tier, long AmountFen, int FiscalYear, string Status)
{
    public IReadOnlyList<LedgerLine>? RenewalLines { get; init; }

    /// <summary>common.14: the A11.2 persons the grant supports (category and keyed hash), indexed for point reads.</summary>
    public IReadOnlyList<PersonFact> Persons { get; init; } = [];

    /// <summary>The entry of a grant and its ledger: the lines the yearly run changes (triggers renewal and claim) as they are now.</summary>
    public static GrantIndexEntry Of(GrantRecord grant, IEnumerable<LedgerLine> ledger) =>
        new(grant.Id, grant.ApplicantUscc, grant.Measure, grant.ProjectKey, grant.Tier, grant.AmountFen, grant.FiscalYear, grant.Status)
        {
            RenewalLines = ledger.Where(l => l.Trigger is ScheduleTrigger.Renewal or ScheduleTrigger.Claim).Select(l => l with { StorageETag = null }).ToList(),
        };
}
