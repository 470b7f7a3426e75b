using NeoBay.Grants.Applications;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Evaluation;
using NeoBay.Policy;

namespace NeoBay.Grants.Deadlines;

/// <summary>
/// The service deadline of an application (快申快享): <see cref="DueBy"/> is the N-th working day after the CST date on
/// which it became complete; <see cref="WorkingDaysLeft"/> counts from today while a decision is awaited (null once
/// decided or withdrawn), negative when overdue.
/// </summary>
public sealed record ServiceDeadline(DateOnly CompleteOn, DateOnly DueBy, int? WorkingDaysLeft);

/// <summary>Computes service deadlines from what is stored: the evaluation's audit line and the verified documents.</summary>
public interface IServiceDeadlines
{
    /// <summary>Null while the application is not complete (not evaluated, or a required document is not verified).</summary>
    Task<ServiceDeadline?> ForAsync(string applicationId, string measure, ApplicationStatus status, CancellationToken cancellationToken = default);
}

public sealed class ServiceDeadlineService(
    IApplicationStore applications,
    IDocumentStore documents,
    PolicyCatalog catalog,
    WorkingDayCalendar calendar,
    TimeProvider clock) : IServiceDeadlines
{
    /// <summary>The audit <c>what</c> of the evaluation's last transition (EvaluationService).</summary>
    public const string EvaluatedAudit = "evaluated";

    public async Task<ServiceDeadline?> ForAsync(string applicationId, string measure, ApplicationStatus status, CancellationToken cancellationToken = default)
    {
        if (status is ApplicationStatus.Submitted or ApplicationStatus.Evaluating or ApplicationStatus.EvaluationFailed) return null;
        var completeAt = await CompleteAtAsync(applications, documents, catalog, applicationId, measure, cancellationToken);
        return completeAt is null ? null : Compute(calendar, completeAt.Value, status, ChinaCalendar.Today(clock));
    }

    /// <summary><see cref="CompleteAt(DateTimeOffset?, IReadOnlyList{string}, IEnumerable{DocumentRecord})"/> from what is stored: the audit and the documents.</summary>
    public static async Task<DateTimeOffset?> CompleteAtAsync(IApplicationStore applications, IDocumentStore documents, PolicyCatalog catalog,
        string applicationId, string measure, CancellationToken cancellationToken = default)
    {
        var audit = applications.GetAuditAsync(applicationId, cancellationToken);
        var docs = documents.ListAsync(applicationId, cancellationToken);
        var evaluatedAt = (await audit).Where(a => a.What == EvaluatedAudit).Select(a => (DateTimeOffset?)a.At).Min();
        var required = catalog.TryGet(measure, out var definition) ? definition.RequiredDocuments.Select(r => r.Category).ToList() : [];
        return CompleteAt(evaluatedAt, required, await docs);
    }

    /// <summary>
    /// When the application became complete: the later of its evaluation and, for each required category, the first
    /// verification of a document of it. Null while either is missing.
    /// </summary>
    public static DateTimeOffset? CompleteAt(DateTimeOffset? evaluatedAt, IReadOnlyList<string> requiredCategories, IEnumerable<DocumentRecord> documents)
    {
        if (evaluatedAt is not { } complete) return null;
        var verified = documents.Where(d => d.Status == DocumentStatus.Verified && d.CompletedAt is not null).ToList();
        foreach (var category in requiredCategories)
        {
            var first = verified.Where(d => d.Category == category).Select(d => d.CompletedAt!.Value).DefaultIfEmpty().Min();
            if (first == default) return null;
            if (first > complete) complete = first;
        }

        return complete;
    }

    /// <summary>Pure: the deadline of an application complete at <paramref name="completeAt"/>, seen on <paramref name="today"/> (CST).</summary>
    public static ServiceDeadline Compute(WorkingDayCalendar calendar, DateTimeOffset completeAt, ApplicationStatus status, DateOnly today)
    {
        var completeOn = ChinaCalendar.DateOf(completeAt);
        var dueBy = calendar.AddWorkingDays(completeOn, calendar.ServiceDeadlineWorkingDays);
        int? left = status is ApplicationStatus.Eligible or ApplicationStatus.Ineligible ? calendar.WorkingDaysBetween(today, dueBy) : null;
        return new ServiceDeadline(completeOn, dueBy, left);
    }
}
