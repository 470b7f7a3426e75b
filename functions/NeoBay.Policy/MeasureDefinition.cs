using NeoBay.Policy.Calculations;

namespace NeoBay.Policy;

/// <summary>How a measure computes its amount. Serialised in lower camel case in the catalog.</summary>
public enum CalculationKind
{
    /// <summary>No figure in the text: the reviewer sets the amount (common rule 6).</summary>
    Discretionary,
    /// <summary>"最高 C 元": min(requestedAmount, cap) (common rule 5); staged when a stage plan is given.</summary>
    Cap,
    /// <summary>"不超过 base 的 r%、最高 C 元" (common rule 4); staged when a stage plan is given.</summary>
    Proportional,
    /// <summary>A fixed amount, once per applicant (A06.3).</summary>
    Fixed,
    /// <summary>Tiered fixed amounts awarded the first time a tier is reached, with top-up (A08.1, A16.4).</summary>
    TieredFixed,
    /// <summary>A cap that depends on a tier fact: min(requestedAmount, cap of tier) (A09.3, A09.5).</summary>
    TieredCap,
    /// <summary>Start-up funds (cap) plus equity or debt-to-equity funds (cap), not a grant (A04.3).</summary>
    Composite,
    /// <summary>Construction funds (cap) plus operating funds (cap) a year for several years (A05.1, A06.2).</summary>
    ConstructionOperating,
    /// <summary>A yearly post-subsidy: rate × the year's figure, capped, one claim a fiscal year (common rule 9).</summary>
    AnnualProportional,
    /// <summary>Start-up funds (cap) plus operating funds at a rate of yearly expenditure for several years (A16.2, A16.3).</summary>
    StartupOperating,
    /// <summary>Research-service voucher: a yearly quota, each redemption a rate of the fee (A09.4).</summary>
    Voucher,
    /// <summary>Allowances per person and category (A11.2).</summary>
    PerPerson,
}

/// <summary>common.13: what identifies the project a measure supports.</summary>
public enum ProjectKeyRule
{
    /// <summary><c>project.key</c> is required.</summary>
    Required,
    /// <summary>The applicant is the unit (A08.1): the key is its USCC.</summary>
    Applicant,
    /// <summary>No project: the holder's quota (A09.4) or each person (A11.2) is the unit.</summary>
    None,
}

/// <summary>The type of a declared fact.</summary>
public enum FactType
{
    /// <summary>Yuan with at most two decimals; converted to fen.</summary>
    Money,
    Flag,
    /// <summary>One of a list of values (tiers, levels, loan types).</summary>
    Choice,
    /// <summary>A fiscal year (integer).</summary>
    Year,
    /// <summary>A list of persons (A11.2).</summary>
    Persons,
}

/// <summary>A fact the catalog knows: its name, type and bilingual label.</summary>
public sealed record FactDefinition(string Name, FactType Type, string Zh, string En, IReadOnlyList<string> Values)
{
    /// <summary>The fact's path in a quote request ("facts.totalInvestment"), for the field of an error.</summary>
    internal string RequestPath { get; } = "facts." + Name;

    /// <summary>
    /// The applicant's own declaration (what it asks for, its needs, its persons), never a fact a trusted source can know:
    /// refused from integrators, so a measure that needs one is never offered (免申即享, docs/matching.md).
    /// </summary>
    public bool Declared { get; init; }
}

/// <summary>Where a value comes from: the measure code (or "common.N") and the seed's own words.</summary>
public sealed record Citation(string Code, string Text, bool Reading)
{
    /// <summary>common.16: the date this version of the value takes effect; null for the seed's value from the start.</summary>
    public DateOnly? Since { get; init; }

    /// <summary>common.16: the notice that changed the value; null for the seed.</summary>
    public string? Source { get; init; }
}

/// <summary>One parameter of a measure as written in the catalog (value kept as text for display).</summary>
public sealed record MeasureParameter(string Name, object Value, string? Unit, Citation Citation);

/// <summary>A fact a measure needs; <see cref="EqualsValue"/> is the value it must have ("true" for flags).</summary>
public sealed record RequiredFact(string Fact, string? EqualsValue, bool Optional, Citation Citation);

/// <summary>A document an application for the measure must carry.</summary>
public sealed record RequiredDocument(string Category, string Zh, string En);

/// <summary>One tier of a tiered measure; <see cref="Rank"/> orders a first-time ladder (higher = better).</summary>
public sealed record TierDefinition(string Tier, long AmountFen, int Rank)
{
    /// <summary>The tier named <paramref name="name"/>, or null.</summary>
    public static TierDefinition? Find(IReadOnlyList<TierDefinition> tiers, string? name)
    {
        for (var i = 0; i < tiers.Count; i++) // an index loop: foreach on the interface allocates an enumerator
        {
            if (tiers[i].Tier == name) return tiers[i];
        }
        return null;
    }
}

/// <summary>One stage of a staged plan: its share of the total and what releases it.</summary>
public sealed record StageDefinition(decimal Share, ScheduleTrigger Trigger);

/// <summary>A person category of A11.2: a yearly allowance for some years, or a one-off plus a completion allowance.</summary>
public sealed record PersonCategory(string Category, string Zh, string En, long YearlyFen, int Years, long OnceFen, long CompletionFen);

/// <summary>
/// One paying measure, loaded and validated from the catalog. The typed properties are the
/// parameters the engine uses, precomputed at load (fen, rates); <see cref="Parameters"/> keeps them
/// as written, with their citations, for the catalog API.
/// </summary>
public sealed class MeasureDefinition
{
    public required string Code { get; init; }
    /// <summary>Article number 1…20.</summary>
    public required int Article { get; init; }
    /// <summary>Article as written in the seed, e.g. "（二）促进未来产业技术创新".</summary>
    public required string ArticleZh { get; init; }
    public required string ArticleEn { get; init; }
    public required string TitleZh { get; init; }
    public required string TitleEn { get; init; }
    /// <summary>The seed's own sentence for the measure.</summary>
    public required string Text { get; init; }
    public CalculationKind Kind => Calculation.Kind;
    /// <summary>common.13: what identifies the supported project.</summary>
    public ProjectKeyRule ProjectKey { get; init; } = ProjectKeyRule.Required;
    public required IReadOnlyList<ApplicantKind> ApplicantKinds { get; init; }
    public required Citation ApplicantKindsCitation { get; init; }
    public required IReadOnlyList<RequiredFact> RequiredFacts { get; init; }
    public required IReadOnlyList<RequiredDocument> RequiredDocuments { get; init; }
    public required IReadOnlyList<MeasureParameter> Parameters { get; init; }
    /// <summary>Source file in the catalog, e.g. "a02.yaml".</summary>
    public required string SourceFile { get; init; }

    /// <summary>The kind's typed parameters, validated at load (Calculations/{Kind}/).</summary>
    public required CalculationParameters Calculation { get; init; }

    /// <summary>common.7: the stage plan of a single amount, or null.</summary>
    public IReadOnlyList<StageDefinition>? Stages => Calculation.Stages;

    /// <summary>The tiers of a tiered measure (A08.1, A16.4, A09.3, A09.5), none for the others.</summary>
    public IReadOnlyList<TierDefinition> Tiers => Calculation switch
    {
        Calculations.TieredFixedParameters p => p.Tiers,
        Calculations.TieredCapParameters p => p.Tiers,
        _ => [],
    };

    /// <summary>The person categories a per-person measure pays (A11.2), none for the others.</summary>
    internal IReadOnlyList<string> PersonCategoryNames => Calculation is PerPersonParameters p ? p.CategoryNames : [];

    /// <summary>Citation of a parameter by name, or null.</summary>
    public Citation? CitationOf(string parameter)
    {
        var parameters = Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Name == parameter) return parameters[i].Citation;
        }
        return null;
    }

    /// <summary>common.16: each parameter's name with the date its value took effect, for the trace.</summary>
    internal KeyValuePair<string, string>[] ParameterDates { get; init; } = [];
}
