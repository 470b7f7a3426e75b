using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using NeoBay.Policy;

namespace NeoBay.Contracts.Catalog;

/// <summary>
/// The catalog as bilingual JSON (<c>GET /api/measures</c>, <c>neobay catalog --json</c>): the policy document, its editions
/// (common.16), the common rules and the facts, each cited, and every measure.
/// </summary>
public sealed record CatalogResponse(
    string Document,
    string TitleZh,
    string TitleEn,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    DateOnly InForceFrom,
    IReadOnlyList<DateOnly> Editions,
    CommonRulesResponse CommonRules,
    IReadOnlyList<FactResponse> Facts,
    IReadOnlyList<MeasureResponse> Measures);

public sealed record CommonRulesResponse(
    CitationResponse Validity,
    Cited<IReadOnlyList<StageResponse>> StagePlan,
    Cited<int> ClaimYearOffset,
    ClaimYearsResponse ClaimYears,
    CitationResponse NoDuplication,
    SwitchesResponse Switches);

public sealed record SwitchesResponse(Cited<bool> NoDuplicationWithinPolicy, Cited<string> FirstTimeTierTopUp);

/// <summary>A fact a request may give; <see cref="Values"/> only for choices.</summary>
public sealed record FactResponse(
    string Name,
    string Type,
    string Zh,
    string En,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Values);

/// <summary>One measure: code, article, titles, the seed's sentence, kind, applicant kinds, facts, parameters (each cited), documents.</summary>
public sealed record MeasureResponse(
    string Code,
    int Article,
    string ArticleZh,
    string ArticleEn,
    string Title,
    string TitleZh,
    string TitleEn,
    string Text,
    CitationResponse Citation,
    string Kind,
    bool Staged,
    Cited<IReadOnlyList<string>> ApplicantKinds,
    IReadOnlyList<RequiredFactResponse> RequiredFacts,
    IReadOnlyDictionary<string, ParameterResponse> Parameters,
    IReadOnlyList<DocumentResponse> RequiredDocuments);

public sealed record StageResponse(decimal Share, string Trigger);

public sealed record TierResponse(
    string Tier,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Amount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Rank);

/// <summary>An A11.2 person category: a yearly allowance for some years, or a one-off and a completion allowance.</summary>
public sealed record PersonCategoryResponse(
    string Category,
    string Zh,
    string En,
    [property: JsonConverter(typeof(MoneyJsonConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Yearly,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Years,
    [property: JsonConverter(typeof(MoneyJsonConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Once,
    [property: JsonConverter(typeof(MoneyJsonConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Completion);

/// <summary>A document an application for the measure carries.</summary>
public sealed record DocumentResponse(string Category, string Zh, string En);

/// <summary>
/// Where a value comes from: the article or common rule, its words, whether it is the district's reading, since when it
/// applies (common.16) and its source. Written after the members of the object it cites.
/// </summary>
public record CitationResponse
{
    public CitationResponse() { }

    [SetsRequiredMembers]
    public CitationResponse(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        (Cite, Text, Reading, Since, Source) = (citation.Code, citation.Text, citation.Reading, citation.Since, citation.Source);
    }

    [JsonPropertyOrder(1)] public required string Cite { get; init; }
    [JsonPropertyOrder(1)] public required string Text { get; init; }
    [JsonPropertyOrder(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Reading { get; init; }
    [JsonPropertyOrder(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DateOnly? Since { get; init; }
    [JsonPropertyOrder(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Source { get; init; }
}

/// <summary>A value with its citation: <c>{"value": …, "cite": …, "text": …}</c>.</summary>
public record Cited<T> : CitationResponse
{
    public Cited() { }

    [SetsRequiredMembers]
    public Cited(T value, Citation citation) : base(citation) => Value = value;

    public required T Value { get; init; }
}

/// <summary>common.9: the first and last fiscal years a claim may be for.</summary>
public sealed record ClaimYearsResponse : CitationResponse
{
    public ClaimYearsResponse() { }

    [SetsRequiredMembers]
    public ClaimYearsResponse(int first, int last, Citation citation) : base(citation) => (First, Last) = (first, last);

    public required int First { get; init; }
    public required int Last { get; init; }
}

/// <summary>A fact a measure needs, with the value it must have ("true" for flags) where it must have one.</summary>
public sealed record RequiredFactResponse : CitationResponse
{
    public RequiredFactResponse() { }

    [SetsRequiredMembers]
    public RequiredFactResponse(string fact, string? equalsValue, bool optional, Citation citation) : base(citation) =>
        (Fact, EqualsValue, Optional) = (fact, equalsValue, optional);

    public required string Fact { get; init; }
    [JsonPropertyName("equals"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? EqualsValue { get; init; }
    public required bool Optional { get; init; }
}

/// <summary>
/// A parameter as the catalog writes it: a number, a text, or the stages, tiers or person categories
/// (<see cref="StageResponse"/>, <see cref="TierResponse"/>, <see cref="PersonCategoryResponse"/> lists).
/// </summary>
public sealed record ParameterResponse : CitationResponse
{
    public ParameterResponse() { }

    [SetsRequiredMembers]
    public ParameterResponse(object value, string? unit, Citation citation) : base(citation) => (Value, Unit) = (value, unit);

    public required object Value { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Unit { get; init; }
}
