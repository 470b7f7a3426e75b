using NeoBay.Contracts.Applications;
using NeoBay.Contracts.Documents;
using NeoBay.Contracts.Identity;
using NeoBay.Contracts.Offers;
using NeoBay.Contracts.Renewals;
using NeoBay.Grants.Common;

namespace NeoBay.Functions.Http;

/// <summary>
/// The members of each command body (NeoBay.Contracts request records) in the record's order: the message key of a member
/// that is missing (required) or of the wrong JSON type, and the check of its value. Read by <see cref="ContractBody"/>.
/// </summary>
public static class RequestFields
{
    public const int MaxTextLength = ReasonText.MaxLength;

    private const string WrongString = "InvalidValue.String";

    public static readonly BodyField<DecisionRequest>[] Decision =
    [
        new("approve", "MissingField.Approve", Required: true),
        new("amount", "InvalidNumber.Amount", Check: r => r.Amount is not null && ContractBody.Fen(r.Amount) is null ? new BodyFault("InvalidNumber.Amount") : null),
        new("reason", WrongString, Check: r => Text(r.Reason, "reason")),
    ];

    public static readonly BodyField<WithdrawRequest>[] Withdrawal = [new("reason", WrongString, Check: r => Text(r.Reason, "reason"))];

    public static readonly BodyField<BindingDecisionRequest>[] BindingDecision =
    [
        new("approve", "MissingField.Approve", Required: true),
        new("reason", WrongString, Check: r => Text(r.Reason, "reason")),
    ];

    /// <summary>Each text optional here; the use case refuses what is missing.</summary>
    public static readonly BodyField<BindingRequestBody>[] BindingRequest = [new("uscc", WrongString), new("name", WrongString), new("role", WrongString)];

    public static readonly BodyField<IntegratorRequest>[] Integrator = [new("clientId", WrongString)];

    public static readonly BodyField<WeChatSignInRequest>[] WeChatSignIn = [new("code", WrongString), new("uscc", WrongString)];

    /// <summary>All required; the strings not blank.</summary>
    public static readonly BodyField<UploadTicketRequest>[] UploadTicket =
    [
        new("category", "MissingField.String", Required: true, Check: r => NotBlank(r.Category, "category")),
        new("fileName", "MissingField.String", Required: true, Check: r => NotBlank(r.FileName, "fileName")),
        new("contentType", "MissingField.String", Required: true, Check: r => NotBlank(r.ContentType, "contentType")),
        new("size", "InvalidNumber.Size", Required: true),
    ];

    public static readonly BodyField<DepartureRequest>[] Departure =
    [
        new("leftOn", "InvalidDate.Field", Required: true),
        new("reason", WrongString, Check: r => Text(r.Reason, "reason")),
    ];

    public static readonly BodyField<ClaimRequest>[] Claim = [new("expenditure", "InvalidValue.Yuan", Required: true, Check: r => Yuan(r.Expenditure, "expenditure"))];

    public static readonly BodyField<RedemptionRequest>[] Redemption =
    [
        new("serviceFee", "InvalidValue.Yuan", Required: true, Check: r => Yuan(r.ServiceFee, "serviceFee")),
        new("provider", WrongString, Check: r => Text(r.Provider, "provider")),
        new("invoiceNo", WrongString, Check: r => Text(r.InvoiceNo, "invoiceNo")),
        new("grantId", WrongString, Check: r => Text(r.GrantId, "grantId")),
        new("uscc", WrongString, Check: r => Text(r.Uscc, "uscc")),
    ];

    /// <summary>Read leniently (unknown members ignored); the reason is not length-checked here (TextRules' limit holds).</summary>
    public static readonly BodyField<OfferDeclineRequest>[] OfferDecline = [new("reason", WrongString)];

    private static BodyFault? Text(string? text, string name) =>
        text is { Length: > MaxTextLength } ? new BodyFault("ReasonTooLong.Field", name, MaxTextLength) : null;

    private static BodyFault? NotBlank(string? text, string name) =>
        string.IsNullOrWhiteSpace(text) ? new BodyFault("MissingField.String", name) : null;

    private static BodyFault? Yuan(decimal? yuan, string name) =>
        ContractBody.Fen(yuan) is null ? new BodyFault("InvalidValue.Yuan", name) : null;
}
