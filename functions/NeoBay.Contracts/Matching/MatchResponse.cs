using System.Text.Json.Serialization;

namespace NeoBay.Contracts.Matching;

/// <summary>
/// The answer of <c>POST /api/match</c> and <c>neobay match</c>: every measure of the catalog in force with what the profile
/// could get, and the counts. Amounts in yuan with two decimals: <see cref="NeoBay.Policy.Money.ToYuan"/>'s decimals carry them
/// (scale 2), so no member needs a converter and the source-generated fast path writes the whole answer. The request is a quote request without
/// <c>measure</c> (<c>project</c> optional), read by <see cref="Quotes.QuoteJson.Parse"/>.
/// </summary>
public sealed record MatchResponse(IReadOnlyList<MatchItem> Items, MatchSummary Summary);

public sealed record MatchItem(
    string Measure,
    Bilingual Title,
    string Status,
    decimal? Amount,
    decimal? MaxAmount,
    IReadOnlyList<MissingFactItem> MissingFacts,
    IReadOnlyList<ReasonItem> Reasons,
    IReadOnlyList<DocumentItem> RequiredDocuments);

public sealed record Bilingual(string Zh, string En);

public sealed record ReasonItem(string Code, string Message);

public sealed record MissingFactItem(string Name, Bilingual Label, string Type);

public sealed record DocumentItem(string Category, string Zh, string En);

public sealed record MatchSummary(int Eligible, int NeedsFacts, int Ineligible, decimal EligibleAmount);

/// <summary>The matching contract's source-generated serialisation.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(MatchResponse))]
public sealed partial class MatchJsonContext : JsonSerializerContext;
