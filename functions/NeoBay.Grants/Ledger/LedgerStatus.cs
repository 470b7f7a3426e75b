
namespace NeoBay.Grants.Ledger;

/// <summary>Where one ledger line is: waiting for its trigger, paid out, waiting for a yearly figure, or gone.</summary>
public enum LedgerStatus
{
    /// <summary>Waits for acceptance/completion (<c>/stages/{n}/accept</c>) or for the yearly renewal run.</summary>
    Scheduled,
    /// <summary>Payable: issued to the treasury.</summary>
    Issued,
    /// <summary>A claim line: the applicant must file the year's figure; the amount is the cap until then.</summary>
    AwaitingClaim,
    /// <summary>Paid (set by the payments side).</summary>
    Paid,
    /// <summary>Never issued: the year passed (unused voucher quota, claim not filed, grant revoked).</summary>
    Lapsed,
}
