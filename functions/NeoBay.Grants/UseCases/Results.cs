namespace NeoBay.Grants.UseCases;

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

/// <summary>A refusal with a stable code and bilingual message; <see cref="Field"/> names the input at fault.</summary>
public sealed record UseCaseError(ErrorKind Kind, string Code, string MessageZh, string MessageEn, string? Field = null)
{
    public string Message(bool english) => english ? MessageEn : MessageZh;

    /// <summary>Figures the problem carries as extension members (e.g. BudgetExceeded: budget, committed, available); numbers or text.</summary>
    public IReadOnlyList<KeyValuePair<string, object>>? Figures { get; init; }

    public static UseCaseError NotFound(string whatZh, string whatEn) =>
        new(ErrorKind.NotFound, ErrorCodes.NotFound, $"未找到该{whatZh}。", $"No such {whatEn}.");
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
