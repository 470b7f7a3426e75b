using NeoBay.Grants.Documents;

namespace NeoBay.Grants.Domain;

/// <summary>Where an application is. Wire names are lower camel case (<see cref="StatusNames"/>).</summary>
public enum ApplicationStatus
{
    Submitted,
    Evaluating,
    Eligible,
    Ineligible,
    Approved,
    Rejected,
    Withdrawn,
    EvaluationFailed,
}

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

public static class StatusNames
{
    public static string ToWire(this ApplicationStatus status) => Camel(status.ToString());

    public static string ToWire(this LedgerStatus status) => Camel(status.ToString());

    public static string ToWire(this NeoBay.Policy.ScheduleTrigger trigger) => Camel(trigger.ToString());

    public static string ToWire(this DocumentStatus status) => Camel(status.ToString());

    public static T Parse<T>(string wire) where T : struct, Enum => Enum.Parse<T>(wire, ignoreCase: true);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
