using NeoBay.Policy;

namespace NeoBay.Grants.Common;

/// <summary>
/// One append-only audit line: who did what to which record, when and why. <see cref="Sequence"/> is the
/// record's version after the transition, so a transition can be audited once only.
/// </summary>
public sealed record AuditEntry(
    string Subject,
    int Sequence,
    DateTimeOffset At,
    string Who,
    string What,
    string? Why)
{
    public string? From { get; init; }
    public string? To { get; init; }
}
