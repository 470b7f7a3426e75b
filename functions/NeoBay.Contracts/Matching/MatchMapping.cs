using System.Runtime.CompilerServices;
using NeoBay.Policy;
using NeoBay.Policy.Matching;

namespace NeoBay.Contracts.Matching;

/// <summary>The matcher's <see cref="MatchResult"/> as <see cref="MatchResponse"/>, reasons in the caller's language.</summary>
public static class MatchMapping
{
    /// <summary>The parts of an item that depend only on the measure or the fact, made once per catalog entry.</summary>
    private static readonly ConditionalWeakTable<MeasureDefinition, MeasureParts> Measures = new();
    private static readonly ConditionalWeakTable<FactDefinition, MissingFactItem> Facts = new();

    public static MatchResponse ToResponse(this MatchResult result, bool english)
    {
        ArgumentNullException.ThrowIfNull(result);
        var items = new MatchItem[result.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var m = result.Items[i];
            var (title, documents) = Measures.GetValue(m.Measure, static d =>
                new MeasureParts(new Bilingual(d.TitleZh, d.TitleEn), [.. d.RequiredDocuments.Select(r => new DocumentItem(r.Category, r.Zh, r.En))]));
            var missing = new MissingFactItem[m.MissingFacts.Count];
            for (var f = 0; f < missing.Length; f++)
                missing[f] = Facts.GetValue(m.MissingFacts[f], static d => new MissingFactItem(d.Name, new Bilingual(d.Zh, d.En), Json.Camel(d.Type)));
            var reasons = new ReasonItem[m.Reasons.Count];
            for (var r = 0; r < reasons.Length; r++) reasons[r] = new ReasonItem(m.Reasons[r].Code, m.Reasons[r].Message(english));
            items[i] = new MatchItem(m.Measure.Code, title, Json.Camel(m.Status),
                ContractMoney.Yuan(m.AmountFen), ContractMoney.Yuan(m.MaxAmountFen), missing, reasons, documents);
        }
        return new MatchResponse(items, new MatchSummary(result.Eligible, result.NeedsFacts, result.Ineligible, Money.ToYuan(result.EligibleAmountFen)));
    }

    private sealed record MeasureParts(Bilingual Title, DocumentItem[] Documents);
}
