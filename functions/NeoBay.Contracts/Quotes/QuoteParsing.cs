using NeoBay.Policy;

namespace NeoBay.Contracts.Quotes;

/// <summary>What a caller of <see cref="QuoteJson.Parse"/> accepts: the application API forbids <c>history</c> and <c>submittedOn</c>.</summary>
public sealed record QuoteParseOptions(bool AllowHistory, bool AllowSubmittedOn)
{
    /// <summary>common.14: hashes A11.2 identity numbers; quotes compare persons inside one call only (a per-process key).</summary>
    public PersonIdentity Identity { get; init; } = PersonIdentity.Ephemeral;

    /// <summary>Quotes (CLI, <c>POST /api/quotes</c>): both allowed.</summary>
    public static QuoteParseOptions Quote { get; } = new(true, true);

    /// <summary>Applications: history comes from the applicant's grants, the date from the clock.</summary>
    public static QuoteParseOptions Application { get; } = new(false, false);

    /// <summary>A profile for matching (<c>POST /api/match</c>, <c>neobay match</c>): no <c>measure</c>, an optional <c>project</c>.</summary>
    public bool Profile { get; init; }

    /// <summary>Anonymous matching: like a quote without a measure.</summary>
    public static QuoteParseOptions Match { get; } = new(true, true) { Profile = true };
}

/// <summary>A request that is not valid: a stable code, zh-CN and en messages, and the JSON path of the field.</summary>
public sealed record QuoteError(string Code, string MessageZh, string MessageEn, string? Field)
{
    public const string UnknownMeasure = "UnknownMeasure";
    public const string InvalidUscc = "InvalidUscc";
    public const string InvalidDate = "InvalidDate";
    public const string InvalidNumber = "InvalidNumber";
    public const string InvalidKind = "InvalidKind";
    public const string MissingField = "MissingField";
    public const string UnknownFact = "UnknownFact";
    public const string InvalidJson = "InvalidJson";
    /// <summary>A value of the wrong JSON type (not a number: flags, texts, objects, lists).</summary>
    public const string InvalidValue = "InvalidValue";
    /// <summary><c>history</c> or <c>submittedOn</c> where the caller does not allow them.</summary>
    public const string FieldNotAllowed = "FieldNotAllowed";
    /// <summary>common.13: a project key is printable text of at most 64 characters.</summary>
    public const string InvalidProjectKey = "InvalidProjectKey";
    /// <summary>common.14: not a resident identity number with its GB 11643 check character, nor a passport number.</summary>
    public const string InvalidIdNumber = "InvalidIdNumber";
    /// <summary>common.14: two entries for one person in one request.</summary>
    public const string DuplicatePerson = "DuplicatePerson";

    public string Message(bool english) => english ? MessageEn : MessageZh;
}

/// <summary>The result of parsing one request: either a request (with its history) or an error.</summary>
public sealed record QuoteParseResult(EvaluationRequest? Request, IReadOnlyList<PriorAward> History, QuoteError? Error)
{
    public bool IsValid => Error is null;
}
