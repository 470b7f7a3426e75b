using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NeoBay.Contracts.Offers;
using NeoBay.Grants.Offers;
using NeoBay.Policy;
using NeoBay.Policy.Matching;
using NeoBay.Contracts.Matching;
using NeoBay.Contracts.Quotes;

namespace NeoBay.Functions.Http.Offers;

/// <summary>The JSON edge of trusted facts and offers.</summary>
public static class OffersJson
{
    private static readonly HashSet<string> FactsBodyFields = new(StringComparer.Ordinal) { "source", "applicant", "project", "facts" };

    /// <summary>
    /// Reads <c>{ "source", "applicant"?, "project"?, "facts" }</c>: fact names and types as the catalog defines them (the match
    /// body's rules), a null fact removes it. The applicant's USCC is the route's.
    /// </summary>
    public static (FactsUpdate? Update, QuoteError? Error) ReadFactsUpdate(JsonElement body, string uscc, PolicyCatalog catalog, DateOnly today)
    {
        if (body.ValueKind != JsonValueKind.Object) return (null, QuoteJson.Error(QuoteError.InvalidJson, null));
        foreach (var property in body.EnumerateObject())
        {
            if (!FactsBodyFields.Contains(property.Name)) return (null, QuoteJson.Error(QuoteError.FieldNotAllowed, property.Name));
        }
        if (!body.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(source.GetString()))
            return (null, QuoteJson.Error(QuoteError.MissingField, "source"));
        if (!body.TryGetProperty("facts", out var facts) || facts.ValueKind != JsonValueKind.Object)
            return (null, QuoteJson.Error(QuoteError.MissingField, "facts"));

        // Parsed as a match profile, so names, types and values are checked exactly as a match or an application checks them.
        var profile = new JsonObject();
        var applicantGiven = body.TryGetProperty("applicant", out var applicant);
        if (applicantGiven)
        {
            if (applicant.ValueKind != JsonValueKind.Object) return (null, QuoteJson.Error(QuoteError.InvalidValue, "applicant"));
            var node = JsonNode.Parse(applicant.GetRawText())!.AsObject();
            if (node["uscc"] is { } given && given.GetValueKind() == JsonValueKind.String && given.GetValue<string>() != uscc)
                return (null, QuoteJson.Error(QuoteError.InvalidUscc, "applicant.uscc"));
            node["uscc"] = uscc;
            profile["applicant"] = node;
        }
        else
        {
            profile["applicant"] = new JsonObject { ["kind"] = "enterprise", ["uscc"] = uscc };
        }
        if (body.TryGetProperty("project", out var project)) profile["project"] = JsonNode.Parse(project.GetRawText());
        profile["facts"] = JsonNode.Parse(facts.GetRawText());

        using var document = JsonDocument.Parse(profile.ToJsonString());
        var parsed = QuoteJson.Parse(document.RootElement, today, catalog,
            QuoteParseOptions.Match with { AllowHistory = false, AllowSubmittedOn = false });
        if (parsed.Error is { } error) return (null, error);
        var request = parsed.Request!;
        var removed = facts.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Null).Select(p => p.Name).ToList();
        return (new FactsUpdate(source.GetString()!.Trim(), applicantGiven ? request.Applicant : null, request.Project, request.Facts, removed), null);
    }

    public static TrustedFactsView ToView(TrustedFactSet set, OfferRefreshResult refresh) =>
        new(set.Uscc, set.Version,
            set.Applicant is { } a ? new TrustedApplicantView(JsonNamingPolicy.CamelCase.ConvertName(a.Kind.ToString()), a.Name, a.InZone, a.IsSme, a.Source, a.At) : null,
            FactViews(set.Facts),
            [.. set.Projects.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new TrustedProjectView(p.Key, p.Value.Name, FactViews(p.Value.Facts)))],
            new OfferRefreshView(refresh.Created, refresh.Updated, refresh.Withdrawn, refresh.Reopened),
            set.HttpETag);

    private static List<TrustedFactView> FactViews(IReadOnlyDictionary<string, TrustedFact> facts) =>
        [.. facts.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new TrustedFactView(f.Key, Value(f.Value.Value), f.Value.Source, f.Value.At))];

    public static OfferView ToView(Offer offer, PolicyCatalog catalog)
    {
        var measure = catalog.TryGet(offer.Measure, out var m) ? m : null;
        var facts = offer.Request.Facts.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f =>
        {
            var label = catalog.Facts.TryGetValue(f.Key, out var def) ? new Bilingual(def.Zh, def.En) : new Bilingual(f.Key, f.Key);
            return new OfferFactView(f.Key, label, Value(f.Value), offer.Sources.GetValueOrDefault(f.Key));
        }).ToList();
        // An A08.1 offer's project is the applicant itself (common.13): no project to show.
        var project = offer.Unit.StartsWith("project:", StringComparison.Ordinal) ? offer.Request.Project : null;
        return new OfferView(offer.Id, offer.Measure, new Bilingual(measure?.TitleZh ?? offer.Measure, measure?.TitleEn ?? offer.Measure), offer.Status,
            Money.ToYuan(offer.AmountFen), offer.Tier, project?.Key, project?.Name, offer.Unit, offer.Sources.GetValueOrDefault("applicant"), facts,
            offer.ApplicationId, offer.Reason, offer.CreatedAt, offer.UpdatedAt, offer.HttpETag);
    }

    private static JsonElement Value(FactValue value) => value switch
    {
        { Number: { } n } => JsonSerializer.SerializeToElement(n, OffersJsonContext.Default.Decimal),
        { Flag: { } b } => JsonSerializer.SerializeToElement(b, OffersJsonContext.Default.Boolean),
        { Text: { } t } => JsonSerializer.SerializeToElement(t, OffersJsonContext.Default.String),
        _ => JsonSerializer.SerializeToElement(string.Create(CultureInfo.InvariantCulture, $"{value.Persons?.Count ?? 0} persons"), OffersJsonContext.Default.String),
    };
}
