using NeoBay.Grants.Common;
using NeoBay.Policy;

namespace NeoBay.Grants.Applications;

/// <summary>What every change of an application writes beside it: its list entry and its audit line (submit, withdraw, evaluate, decide).</summary>
internal static class ApplicationChanges
{
    internal static ApplicationSummary Summary(ApplicationRecord a) => new(a.Id, a.ApplicantUscc, a.Measure, a.SubmittedAt, a.Status) { Version = a.Version };

    internal static AuditEntry Audit(string subject, int sequence, DateTimeOffset at, string who, string what, string? why,
        ApplicationStatus? from, ApplicationStatus? to, long? amountFen = null) =>
        new(subject, sequence, at, who, amountFen is { } fen ? $"{what} {Money.FormatYuan(fen)}" : what, why) { From = from?.ToWire(), To = to?.ToWire() };
}
