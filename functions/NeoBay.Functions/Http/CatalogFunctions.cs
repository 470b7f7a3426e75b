using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Common;
using NeoBay.Policy;
using NeoBay.Contracts.Catalog;
using NeoBay.Contracts.Health;
using NeoBay.Contracts.Quotes;

namespace NeoBay.Functions.Http;

/// <summary>Health, the catalog (cacheable: ETag, 304) and quotes (nothing stored). Anonymous.</summary>
public sealed class CatalogFunctions(IPolicyEngine engine, TimeProvider clock)
{
    /// <summary>At most this many requests in one quote array.</summary>
    public const int MaxQuotes = 100;

    [Function(nameof(Health))]
    [AllowAnonymous]
    public IActionResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req) =>
        ApiResult.Of(StatusCodes.Status200OK, new HealthBody("ok", engine.Catalog.Measures.Count, clock.GetUtcNow()), HealthJson.Default.HealthBody);

    [Function(nameof(ListMeasures))]
    [AllowAnonymous]
    public IActionResult ListMeasures([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "measures")] HttpRequest req) =>
        Cacheable(req, CatalogResponses.For(engine.Catalog).All);

    [Function(nameof(GetMeasure))]
    [AllowAnonymous]
    public IActionResult GetMeasure([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "measures/{code}")] HttpRequest req, string code)
    {
        if (!engine.Catalog.TryGet(code, out var measure))
            return Problems.Create(StatusCodes.Status404NotFound, "UnknownMeasure.Code", req, "code", Truncate(code));
        return Cacheable(req, CatalogResponses.For(engine.Catalog).Measure(measure));
    }

    [Function(nameof(Quote))]
    [AllowAnonymous]
    public async Task<IActionResult> Quote([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "quotes")] HttpRequest req)
    {
        var (document, problem) = await RequestBody.ReadJsonAsync(req, BodySize.Quotes);
        if (problem is not null) return problem;
        using var _ = document;
        var root = document!.RootElement;
        var english = Problems.IsEnglish(req);
        var today = ChinaCalendar.Today(clock);
        if (root.ValueKind == JsonValueKind.Array)
        {
            if (root.GetArrayLength() > MaxQuotes)
                return Problems.Create(StatusCodes.Status400BadRequest, "TooManyQuotes", req, "$", MaxQuotes);
            return ApiResult.Of(StatusCodes.Status200OK, w =>
            {
                w.WriteStartArray();
                foreach (var item in root.EnumerateArray()) WriteQuote(w, item, today, english);
                w.WriteEndArray();
            });
        }

        // A single request that is not valid is a bad request (problem+json); inside an array it is an error item.
        var parsed = QuoteJson.Parse(root, today, engine.Catalog, QuoteParseOptions.Quote);
        if (parsed.Error is { } error) return Problems.From(error, req);
        return ApiResult.Of(StatusCodes.Status200OK, w => QuoteJson.WriteDecision(w, engine.Evaluate(parsed.Request!, parsed.History), english));
    }

    private void WriteQuote(Utf8JsonWriter w, JsonElement item, DateOnly today, bool english)
    {
        var parsed = QuoteJson.Parse(item, today, engine.Catalog, QuoteParseOptions.Quote);
        if (parsed.Error is { } error) QuoteJson.WriteError(w, error, english);
        else QuoteJson.WriteDecision(w, engine.Evaluate(parsed.Request!, parsed.History), english);
    }

    private static IActionResult Cacheable(HttpRequest req, (string Json, string ETag) body)
    {
        var ifNoneMatch = req.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Split(',').Any(tag => tag.Trim() is var t && (t == "*" || t == body.ETag || t == "W/" + body.ETag)))
            return ApiResult.Empty(StatusCodes.Status304NotModified).WithHeader("ETag", body.ETag).WithHeader("Cache-Control", "public, max-age=300");
        return ApiResult.FromJson(StatusCodes.Status200OK, body.Json).WithHeader("ETag", body.ETag).WithHeader("Cache-Control", "public, max-age=300");
    }

    private static string Truncate(string code) => code.Length <= 16 ? code : code[..16] + "…";
}

/// <summary>
/// The catalog's JSON bodies and their ETags, built once per catalog: it does not change while the process runs, and a
/// function class is created per invocation, so bodies kept in the class would be serialised and hashed on every request.
/// </summary>
internal sealed class CatalogResponses
{
    private static readonly ConditionalWeakTable<PolicyCatalog, CatalogResponses> ByCatalog = new();

    private readonly Lazy<(string Json, string ETag)> all;
    private readonly ConcurrentDictionary<string, (string Json, string ETag)> measures = new(StringComparer.Ordinal);

    private readonly string document;

    private CatalogResponses(PolicyCatalog catalog)
    {
        all = new(() => Tagged(ApiResult.Write(w => JsonSerializer.Serialize(w, catalog.ToResponse(), CatalogJsonContext.Default.CatalogResponse))));
        document = catalog.Policy.Document;
    }

    public static CatalogResponses For(PolicyCatalog catalog) => ByCatalog.GetValue(catalog, c => new CatalogResponses(c));

    public (string Json, string ETag) All => all.Value;

    /// <summary>Keyed by the catalog's own code, so the cache holds at most one body per measure.</summary>
    public (string Json, string ETag) Measure(MeasureDefinition measure) =>
        measures.GetOrAdd(measure.Code, _ => Tagged(ApiResult.Write(w => JsonSerializer.Serialize(w, measure.ToResponse(document), CatalogJsonContext.Default.MeasureResponse))));

    private static (string Json, string ETag) Tagged(string json) => (json, $"\"{Hashes.Sha256Hex(json)[..32]}\"");
}
