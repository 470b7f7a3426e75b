using System.Globalization;
using NeoBay.Policy.Calculations;

namespace NeoBay.Policy.Matching;

/// <summary>
/// A measure the system can offer without an application (免申即享): the request an accepted offer submits (trusted facts
/// only, the claim year pinned), its unit (<see cref="Unit"/>: project, applicant or year) and the amount the engine computes.
/// </summary>
public sealed record OfferCandidate(string Measure, string Unit, EvaluationRequest Request, long AmountFen, string? Tier);

/// <summary>
/// Which measures trusted facts alone qualify for (docs/matching.md "Offers"). Pure: the engine decides, the catalog says
/// which facts only the applicant can declare. A measure is offered when
/// <list type="bullet">
/// <item>every non-optional fact it requires is among the trusted facts (a declared fact — requestedAmount, needs,
/// persons — never is, so cap-only, composite and per-person measures are never offered);</item>
/// <item>the engine finds it eligible with a computed amount above zero (discretionary measures are set by review);</item>
/// <item>its unit is named: a measure supporting a project (common.13) only for a project the facts name, A08.1 per
/// applicant, a measure without project (A09.4) per fiscal year; an annual claim (common.9) also per claimed year,
/// pinned in the request (the last ended year unless the facts name one).</item>
/// </list>
/// </summary>
public static class OfferCandidates
{
    /// <summary>
    /// The offers of one scope: <paramref name="trusted"/> without a project gives the applicant's measures (A08.1, no-project
    /// measures); with a project, the measures that support a project, for that project only.
    /// </summary>
    public static IReadOnlyList<OfferCandidate> Find(IPolicyEngine engine, EvaluationRequest trusted, IReadOnlyList<PriorAward> history)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(trusted);
        var catalog = engine.Catalog.At(trusted.SubmittedOn);
        var found = new List<OfferCandidate>();
        foreach (var measure in catalog.Measures)
        {
            if (measure.Kind == CalculationKind.Discretionary || !measure.ApplicantKinds.Contains(trusted.Applicant.Kind)) continue;
            ProjectRef? project;
            string unit;
            switch (measure.ProjectKey)
            {
                case ProjectKeyRule.Required when trusted.Project is { } named:
                    (project, unit) = (named, "project:" + named.Key);
                    break;
                case ProjectKeyRule.Applicant when trusted.Project is null:
                    (project, unit) = (new ProjectRef(trusted.Applicant.Uscc, null), "applicant");
                    break;
                case ProjectKeyRule.None when trusted.Project is null:
                    (project, unit) = (null, "year:" + trusted.SubmittedOn.Year.ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    continue;
            }
            if (!AllKnown(catalog, measure, trusted.Facts)) continue;

            var facts = trusted.Facts;
            if (measure.RequiredFacts.FirstOrDefault(f => catalog.Facts[f.Fact].Type == FactType.Year) is { } yearFact)
            {
                // common.9: one claim per claimed year; the year an application would claim is pinned in the offer.
                var year = facts.TryGetValue(yearFact.Fact, out var given) && given.Number is { } n
                    ? (int)n
                    : RenewalRules.ClaimYearFor(catalog, trusted.SubmittedOn.Year);
                facts = new Dictionary<string, FactValue>(facts, StringComparer.Ordinal) { [yearFact.Fact] = FactValue.Of((decimal)year) };
                unit += "|claim:" + year.ToString(CultureInfo.InvariantCulture);
            }

            var request = trusted with { Measure = measure.Code, Project = project, Facts = facts, OtherSupport = [] };
            var decision = engine.Evaluate(request, history);
            if (!decision.Eligible || decision.Discretionary || decision.AmountFen is not > 0) continue;
            found.Add(new OfferCandidate(measure.Code, unit, request, decision.AmountFen.Value, decision.Tier));
        }
        return found;
    }

    /// <summary>Every non-optional fact of the measure is given, and none of its required facts is one only the applicant declares.</summary>
    private static bool AllKnown(PolicyCatalog catalog, MeasureDefinition measure, IReadOnlyDictionary<string, FactValue> facts)
    {
        foreach (var required in measure.RequiredFacts)
        {
            if (required.Optional) continue;
            if (catalog.Facts[required.Fact].Declared || !facts.ContainsKey(required.Fact)) return false;
        }
        return true;
    }
}
