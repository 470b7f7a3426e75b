using System.Globalization;
using NeoBay.Policy.Calculations;

namespace NeoBay.Policy.Engine;

/// <summary>
/// One evaluation, not shared between calls: the pipeline of common rules (<see cref="Run"/>) around the
/// measure's calculator, and the state and formulas the calculators use (lines, trace, reasons, facts).
/// </summary>
internal sealed partial class Evaluation(PolicyEngine engine, PolicyCatalog catalog, MeasureDefinition measure, EvaluationRequest request, IReadOnlyList<PriorAward> history, bool includeTrace)
{
    private readonly List<TraceStep>? _trace = includeTrace ? new List<TraceStep>(8) : null;
    private List<Reason>? _reasons;
    private readonly List<ScheduleLine> _lines = new(measure.Calculation.InitialLines(request));

    public PolicyCatalog Catalog => catalog;
    public MeasureDefinition Measure => measure;
    public EvaluationRequest Request => request;
    public IReadOnlyList<PriorAward> History => history;
    public List<ScheduleLine> Lines => _lines;
    public string Code => measure.Code;
    /// <summary>The submission's fiscal year (calendar year, CST).</summary>
    public int Year { get; } = request.SubmittedOn.Year;
    /// <summary>common.13: the supported project's key; the applicant's USCC where the applicant is the unit (A08.1).</summary>
    public string? ProjectKey { get; } = measure.ProjectKey == ProjectKeyRule.Applicant ? request.Applicant.Uscc : request.Project?.Key;
    public bool Blocked { get; private set; }
    public bool Tracing => _trace is not null;
    /// <summary>The tier awarded (tiered measures).</summary>
    public string? Tier { get; set; }

    /// <summary>
    /// The pipeline: validity, zone, applicant, applicant kind, required facts and recognitions, project key
    /// (<see cref="CheckGates"/>); dated values; one award per project; the calculator (a single amount is then
    /// limited by requestedAmount where the kind is, and staged: <see cref="PaySingle"/>); no duplication; a positive total.
    /// </summary>
    public Decision Run()
    {
        CheckGates();
        if (Blocked) return Ineligible();
        // common.16: the date each value applied took effect.
        if (_trace is not null && measure.ParameterDates.Length > 0)
            Step("datedValues", "common.16", TraceDetails.DatedValues, measure.ParameterDates);
        var calculation = measure.Calculation;
        if (calculation.OncePerProject) CheckSameProject();
        calculation.Calculate(this);
        if (Blocked) return Ineligible();
        if (calculation.Kind == CalculationKind.Discretionary)
            return new Decision(Code, true, null, ReasonList(), _lines, Trace()) { Discretionary = true };
        if (calculation.NoDuplication) ApplyNoDuplication();
        if (Blocked) return Ineligible();
        var total = CountedTotal();
        if (total <= 0)
        {
            Block(Reasons.ZeroAmount);
            return Ineligible();
        }
        return new Decision(Code, true, total, ReasonList(), _lines, Trace()) { Tier = Tier };
    }

    private Decision Ineligible() => new(Code, false, null, ReasonList(), [], Trace()) { Tier = Tier };

    // The lists are handed over to the decision (not copied): this evaluation never touches them again.
    private IReadOnlyList<TraceStep> Trace() => _trace is null ? [] : _trace;

    private IReadOnlyList<Reason> ReasonList() => _reasons is null ? [] : _reasons;

    public void AddReason(Reason reason) => (_reasons ??= new List<Reason>(2)).Add(reason);

    public void Block(Reason reason)
    {
        AddReason(reason);
        Blocked = true;
    }

    public void Add(ScheduleLine line) => _lines.Add(line);

    // ---- Trace.

    public void Step(string rule, string article, TraceDetail detail, params KeyValuePair<string, string>[] figures) =>
        _trace?.Add(new TraceStep(rule, article, detail, figures));

    /// <summary>A step with the seed's own words for the value it applies.</summary>
    public void Step(string rule, string article, TraceDetail detail, Citation? words, params KeyValuePair<string, string>[] figures) =>
        _trace?.Add(new TraceStep(rule, article, detail, figures) { Text = words?.Text });

    public static KeyValuePair<string, string> F(string name, string value) => new(name, value);
    public KeyValuePair<string, string> Yuan(string name, long fen) => new(name, engine.YuanText(fen));
    public KeyValuePair<string, string> Rate(string name, decimal rate) => new(name, engine.RateText(rate));
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    // ---- Facts.

    public bool TryFen(string fact, out long fen)
    {
        fen = 0;
        return request.Facts.TryGetValue(fact, out var v) && v.Number is { } n && Money.TryYuanToFen(n, out fen);
    }

    public long Fen(string fact) => TryFen(fact, out var fen) ? fen : 0;

    /// <summary>The tier named by the request's <paramref name="tierFact"/>, or blocks with UnknownTier.</summary>
    public TierDefinition? FindTier(string tierFact, IReadOnlyList<TierDefinition> tiers)
    {
        var value = request.Facts.TryGetValue(tierFact, out var v) ? v.Text ?? "" : "";
        if (TierDefinition.Find(tiers, value) is { } tier) return tier;
        Block(Reasons.UnknownTier(catalog.Facts[tierFact], value));
        return null;
    }

    // ---- Formulas of the common rules, used by several kinds.

    /// <summary>common.4: min(floor_fen(rate × base), cap).</summary>
    public long RateOfBase(string baseFact, decimal rate, long capFen, string rule, string rateParameter)
    {
        var baseFen = Fen(baseFact);
        var byRate = Money.FloorRate(rate, baseFen);
        var amount = Math.Min(byRate, capFen);
        if (_trace is not null)
            Step(rule, Code, byRate > capFen ? TraceDetails.RateCapped : TraceDetails.RateFloored, measure.CitationOf(rateParameter),
                Yuan(baseFact, baseFen), Rate("rate", rate), Yuan("rateTimesBase", byRate), Yuan("cap", capFen), Yuan("amount", amount));
        return amount;
    }

    /// <summary>common.4: not above requestedAmount when the applicant gives one.</summary>
    public long NotAboveRequested(long amount)
    {
        if (Blocked || !request.Facts.TryGetValue(FactNames.RequestedAmount, out var v) || v.Number is null) return amount;
        var def = catalog.Facts[FactNames.RequestedAmount];
        if (!Money.TryYuanToFen(v.Number.Value, out var requested)) { Block(Reasons.InvalidFact(def)); return 0; }
        if (requested <= 0) { Block(Reasons.NonPositiveFact(def)); return 0; }
        if (requested >= amount) return amount;
        if (_trace is not null) Step("requestedAmount", "common.4", TraceDetails.NotAboveRequested, Yuan("requestedAmount", requested), Yuan("amount", requested));
        return requested;
    }

    /// <summary>common.5: min(requestedAmount, cap).</summary>
    public long RequestedWithinCap(long capFen, string capParameter)
    {
        var requested = Fen(FactNames.RequestedAmount);
        var amount = Math.Min(requested, capFen);
        if (_trace is not null)
            Step("cap", Code, requested > capFen ? TraceDetails.RequestedCapped : TraceDetails.RequestedWithinCap, measure.CitationOf(capParameter),
                Yuan("requestedAmount", requested), Yuan("cap", capFen), Yuan("amount", amount));
        return amount;
    }

    /// <summary>min(the needs stated in <paramref name="fact"/>, cap) (A04.3, A05.1, A06.2, A16.2, A16.3).</summary>
    public long NeedsWithinCap(string fact, long capFen, string rule, string capParameter)
    {
        var needs = Fen(fact);
        var amount = Math.Min(needs, capFen);
        if (_trace is not null) Step(rule, Code, needs > capFen ? TraceDetails.NeedsCapped : TraceDetails.NeedsWithinCap, measure.CitationOf(capParameter), Yuan(fact, needs), Yuan("cap", capFen), Yuan("amount", amount));
        return amount;
    }
}
