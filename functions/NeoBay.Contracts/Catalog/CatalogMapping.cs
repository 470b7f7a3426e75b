using NeoBay.Policy;
using NeoBay.Policy.Calculations;

namespace NeoBay.Contracts.Catalog;

/// <summary>The catalog and its measures as <see cref="CatalogResponse"/> and <see cref="MeasureResponse"/>.</summary>
public static class CatalogMapping
{
    public static CatalogResponse ToResponse(this PolicyCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var p = catalog.Policy;
        var rules = new CommonRulesResponse(
            Cite(p.ValidityCitation),
            Cite<IReadOnlyList<StageResponse>>(Stages(p.DefaultStages), p.StagesCitation),
            Cite(p.ClaimYearOffset, p.ClaimYearCitation),
            new ClaimYearsResponse(p.FirstClaimYear, p.LastClaimYear, p.ClaimYearsCitation),
            Cite(p.NoDuplicationCitation),
            new SwitchesResponse(
                Cite(p.Switches.NoDuplicationWithinPolicy, p.Switches.NoDuplicationWithinPolicyCitation),
                Cite(p.Switches.FirstTimeTierTopUpText, p.Switches.FirstTimeTierTopUpCitation)));
        return new CatalogResponse(
            p.Document, p.TitleZh, p.TitleEn, p.ValidFrom, p.ValidTo,
            // common.16: this edition's first day and every edition's.
            catalog.InForceFrom, [.. catalog.Editions.Select(e => e.InForceFrom)],
            rules,
            [.. catalog.Facts.Values.OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => new FactResponse(f.Name, Json.Camel(f.Type), f.Zh, f.En, f.Values.Count > 0 ? f.Values : null))],
            [.. catalog.Measures.Select(m => m.ToResponse(p.Document))]);
    }

    /// <summary>One measure; its own sentence cites <paramref name="document"/>, the policy's number (policy.yaml <c>document</c>).</summary>
    public static MeasureResponse ToResponse(this MeasureDefinition m, string document)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new MeasureResponse(
            m.Code, m.Article, m.ArticleZh, m.ArticleEn, m.TitleZh, m.TitleZh, m.TitleEn, m.Text,
            new CitationResponse { Cite = m.Code, Text = m.Text, Source = document },
            Json.Camel(m.Kind),
            m.Stages is not null,
            Cite<IReadOnlyList<string>>([.. m.ApplicantKinds.Select(k => Json.Camel(k))], m.ApplicantKindsCitation),
            [.. m.RequiredFacts.Select(f => new RequiredFactResponse(f.Fact, f.EqualsValue, f.Optional, f.Citation))],
            m.Parameters.ToDictionary(p => p.Name, p => new ParameterResponse(ParameterValue(m, p), p.Unit, p.Citation), StringComparer.Ordinal),
            [.. m.RequiredDocuments.Select(d => new DocumentResponse(d.Category, d.Zh, d.En))]);
    }

    private static object ParameterValue(MeasureDefinition m, MeasureParameter p) => p.Name switch
    {
        "stages" => Stages(m.Stages!),
        "tiers" => m.Tiers.Select(t => new TierResponse(t.Tier, Money.ToYuan(t.AmountFen), t.Rank)).ToArray(),
        "categories" => ((PerPersonParameters)m.Calculation).Categories.Select(c => new PersonCategoryResponse(
            c.Category, c.Zh, c.En,
            c.YearlyFen > 0 ? Money.ToYuan(c.YearlyFen) : null,
            c.YearlyFen > 0 ? c.Years : null,
            c.OnceFen > 0 ? Money.ToYuan(c.OnceFen) : null,
            c.CompletionFen > 0 ? Money.ToYuan(c.CompletionFen) : null)).ToArray(),
        _ => p.Value is decimal or int ? p.Value : p.Value.ToString()!,
    };

    private static StageResponse[] Stages(IReadOnlyList<StageDefinition> stages) =>
        [.. stages.Select(s => new StageResponse(s.Share, Json.Camel(s.Trigger)))];

    private static CitationResponse Cite(Citation c) => new(c);

    private static Cited<T> Cite<T>(T value, Citation c) => new(value, c);
}
