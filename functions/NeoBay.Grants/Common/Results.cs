using NeoBay.Messages;
using NeoBay.Policy;

namespace NeoBay.Grants.Common;

/// <summary>How a use case refused: the HTTP edge maps each kind to one status code.</summary>
public enum ErrorKind
{
    Validation,     // 400
    Forbidden,      // 403
    NotFound,       // 404
    Conflict,       // 409
    PreconditionFailed,   // 412
    PreconditionRequired, // 428
    Unprocessable,        // 422: well-formed, but the content is refused (a document that fails verification)
}

/// <summary>
/// A refusal: the catalog key of its message (functions/NeoBay.Messages; the problem code, or code and variant like
/// <c>ReasonRequired.Decision</c>), the input at fault, and the figures the message shows (<c>{0}</c>, <c>{1}</c>).
/// </summary>
public sealed record UseCaseError(ErrorKind Kind, string Key, string? Field = null, object?[]? Args = null)
{
    /// <summary>The stable code: the key's code unless set (a document's reject reason, a policy reason).</summary>
    public string Code { get; init; } = MessageCatalog.CodeOf(Key);

    /// <summary>A policy reason's own text (the engine built it from the catalog) instead of <see cref="Key"/>.</summary>
    public Reason? Reason { get; init; }

    public string Message(bool english) => Reason?.Message(english) ?? MessageCatalog.Format(Key, english, Args);

    public string MessageZh => Message(false);
    public string MessageEn => Message(true);

    /// <summary>Figures the problem carries as extension members (e.g. BudgetExceeded: budget, committed, available); numbers or text.</summary>
    public IReadOnlyList<KeyValuePair<string, object>>? Figures { get; init; }

    /// <summary>Not found, with the message of <paramref name="key"/> (<c>NotFound.Application</c>, ...).</summary>
    public static UseCaseError NotFound(string key) => new(ErrorKind.NotFound, key);

    /// <summary>A policy reason as a refusal: its code and its text.</summary>
    public static UseCaseError Refused(ErrorKind kind, Reason reason, string? field = null) =>
        new(kind, reason.Code, field) { Reason = reason };
}

public static class ErrorCodes
{
    public const string IdempotencyKeyReused = "IdempotencyKeyReused";
    public const string ApplicantMismatch = "ApplicantMismatch";
    public const string PreconditionFailed = "PreconditionFailed";
    public const string PreconditionRequired = "PreconditionRequired";
    public const string InvalidTransition = "InvalidTransition";
    public const string AmountRequired = "AmountRequired";
    public const string AmountAboveComputed = "AmountAboveComputed";
    public const string AmountOutOfRange = "AmountOutOfRange";
    public const string ReasonRequired = "ReasonRequired";
    public const string StageNotFound = "StageNotFound";
    public const string NotFound = "NotFound";
    public const string MissingDocument = "MissingDocument";
}

/// <summary>A value or an error: the use cases never throw for a refusal.</summary>
public sealed class Result<T>
{
    private Result(T? value, UseCaseError? error) => (Value, Error) = (value, error);

    public T? Value { get; }
    public UseCaseError? Error { get; }
    public bool IsSuccess => Error is null;

    public static Result<T> Ok(T value) => new(value, null);
    public static Result<T> Fail(UseCaseError error) => new(default, error);

    public static implicit operator Result<T>(UseCaseError error) => Fail(error);
}
