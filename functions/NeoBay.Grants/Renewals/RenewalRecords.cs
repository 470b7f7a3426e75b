using NeoBay.Grants.Ledger;

namespace NeoBay.Grants.Renewals;

/// <summary>What the yearly run did (or would do) with one component of one grant.</summary>
public enum RenewalAction
{
    /// <summary>A scheduled line of the year became payable (A05.1/A06.2 operating years, A11.2 allowances).</summary>
    Issued,
    /// <summary>An annual claim was opened for the prior year's expenditure (A16.2/A16.3); paid when filed.</summary>
    ClaimOpened,
    /// <summary>The year's voucher quota was issued (A09.4).</summary>
    QuotaIssued,
    /// <summary>Last year's unused voucher quota lapsed (A09.4); the amount is what was left.</summary>
    QuotaLapsed,
    /// <summary>A beneficiary of last year was invited to file this year's annual claim.</summary>
    Invited,
    /// <summary>Not issued, with a reason (revoked grant, holder left the zone, person no longer in post).</summary>
    Skipped,
}

/// <summary>One component's outcome: the action, the amount it concerns (fen) and, for a skip, why.</summary>
public sealed record RenewalItem(string Component, RenewalAction Action, long AmountFen, string? Reason = null);

/// <summary>Reason codes the run records when it skips.</summary>
public static class RenewalReasons
{
    public const string GrantRevoked = "GrantRevoked";
    public const string HolderLeftZone = "HolderLeftZone";
    public const string PersonLeft = "PersonLeft";
    public const string NotVoucherHolder = "NotVoucherHolder";
    public const string ApplicationMissing = "ApplicationMissing";
}

/// <summary>
/// The exactly-once gate of one grant and fiscal year: row <c>renewal-{fiscalYear}</c> in the grant's partition,
/// written in the same transaction as everything the run changes for that grant (inserted, so a second insert is a
/// 409). It keeps what was done and when (the renewal's audit record), so a rerun reports the same figures without
/// doing anything.
/// <para>
/// A <see cref="Pending"/> marker is a <b>hold</b>, not a renewal: whatever changes what the run must do for a year
/// after approval (a person's departure, a revocation) writes it in its own transaction, so the run's blind write for
/// that year fails (409) and the run reads the partition instead; the run then replaces the hold with its ETag.
/// </para>
/// </summary>
public sealed record RenewalMarker(string GrantId, int FiscalYear, string Measure, IReadOnlyList<RenewalItem> Items, DateTimeOffset At)
{
    public bool Pending { get; init; }
    public string? StorageETag { get; init; }

    public static RenewalMarker Hold(string grantId, int fiscalYear, string measure, DateTimeOffset at) => new(grantId, fiscalYear, measure, [], at) { Pending = true };
}

/// <summary>An annual claim of A16.2/A16.3, row <c>claim-{fiscalYear}-{component}</c> beside its ledger line.</summary>
public sealed record ClaimRecord(
    string GrantId,
    int FiscalYear,
    string Component,
    string Measure,
    int ExpenditureYear,
    long CapFen,
    DateTimeOffset OpenedAt)
{
    public const string Open = "open";
    public const string Filed = "filed";

    public string Status { get; init; } = Open;
    public long? ExpenditureFen { get; init; }
    public long? AmountFen { get; init; }
    public DateTimeOffset? FiledAt { get; init; }
    public string? FiledBy { get; init; }
    public string? StorageETag { get; init; }
}

/// <summary>An invitation to file the annual claim of a measure for one year (row <c>invitation-{fiscalYear}</c>).</summary>
public sealed record InvitationRecord(string GrantId, int FiscalYear, string Measure, int ClaimYear, DateTimeOffset InvitedAt);

/// <summary>A person of an A11.2 grant who is no longer in post (row <c>person-{n}</c>); later allowances are skipped.</summary>
public sealed record PersonDeparture(string GrantId, int Person, DateOnly LeftOn, string Reason, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>A holder that left the Greater Neo Bay zone on a date (CST); the run skips its grants from then on.</summary>
public sealed record ZoneDeparture(string Uscc, DateOnly LeftOn, string Reason, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>
/// One year of an A09.4 voucher: row <c>voucher-{fiscalYear}</c> in the voucher grant's partition. Redemptions
/// replace it with its ETag, so concurrent redemptions serialise and never overdraw.
/// </summary>
public sealed record VoucherYear(string GrantId, int FiscalYear, long QuotaFen, long UsedFen, string HolderKind, bool IsSme)
{
    public const string Open = "open";
    public const string Lapsed = "lapsed";

    public string Status { get; init; } = Open;
    public long? LapsedFen { get; init; }
    public string? StorageETag { get; init; }
    public long LeftFen => Math.Max(0, QuotaFen - UsedFen);
}

/// <summary>Everything the planner needs about one grant: the grant partition as read (header, ledger, renewal rows) and, for vouchers, the holder.</summary>
public sealed record RenewalGrantState(
    GrantRecord Grant,
    IReadOnlyList<LedgerLine> Lines,
    IReadOnlyList<RenewalMarker> Markers,
    IReadOnlyList<ClaimRecord> Claims,
    IReadOnlyList<InvitationRecord> Invitations,
    IReadOnlyList<PersonDeparture> Departures,
    IReadOnlyList<VoucherYear> VoucherYears)
{
    /// <summary>Kind and SME flag of the voucher holder (A09.4), from its application; null for other measures.</summary>
    public (NeoBay.Policy.ApplicantKind Kind, bool IsSme)? Holder { get; init; }

    /// <summary>A renewal's audit line is written but not linked into the grant's chain yet (a crash between the two).</summary>
    public bool AuditPending { get; init; }
}
