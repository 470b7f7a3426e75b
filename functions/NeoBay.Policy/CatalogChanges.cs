using NeoBay.Policy.Calculations;

namespace NeoBay.Policy;

/// <summary>
/// What an edition of the catalog changes against the one before it (common.16), compared field by field on what the
/// catalog shows: the common rules, the facts, and each measure's texts, kinds, citations, parameters and documents.
/// </summary>
public static class CatalogChanges
{
    /// <summary>
    /// The codes of the measures whose entry differs between <paramref name="before"/> and <paramref name="after"/>; null (every
    /// measure) when the common rules or the facts differ too, or when a measure was added or removed.
    /// </summary>
    public static IReadOnlySet<string>? ChangedMeasures(PolicyCatalog before, PolicyCatalog after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Measures.Count != after.Measures.Count || !SameCommonRules(before, after)) return null;
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var measure in after.Measures)
        {
            if (!before.TryGet(measure.Code, out var old)) return null;
            if (!SameMeasure(old, measure)) codes.Add(measure.Code);
        }
        return codes;
    }

    /// <summary>The policy's common rules and switches (records: compared by value, the stage list by its items) and the facts.</summary>
    public static bool SameCommonRules(PolicyCatalog a, PolicyCatalog b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Policy.DefaultStages.SequenceEqual(b.Policy.DefaultStages)
            && a.Policy with { DefaultStages = b.Policy.DefaultStages } == b.Policy
            && a.Facts.Count == b.Facts.Count
            && a.Facts.Values.All(f => b.Facts.TryGetValue(f.Name, out var g) && f.Values.SequenceEqual(g.Values) && f with { Values = g.Values } == g);
    }

    public static bool SameMeasure(MeasureDefinition a, MeasureDefinition b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return (a.Code, a.Article, a.ArticleZh, a.ArticleEn, a.TitleZh, a.TitleEn, a.Text, a.Kind, a.ApplicantKindsCitation)
                == (b.Code, b.Article, b.ArticleZh, b.ArticleEn, b.TitleZh, b.TitleEn, b.Text, b.Kind, b.ApplicantKindsCitation)
            && a.ApplicantKinds.SequenceEqual(b.ApplicantKinds)
            && a.RequiredFacts.SequenceEqual(b.RequiredFacts)
            && a.RequiredDocuments.SequenceEqual(b.RequiredDocuments)
            && (a.Stages ?? []).SequenceEqual(b.Stages ?? []) && a.Stages is null == b.Stages is null
            && a.Tiers.SequenceEqual(b.Tiers)
            && Categories(a).SequenceEqual(Categories(b))
            && a.Parameters.Select(Scalar).SequenceEqual(b.Parameters.Select(Scalar));
    }

    /// <summary>A parameter with its value where it is a number or a text (the stages, tiers and categories are compared apart).</summary>
    private static (string, string?, Citation, object?) Scalar(MeasureParameter p) =>
        (p.Name, p.Unit, p.Citation, p.Value is decimal or int or string ? p.Value : null);

    private static IReadOnlyList<PersonCategory> Categories(MeasureDefinition m) => m.Calculation is PerPersonParameters p ? p.Categories : [];
}
