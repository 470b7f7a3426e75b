using NeoBay.Policy.Engine;

namespace NeoBay.Policy;

/// <summary>
/// Evaluates one request against the catalog in force on its submission date (common.16): the pipeline of
/// common rules in <see cref="Evaluation"/> (Engine/) around the measure's calculator (Calculations/{Kind}/).
/// Pure, deterministic, no clock, thread-safe (all state is per call).
/// </summary>
public sealed class PolicyEngine : IPolicyEngine
{
    private readonly Dictionary<long, string> _yuanTexts = new();
    private readonly Dictionary<decimal, string> _rateTexts = new();

    public PolicyEngine(PolicyCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
        // The catalog's own amounts are formatted once, for the trace (read-only afterwards: thread-safe).
        // Needed for the allocation aim (docs/benchmarks.md): an A11.2 trace shows five catalog amounts.
        _yuanTexts.TryAdd(0, Money.FormatYuan(0));
        foreach (var m in catalog.Editions.SelectMany(e => e.Measures))
        {
            foreach (var fen in m.Calculation.Amounts) _yuanTexts.TryAdd(fen, Money.FormatYuan(fen));
            foreach (var rate in m.Calculation.Rates) _rateTexts.TryAdd(rate, Money.FormatRate(rate));
        }
    }

    internal string RateText(decimal rate) => _rateTexts.TryGetValue(rate, out var text) ? text : Money.FormatRate(rate);

    internal string YuanText(long fen) => _yuanTexts.TryGetValue(fen, out var text) ? text : Money.FormatYuan(fen);

    public PolicyCatalog Catalog { get; }

    public Decision Evaluate(EvaluationRequest request, IReadOnlyList<PriorAward> history) => Evaluate(request, history, includeTrace: true);

    /// <summary>Evaluates; with <paramref name="includeTrace"/> false the trace is empty (cheaper).</summary>
    public Decision Evaluate(EvaluationRequest request, IReadOnlyList<PriorAward> history, bool includeTrace)
    {
        ArgumentNullException.ThrowIfNull(request);
        history ??= [];
        // common.16: the values in force on the submission date.
        var catalog = Catalog.At(request.SubmittedOn);
        if (!catalog.TryGet(request.Measure, out var measure))
            return new Decision(request.Measure ?? "", false, null, [Reasons.UnknownMeasure(request.Measure ?? "")], [], []);
        return new Evaluation(this, catalog, measure, request, history, includeTrace).Run();
    }
}
