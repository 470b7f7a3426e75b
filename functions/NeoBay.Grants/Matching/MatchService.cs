using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Policy;
using NeoBay.Policy.Matching;

namespace NeoBay.Grants.Matching;

/// <summary>What could a profile get: anonymous (the history it declares), or signed in (the applicant's own grants).</summary>
public interface IMatchUseCase
{
    /// <summary>
    /// Matches <paramref name="profile"/> against the catalog in force. Signed in as (or for) its applicant, the history is
    /// the applicant's grants, as an application's evaluation reads it; a caller with no approved binding matches anonymously.
    /// Nothing is stored.
    /// </summary>
    Task<Result<MatchResult>> MatchAsync(Caller? caller, EvaluationRequest profile, IReadOnlyList<PriorAward> declaredHistory, CancellationToken cancellationToken = default);
}

public sealed class MatchService(ProfileMatcher matcher, IGrantStore grants) : IMatchUseCase
{
    public async Task<Result<MatchResult>> MatchAsync(Caller? caller, EvaluationRequest profile, IReadOnlyList<PriorAward> declaredHistory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (caller is null || !UsesHistory(caller)) return Result<MatchResult>.Ok(matcher.Match(profile, declaredHistory));
        if (!caller.CanSee(profile.Applicant.Uscc))
            return new UseCaseError(ErrorKind.Forbidden, "ApplicantMismatch.Match", "applicant.uscc");
        var history = await ApplicantHistory.ReadAsync(grants, profile.Applicant.Uscc, cancellationToken);
        if (profile.Facts.TryGetValue("persons", out var persons) && persons.Persons is { Count: > 0 } list)
        {
            foreach (var measure in matcher.Catalog.Measures.Where(m => m.Kind == CalculationKind.PerPerson))
                await ApplicantHistory.AddSupportedPersonsAsync(grants, history, measure.Code, list, cancellationToken);
        }
        return Result<MatchResult>.Ok(matcher.Match(profile, history));
    }

    /// <summary>An identity signed in without an approved binding (no USCC, no other role) has no history: it matches as anyone does.</summary>
    private static bool UsesHistory(Caller caller) =>
        caller.Uscc is not null || caller.IsReviewer || caller.IsInRole(Roles.Integrator);
}
