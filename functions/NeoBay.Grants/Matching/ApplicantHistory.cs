using NeoBay.Grants.Ledger;
using NeoBay.Policy;

namespace NeoBay.Grants.Matching;

/// <summary>The engine's <c>history</c> of an applicant, read as an application's evaluation reads it.</summary>
public static class ApplicantHistory
{
    /// <summary>The applicant's active grants (从优就高不重复, first-time tiers, claimed years), less <paramref name="exceptGrantId"/> (a what-if re-evaluation's own grant).</summary>
    public static async Task<List<PriorAward>> ReadAsync(IGrantStore grants, string uscc, CancellationToken cancellationToken, string? exceptGrantId = null) =>
        Of(await grants.ListByApplicantAsync(uscc, cancellationToken), exceptGrantId);

    /// <summary>The history of the applicant's grant index entries already read.</summary>
    public static List<PriorAward> Of(IEnumerable<GrantIndexEntry> grants, string? exceptGrantId = null) =>
        grants.Where(g => g.Status == GrantStatuses.Active && g.GrantId != exceptGrantId)
            .Select(g => new PriorAward(g.Measure, g.ProjectKey, g.Tier, g.AmountFen, g.FiscalYear))
            .ToList();

    /// <summary>common.14: the persons of a request already supported anywhere, as a prior award of <paramref name="measure"/>.</summary>
    public static async Task AddSupportedPersonsAsync(IGrantStore grants, List<PriorAward> history, string measure, IReadOnlyList<PersonFact> persons, CancellationToken cancellationToken)
    {
        if (persons.Count > 0 && await grants.FindSupportedPersonsAsync(persons, cancellationToken) is { Count: > 0 } supported)
            history.Add(new PriorAward(measure, null, null, 0) { Persons = supported });
    }

    /// <summary>common.14: the A11.2 persons of a request (category and keyed hash), or none.</summary>
    internal static IReadOnlyList<PersonFact> PersonsOf(EvaluationRequest request) =>
        request.Facts.TryGetValue("persons", out var persons) && persons.Persons is { } list ? list : [];
}
