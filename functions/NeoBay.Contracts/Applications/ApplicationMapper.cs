using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Deadlines;
using NeoBay.Grants.Decisions;
using NeoBay.Policy;

namespace NeoBay.Contracts.Applications;

/// <summary>Grants records → the application contracts (money in yuan at this edge only).</summary>
public static class ApplicationMapper
{
    public static ApplicationResponse ToResponse(ApplicationRecord a, bool english, ServiceDeadline? deadline)
    {
        var request = ToParts(a.Request);
        return new ApplicationResponse(a.Id, a.Measure, a.Status.ToWire(), a.Decision is null ? null : new QuoteDecisionJson(a.Decision, english), a.GrantId,
            a.ApplicantUscc, a.ProjectKey, request.Applicant, request.Project, request.Facts, request.OtherSupport, a.SubmittedOn, ContractMoney.Yuan(a.ApprovedAmountFen),
            a.DecisionReason, deadline?.DueBy, deadline?.WorkingDaysLeft,
            // 免申即享: an accepted offer's application (its facts from trusted sources) or the applicant's own.
            a.Source ?? ApplicationSources.Application, a.OfferId, a.HttpETag);
    }

    /// <summary>The page's entries; <paramref name="deadlines"/> holds each entry's service deadline, in the same order.</summary>
    public static ApplicationPageResponse ToResponse(ListPage<ApplicationSummary> page, IReadOnlyList<ServiceDeadline?> deadlines,
        IReadOnlyDictionary<ApplicationStatus, int>? counts = null) =>
        new([.. page.Items.Zip(deadlines, (s, deadline) =>
                new ApplicationSummaryResponse(s.Id, s.Measure, s.Status.ToWire(), s.ApplicantUscc, s.SubmittedAt, deadline?.DueBy, deadline?.WorkingDaysLeft))],
            page.ContinuationToken,
            counts?.OrderBy(c => c.Key).ToDictionary(c => c.Key.ToWire(), c => c.Value));

    public static SubmittedResponse ToResponse(SubmitResult submitted) => new(submitted.Id, submitted.Status.ToWire());

    public static ReviewDecisionResponse ToResponse(DecisionResult decided) => new(decided.Status.ToWire(), decided.GrantId);

    /// <summary>The request's applicant, project, facts (persons as categories only) and other support, in the request's order.</summary>
    public static RequestParts ToParts(EvaluationRequest r)
    {
        var kind = r.Applicant.Kind.ToString();
        var facts = new Dictionary<string, FactResponse>(r.Facts.Count, StringComparer.Ordinal);
        foreach (var (name, value) in r.Facts)
            facts.Add(name, new FactResponse(value.Number, value.Flag, value.Text, value.Persons?.Select(p => p.Category).ToList()));
        return new RequestParts(
            new ApplicantResponse(char.ToLowerInvariant(kind[0]) + kind[1..], r.Applicant.Uscc, r.Applicant.Name, r.Applicant.InZone, r.Applicant.IsSme),
            r.Project is null ? null : new ProjectResponse(r.Project.Key, r.Project.Name),
            facts,
            [.. r.OtherSupport.Select(o => new OtherSupportResponse(o.Policy, Money.ToYuan(o.AmountFen)))]);
    }
}
