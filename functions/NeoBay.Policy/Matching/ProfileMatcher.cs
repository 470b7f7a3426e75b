using NeoBay.Policy.Calculations;
using System.Collections.Concurrent;

namespace NeoBay.Policy.Matching;

/// <summary>
/// Matches one profile (an <see cref="EvaluationRequest"/> without a measure) against every measure of the catalog in force
/// on its submission date, in one pass: the common checks (common.1 validity, common.2 zone) once, then per measure the
/// applicant kind, the missing facts, and the engine. A measure with missing facts is evaluated with each missing fact set to
/// the value most favourable to the applicant (a money figure at the largest accepted amount, a recognition given, each tier):
/// if no such evaluation passes, a given fact rules it out (ineligible); otherwise the best amount is the most it could pay.
/// Pure, deterministic and thread-safe; nothing is stored.
/// </summary>
public sealed class ProfileMatcher
{
    /// <summary>common.13: the project of a profile that names none, for measures that support a project.</summary>
    internal const string UnnamedProjectKey = "(profile)";

    /// <summary>At most this many evaluations of one measure (combinations of missing choice facts).</summary>
    private const int MaxProbes = 32;

    private static readonly ProjectRef UnnamedProject = new(UnnamedProjectKey, null);
    private static readonly FactValue LargestMoney = FactValue.Of(Money.MaxYuan);
    private static readonly FactValue Given = FactValue.Of(true);

    private readonly IPolicyEngine _engine;
    private readonly PolicyEngine? _fastEngine;
    /// <summary>Reasons and favourable values depend only on the catalog: built once per fact or measure (read-mostly, thread-safe).</summary>
    private readonly ConcurrentDictionary<FactDefinition, Reason> _missingReasons = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<ApplicantKind, Reason[]> _kindReasons = new();
    private readonly ConcurrentDictionary<(MeasureDefinition, FactDefinition, int), FactValue[]> _favourable = new();

    public ProfileMatcher(IPolicyEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _fastEngine = engine as PolicyEngine;
    }

    /// <summary>The catalog with every edition (the engine's).</summary>
    public PolicyCatalog Catalog => _engine.Catalog;

    public MatchResult Match(EvaluationRequest profile, IReadOnlyList<PriorAward> history) => Match(profile, history, null);

    /// <summary>Matches only the measures named in <paramref name="only"/> (null: all): push compares just those a catalog change touches.</summary>
    public MatchResult Match(EvaluationRequest profile, IReadOnlyList<PriorAward> history, IReadOnlySet<string>? only)
    {
        ArgumentNullException.ThrowIfNull(profile);
        history ??= [];
        // common.16: the edition in force on the submission date.
        var catalog = _engine.Catalog.At(profile.SubmittedOn);
        var common = CommonReasons(catalog, profile);
        var kind = profile.Applicant.Kind;
        ProjectRef? applicantProject = null;

        var measures = only is null ? catalog.Measures : catalog.Measures.Where(m => only.Contains(m.Code)).ToList();
        var items = new MeasureMatch[measures.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var measure = measures[i];
            if (common is not null) { items[i] = Ineligible(measure, common); continue; }
            if (!measure.ApplicantKinds.Contains(kind))
            {
                items[i] = Ineligible(measure, _kindReasons.GetOrAdd(kind, static k => [Reasons.ApplicantKindNotAllowed(Json.Camel(k))]));
                continue;
            }
            var project = measure.ProjectKey switch
            {
                ProjectKeyRule.Applicant => applicantProject ??= new ProjectRef(profile.Applicant.Uscc, profile.Project?.Name),
                ProjectKeyRule.Required => profile.Project ?? UnnamedProject,
                _ => profile.Project,
            };
            items[i] = MatchMeasure(catalog, measure, profile with { Measure = measure.Code, Project = project }, history);
        }
        return Summarise(items);
    }

    /// <summary>common.1 and common.2, shared by every measure; null when both pass.</summary>
    private static Reason[]? CommonReasons(PolicyCatalog catalog, EvaluationRequest profile)
    {
        var policy = catalog.Policy;
        var inWindow = profile.SubmittedOn >= policy.ValidFrom && profile.SubmittedOn <= policy.ValidTo;
        var reasons = new List<Reason>(2);
        if (!inWindow) reasons.Add(Reasons.PolicyExpired(policy.ValidFrom, policy.ValidTo));
        if (!profile.Applicant.InZone) reasons.Add(Reasons.OutsideZone);
        if (!Uscc.IsValid(profile.Applicant.Uscc)) reasons.Add(Reasons.InvalidUscc);
        return reasons.Count == 0 ? null : reasons.ToArray();
    }

    private MeasureMatch MatchMeasure(PolicyCatalog catalog, MeasureDefinition measure, EvaluationRequest request, IReadOnlyList<PriorAward> history)
    {
        List<FactDefinition>? missing = null;
        var required = measure.RequiredFacts;
        for (var i = 0; i < required.Count; i++)
        {
            if (required[i].Optional || request.Facts.ContainsKey(required[i].Fact)) continue;
            (missing ??= new List<FactDefinition>(2)).Add(catalog.Facts[required[i].Fact]);
        }

        if (missing is null)
        {
            var decision = Evaluate(request, history);
            return decision.Eligible
                ? new MeasureMatch(measure, MatchStatus.Eligible, decision.AmountFen, decision.AmountFen, [], decision.Reasons)
                : Ineligible(measure, decision.Reasons);
        }
        return Probe(measure, request, history, missing);
    }

    /// <summary>Evaluates the measure with each missing fact at its most favourable value(s); the best passing amount is the most it could pay.</summary>
    private MeasureMatch Probe(MeasureDefinition measure, EvaluationRequest request, IReadOnlyList<PriorAward> history, List<FactDefinition> missing)
    {
        var options = new FactValue[missing.Count][];
        var combinations = 1;
        var uncapped = measure.Kind == CalculationKind.Discretionary;
        for (var i = 0; i < missing.Count; i++)
        {
            options[i] = _favourable.GetOrAdd((measure, missing[i], missing[i].Type == FactType.Year ? request.SubmittedOn.Year : 0),
                static key => Favourable(key.Item1, key.Item2, key.Item3));
            combinations *= options[i].Length;
            // A list of persons has no most favourable value: the amount grows with each person.
            if (missing[i].Type == FactType.Persons) uncapped = true;
        }
        combinations = Math.Min(combinations, MaxProbes);

        var facts = new OverlayFacts(request.Facts, missing);
        var probe = request with { Facts = facts };
        var anyEligible = false;
        long? best = null;
        List<Reason>? refusals = null;
        for (var c = 0; c < combinations; c++)
        {
            var rest = c;
            for (var i = 0; i < options.Length; i++)
            {
                facts.Values[i] = options[i][rest % options[i].Length];
                rest /= options[i].Length;
            }
            var decision = Evaluate(probe, history);
            if (decision.Eligible)
            {
                anyEligible = true;
                if (decision.AmountFen is null) uncapped = true;
                else best = Math.Max(best ?? 0, decision.AmountFen.Value);
                continue;
            }
            foreach (var reason in decision.Reasons)
            {
                refusals ??= new List<Reason>(2);
                if (!refusals.Contains(reason)) refusals.Add(reason);
            }
        }
        if (!anyEligible) return Ineligible(measure, refusals ?? []);

        var reasons = new Reason[missing.Count];
        for (var i = 0; i < missing.Count; i++) reasons[i] = _missingReasons.GetOrAdd(missing[i], static f => Reasons.MissingFact(f));
        return new MeasureMatch(measure, MatchStatus.NeedsFacts, null, uncapped ? null : best, missing, reasons);
    }

    /// <summary>The values of a missing fact that could pay the most: what the measure requires, each of its tiers, the largest amount.</summary>
    private static FactValue[] Favourable(MeasureDefinition measure, FactDefinition fact, int submittedYear)
    {
        var required = RequiredOf(measure, fact.Name);
        switch (fact.Type)
        {
            case FactType.Flag:
                return [required?.EqualsValue == "false" ? FactValue.Of(false) : Given];
            case FactType.Choice:
                if (required?.EqualsValue is { } equals) return [FactValue.Of(equals)];
                if (TiersOf(measure, fact.Name) is { } tiers) return [.. tiers.Select(t => FactValue.Of(t.Tier))];
                return [.. fact.Values.Select(FactValue.Of)];
            case FactType.Persons:
                var category = measure.Calculation is PerPersonParameters { Categories: [var first, ..] } ? first.Category : "";
                return [FactValue.Of([new PersonFact(category, null, null)])];
            case FactType.Year:
                // common.9: the last fiscal year ended before the submission.
                return [FactValue.Of((decimal)(submittedYear - 1))];
            default:
                return [LargestMoney];
        }
    }

    private static IReadOnlyList<TierDefinition>? TiersOf(MeasureDefinition measure, string fact) => measure.Calculation switch
    {
        TieredFixedParameters t when t.TierFact == fact => t.Tiers,
        TieredCapParameters t when t.TierFact == fact => t.Tiers,
        _ => null,
    };

    private static RequiredFact? RequiredOf(MeasureDefinition measure, string fact)
    {
        foreach (var r in measure.RequiredFacts)
        {
            if (r.Fact == fact) return r;
        }
        return null;
    }

    private Decision Evaluate(EvaluationRequest request, IReadOnlyList<PriorAward> history) =>
        _fastEngine is not null ? _fastEngine.Evaluate(request, history, includeTrace: false) : _engine.Evaluate(request, history);

    private static MeasureMatch Ineligible(MeasureDefinition measure, IReadOnlyList<Reason> reasons) =>
        new(measure, MatchStatus.Ineligible, null, null, [], reasons);

    private static MatchResult Summarise(MeasureMatch[] items)
    {
        int eligible = 0, needsFacts = 0, ineligible = 0;
        long total = 0;
        foreach (var item in items)
        {
            switch (item.Status)
            {
                case MatchStatus.Eligible:
                    eligible++;
                    total += item.AmountFen ?? 0;
                    break;
                case MatchStatus.NeedsFacts: needsFacts++; break;
                default: ineligible++; break;
            }
        }
        var order = new int[items.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => Compare(items[a], items[b]) is var c && c != 0 ? c : a.CompareTo(b));
        var sorted = new MeasureMatch[items.Length];
        for (var i = 0; i < order.Length; i++) sorted[i] = items[order[i]];
        return new MatchResult(sorted, eligible, needsFacts, ineligible, total);
    }

    /// <summary>Status first; inside a status the larger figure first, an unknown figure last.</summary>
    private static int Compare(MeasureMatch a, MeasureMatch b)
    {
        if (a.Status != b.Status) return a.Status.CompareTo(b.Status);
        var x = a.Status == MatchStatus.Eligible ? a.AmountFen : a.MaxAmountFen;
        var y = b.Status == MatchStatus.Eligible ? b.AmountFen : b.MaxAmountFen;
        if (x is null || y is null) return (x is null).CompareTo(y is null);
        return y.Value.CompareTo(x.Value);
    }
}
