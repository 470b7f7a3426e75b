using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeoBay.Policy.Matching;

/// <summary>
/// The JSON edge of matching (<c>POST /api/match</c>, <c>neobay match</c>): a profile in (the quote request without
/// <c>measure</c>; <c>project</c> optional), the items and the summary out. Amounts in yuan with two decimals.
/// </summary>
public static class MatchJson
{
    /// <summary>Reads a profile; <see cref="QuoteParseResult.Request"/> has an empty measure.</summary>
    public static QuoteParseResult Parse(JsonElement element, DateOnly today, PolicyCatalog catalog, QuoteParseOptions options) =>
        QuoteJson.Parse(element, today, catalog, options with { Profile = true });

    /// <summary>The response body: messages of reasons in zh-CN, or en.</summary>
    public static MatchResponse ToResponse(MatchResult result, bool english)
    {
        ArgumentNullException.ThrowIfNull(result);
        var items = new MatchItem[result.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var m = result.Items[i];
            var d = m.Measure;
            items[i] = new MatchItem(
                d.Code,
                new Bilingual(d.TitleZh, d.TitleEn),
                Json.Camel(m.Status),
                Yuan(m.AmountFen),
                Yuan(m.MaxAmountFen),
                [.. m.MissingFacts.Select(f => new MissingFactItem(f.Name, new Bilingual(f.Zh, f.En), Json.Camel(f.Type)))],
                [.. m.Reasons.Select(r => new ReasonItem(r.Code, r.Message(english)))],
                [.. d.RequiredDocuments.Select(r => new DocumentItem(r.Category, r.Zh, r.En))]);
        }
        return new MatchResponse(items, new MatchSummary(result.Eligible, result.NeedsFacts, result.Ineligible, Money.ToYuan(result.EligibleAmountFen)));
    }

    public static void Write(Utf8JsonWriter writer, MatchResult result, bool english) =>
        JsonSerializer.Serialize(writer, ToResponse(result, english), MatchJsonContext.Default.MatchResponse);

    private static decimal? Yuan(long? fen) => fen is { } f ? Money.ToYuan(f) : null;
}

public sealed record Bilingual(string Zh, string En);

public sealed record MissingFactItem(string Name, Bilingual Label, string Type);

public sealed record ReasonItem(string Code, string Message);

public sealed record DocumentItem(string Category, string Zh, string En);

public sealed record MatchItem(
    string Measure,
    Bilingual Title,
    string Status,
    decimal? Amount,
    decimal? MaxAmount,
    IReadOnlyList<MissingFactItem> MissingFacts,
    IReadOnlyList<ReasonItem> Reasons,
    IReadOnlyList<DocumentItem> RequiredDocuments);

public sealed record MatchSummary(int Eligible, int NeedsFacts, int Ineligible, decimal EligibleAmount);

public sealed record MatchResponse(IReadOnlyList<MatchItem> Items, MatchSummary Summary);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(MatchResponse))]
internal sealed partial class MatchJsonContext : JsonSerializerContext;
