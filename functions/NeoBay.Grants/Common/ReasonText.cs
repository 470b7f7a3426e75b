namespace NeoBay.Grants.Common;

/// <summary>A free-text reason (withdrawal, decision, refusal): at most <see cref="MaxLength"/> characters.</summary>
public static class ReasonText
{
    public const int MaxLength = 2000;

    public static UseCaseError TooLong() =>
        new(ErrorKind.Validation, "ReasonTooLong.Decision", "reason", [MaxLength]);
}
