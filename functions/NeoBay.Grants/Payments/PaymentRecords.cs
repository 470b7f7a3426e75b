using System.Globalization;
using NeoBay.Grants.Common;

namespace NeoBay.Grants.Payments;

/// <summary>
/// Where a grant's money goes: the applicant's bank account (one per USCC). <see cref="Version"/> grows on every change
/// and is the HTTP ETag; a verified version is also kept as an immutable snapshot, the one a payment batch pays into.
/// </summary>
public sealed record PayeeAccount(
    string Uscc,
    string AccountName,
    string Bank,
    string Branch,
    string AccountNumber,
    string Cnaps,
    string ProofApplicationId,
    string ProofDocumentId,
    string Status,
    int Version,
    DateTimeOffset SubmittedAt,
    string SubmittedBy)
{
    public DateTimeOffset? VerifiedAt { get; init; }
    public string? VerifiedBy { get; init; }

    /// <summary>Why it was refused, or why the bank returned a payment to it.</summary>
    public string? Reason { get; init; }

    public string? StorageETag { get; init; }
    public string? AuditHash { get; init; }

    public string MaskedNumber => PayeeRules.Mask(AccountNumber);
    public string HttpETag => ETags.ForVersion(Version);

    /// <summary>Same account and proof (a repeated submission changes nothing).</summary>
    public bool SameDetails(PayeeAccount other) =>
        (AccountName, Bank, Branch, AccountNumber, Cnaps, ProofApplicationId, ProofDocumentId) ==
        (other.AccountName, other.Bank, other.Branch, other.AccountNumber, other.Cnaps, other.ProofApplicationId, other.ProofDocumentId);
}

public static class PayeeStatuses
{
    public const string Pending = "pending";
    public const string Verified = "verified";
    public const string Rejected = "rejected";

    /// <summary>The bank returned a payment: the account must be corrected and verified again.</summary>
    public const string Returned = "returned";
}

/// <summary>A payment run: every line issued by <see cref="StartedAt"/> (the cut-off) into its batches. One per CST day.</summary>
public sealed record PaymentRun(string Id, DateTimeOffset StartedAt, string StartedBy, string Status)
{
    public string? StorageETag { get; init; }
}

public static class RunStatuses
{
    public const string Gathering = "gathering";
    public const string Complete = "complete";
}

/// <summary>
/// One payment instruction for the finance bureau: the lines of one fiscal year and funding line (the measure) gathered
/// by one run. <c>open</c> (gathering) → <c>sealed</c> (rows and totals fixed) → <c>exported</c> (file hashes recorded)
/// → <c>closed</c> (every row has the bank's result and it is applied).
/// </summary>
public sealed record PaymentBatch(string Id, string RunId, int FiscalYear, string FundingLine, string Status, int Version, DateTimeOffset CreatedAt)
{
    public int PayeeCount { get; init; }
    public int LineCount { get; init; }
    public long TotalFen { get; init; }
    public string? FileSha256 { get; init; }
    public string? LinesFileSha256 { get; init; }

    /// <summary>Set by the seal: the key of the packed item rows it wrote (<c>lines-{key}-…</c>); null while open, and for batches sealed with one <c>item-…</c> row per line.</summary>
    public string? ItemsKey { get; init; }

    public string? StorageETag { get; init; }
    public string? AuditHash { get; init; }
}

public static class BatchStatuses
{
    public const string Open = "open";
    public const string Sealed = "sealed";
    public const string Exported = "exported";
    public const string Closed = "closed";
}

/// <summary>A ledger line in a batch (a line is listed once: <see cref="PaymentKeys.ItemRowKey"/> is its key within the batch).</summary>
public sealed record BatchItem(string BatchId, string GrantId, int FiscalYear, string Component, string Uscc, long AmountFen, int PayeeVersion);

/// <summary>One row of the payment file: one payee account version, its total and its lines; the bank's result once imported.</summary>
public sealed record BatchPayee(string BatchId, int Row, string Uscc, int PayeeVersion, string AccountName, string Bank, string Branch, string AccountNumber,
    string Cnaps, long AmountFen, int LineCount)
{
    public string? Result { get; init; }
    public DateOnly? PaidOn { get; init; }
    public string? Reason { get; init; }

    /// <summary>The result has been applied to the ledger lines (and the account, when returned).</summary>
    public bool Applied { get; init; }

    public string? StorageETag { get; init; }
}

public static class PaymentResults
{
    public const string Paid = "paid";
    public const string Returned = "returned";
}

/// <summary>A batch with its rows and lines (one partition).</summary>
public sealed record BatchContent(PaymentBatch Batch, IReadOnlyList<BatchItem> Items, IReadOnlyList<BatchPayee> Payees);

public static class PaymentKeys
{
    /// <summary>The partition of a payee's account, its versions and audit lines.</summary>
    public static string PayeePartition(string uscc) => "payee-" + uscc;

    /// <summary>The partition of a batch: header, items, payee snapshots, audit lines.</summary>
    public static string BatchPartition(string batchId) => "batch-" + batchId;

    /// <summary>A run is named by its CST date: <c>yyyyMMdd</c>.</summary>
    public static string RunId(DateTimeOffset at) => NeoBay.Policy.ChinaCalendar.DateOf(at).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The batch of a run, fiscal year and funding line: <c>{run}-{fiscalYear}-{measure}</c>, e.g. <c>20270301-2027-A05.1</c>.</summary>
    public static string BatchId(string runId, int fiscalYear, string measure) => $"{runId}-{fiscalYear}-{measure}";

    public static string RunOf(string batchId) => batchId[..8];

    /// <summary>Only our own batch id shape reaches storage.</summary>
    public static bool IsBatchId(string? id) =>
        id is { Length: 19 } && id[..8].All(char.IsAsciiDigit) && id[8] == '-' && id[9..13].All(char.IsAsciiDigit) && id[13] == '-' && id[14] == 'A' &&
        char.IsAsciiDigit(id[15]) && char.IsAsciiDigit(id[16]) && id[17] == '.' && char.IsAsciiDigit(id[18]);

    public static string ItemRowKey(string grantId, int fiscalYear, string component) => $"item-{grantId}-{fiscalYear}-{component}";
}
