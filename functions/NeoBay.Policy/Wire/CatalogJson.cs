using System.Text.Json;
using NeoBay.Policy.Calculations;

namespace NeoBay.Policy;

/// <summary>The catalog as bilingual JSON (CLI <c>catalog --json</c>, <c>GET /api/measures</c>).</summary>
public static class CatalogJson
{
    /// <summary>
    /// Writes <c>{ document, titleZh, titleEn, validFrom, validTo, commonRules, facts, measures: [...] }</c>.
    /// </summary>
    public static void WriteCatalog(Utf8JsonWriter w, PolicyCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(catalog);
        var p = catalog.Policy;
        w.WriteStartObject();
        w.WriteString("document", p.Document);
        w.WriteString("titleZh", p.TitleZh);
        w.WriteString("titleEn", p.TitleEn);
        w.WriteString("validFrom", p.ValidFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("validTo", p.ValidTo.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        // common.16: this edition's first day and every edition's.
        w.WriteString("inForceFrom", catalog.InForceFrom.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteStartArray("editions");
        foreach (var e in catalog.Editions) w.WriteStringValue(e.InForceFrom.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteEndArray();
        w.WriteStartObject("commonRules");
        w.WriteStartObject("validity");
        WriteCitation(w, p.ValidityCitation);
        w.WriteEndObject();
        w.WriteStartObject("stagePlan");
        w.WritePropertyName("value");
        WriteStages(w, p.DefaultStages);
        WriteCitation(w, p.StagesCitation);
        w.WriteEndObject();
        w.WriteStartObject("claimYearOffset");
        w.WriteNumber("value", p.ClaimYearOffset);
        WriteCitation(w, p.ClaimYearCitation);
        w.WriteEndObject();
        w.WriteStartObject("claimYears");
        w.WriteNumber("first", p.FirstClaimYear);
        w.WriteNumber("last", p.LastClaimYear);
        WriteCitation(w, p.ClaimYearsCitation);
        w.WriteEndObject();
        w.WriteStartObject("noDuplication");
        WriteCitation(w, p.NoDuplicationCitation);
        w.WriteEndObject();
        w.WriteStartObject("switches");
        w.WriteStartObject(PolicySwitches.NoDuplicationWithinPolicyName);
        w.WriteBoolean("value", p.Switches.NoDuplicationWithinPolicy);
        WriteCitation(w, p.Switches.NoDuplicationWithinPolicyCitation);
        w.WriteEndObject();
        w.WriteStartObject(PolicySwitches.FirstTimeTierTopUpName);
        w.WriteString("value", p.Switches.FirstTimeTierTopUpText);
        WriteCitation(w, p.Switches.FirstTimeTierTopUpCitation);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("facts");
        foreach (var f in catalog.Facts.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteString("type", Json.Camel(f.Type));
            w.WriteString("zh", f.Zh);
            w.WriteString("en", f.En);
            if (f.Values.Count > 0)
            {
                w.WriteStartArray("values");
                foreach (var v in f.Values) w.WriteStringValue(v);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("measures");
        foreach (var m in catalog.Measures) WriteMeasure(w, m);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes one measure: code, article, titles, the seed's sentence, kind, applicant kinds, facts, parameters (each cited), documents.</summary>
    public static void WriteMeasure(Utf8JsonWriter w, MeasureDefinition m)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(m);
        w.WriteStartObject();
        w.WriteString("code", m.Code);
        w.WriteNumber("article", m.Article);
        w.WriteString("articleZh", m.ArticleZh);
        w.WriteString("articleEn", m.ArticleEn);
        w.WriteString("title", m.TitleZh);
        w.WriteString("titleZh", m.TitleZh);
        w.WriteString("titleEn", m.TitleEn);
        w.WriteString("text", m.Text);
        w.WriteStartObject("citation");
        w.WriteString("cite", m.Code);
        w.WriteString("text", m.Text);
        w.WriteString("source", "沪府办规〔2024〕7号");
        w.WriteEndObject();
        w.WriteString("kind", Json.Camel(m.Kind));
        w.WriteBoolean("staged", m.Stages is not null);
        w.WriteStartObject("applicantKinds");
        w.WriteStartArray("value");
        foreach (var k in m.ApplicantKinds) w.WriteStringValue(Json.Camel(k));
        w.WriteEndArray();
        WriteCitation(w, m.ApplicantKindsCitation);
        w.WriteEndObject();
        w.WriteStartArray("requiredFacts");
        foreach (var f in m.RequiredFacts)
        {
            w.WriteStartObject();
            w.WriteString("fact", f.Fact);
            if (f.EqualsValue is not null) w.WriteString("equals", f.EqualsValue);
            w.WriteBoolean("optional", f.Optional);
            WriteCitation(w, f.Citation);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("parameters");
        foreach (var p in m.Parameters)
        {
            w.WriteStartObject(p.Name);
            w.WritePropertyName("value");
            WriteParameterValue(w, m, p);
            if (p.Unit is not null) w.WriteString("unit", p.Unit);
            WriteCitation(w, p.Citation);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartArray("requiredDocuments");
        foreach (var d in m.RequiredDocuments)
        {
            w.WriteStartObject();
            w.WriteString("category", d.Category);
            w.WriteString("zh", d.Zh);
            w.WriteString("en", d.En);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static IReadOnlyList<TierDefinition> TiersOf(MeasureDefinition m) => m.Calculation switch
    {
        TieredFixedParameters p => p.Tiers,
        TieredCapParameters p => p.Tiers,
        _ => [],
    };

    private static void WriteParameterValue(Utf8JsonWriter w, MeasureDefinition m, MeasureParameter p)
    {
        switch (p.Name)
        {
            case "stages":
                WriteStages(w, m.Stages!);
                return;
            case "tiers":
                w.WriteStartArray();
                foreach (var t in TiersOf(m))
                {
                    w.WriteStartObject();
                    w.WriteString("tier", t.Tier);
                    w.WriteNumber("amount", Money.ToYuan(t.AmountFen));
                    if (t.Rank != 0) w.WriteNumber("rank", t.Rank);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                return;
            case "categories":
                w.WriteStartArray();
                foreach (var c in ((PerPersonParameters)m.Calculation).Categories)
                {
                    w.WriteStartObject();
                    w.WriteString("category", c.Category);
                    w.WriteString("zh", c.Zh);
                    w.WriteString("en", c.En);
                    if (c.YearlyFen > 0)
                    {
                        w.WriteNumber("yearly", Money.ToYuan(c.YearlyFen));
                        w.WriteNumber("years", c.Years);
                    }
                    if (c.OnceFen > 0) w.WriteNumber("once", Money.ToYuan(c.OnceFen));
                    if (c.CompletionFen > 0) w.WriteNumber("completion", Money.ToYuan(c.CompletionFen));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                return;
        }
        switch (p.Value)
        {
            case decimal d: w.WriteNumberValue(d); break;
            case int i: w.WriteNumberValue(i); break;
            default: w.WriteStringValue(p.Value.ToString()); break;
        }
    }

    private static void WriteStages(Utf8JsonWriter w, IReadOnlyList<StageDefinition> stages)
    {
        w.WriteStartArray();
        foreach (var s in stages)
        {
            w.WriteStartObject();
            w.WriteNumber("share", s.Share);
            w.WriteString("trigger", Json.Camel(s.Trigger));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteCitation(Utf8JsonWriter w, Citation c)
    {
        w.WriteString("cite", c.Code);
        w.WriteString("text", c.Text);
        if (c.Reading) w.WriteBoolean("reading", true);
        if (c.Since is { } since) w.WriteString("since", since.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        if (c.Source is { } source) w.WriteString("source", source);
    }
}
