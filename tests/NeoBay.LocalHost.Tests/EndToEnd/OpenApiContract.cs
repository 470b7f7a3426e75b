using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using NeoBay.Functions.ApiDocs;

namespace NeoBay.LocalHost.Tests.EndToEnd;

/// <summary>
/// The served OpenAPI document (NeoBay.Functions/ApiDocs/wwwroot/openapi.json) as a contract the end-to-end answers must
/// keep: the operation of a request (path template × method), the response of its status, the media type, and the body
/// against that media type's JSON Schema (components resolved as <c>$defs</c>).
/// </summary>
public sealed partial class OpenApiContract
{
    private readonly JsonObject document;
    private readonly JsonObject definitions;
    private readonly List<(Regex Pattern, int Literals, string Template)> templates;
    private readonly ConcurrentDictionary<string, JsonSchema> schemas = new();
    private int built;

    private OpenApiContract(JsonObject document)
    {
        this.document = document;
        definitions = RewriteReferences(document["components"]?["schemas"]?.DeepClone() ?? new JsonObject()).AsObject();
        templates = [.. document["paths"]!.AsObject().Select(p => (Template(p.Key), p.Key.Split('/').Count(s => s.Length > 0 && !s.StartsWith('{')), p.Key))];
    }

    public static OpenApiContract Served { get; } = new(JsonNode.Parse(ApiDocsFunctions.OpenApiDocument)!.AsObject());

    public JsonObject Document => document;

    /// <summary>The document's path template that <paramref name="path"/> (under /api) matches, most literal segments first; null when none.</summary>
    public string? FindTemplate(string path) =>
        templates.Where(t => t.Pattern.IsMatch(path)).OrderByDescending(t => t.Literals).Select(t => t.Template).FirstOrDefault();

    /// <summary>Every way the answer departs from the document; empty when it keeps it.</summary>
    public IReadOnlyList<string> Check(string method, string path, int status, string? mediaType, string body)
    {
        var template = FindTemplate(path);
        if (template is null) return [$"{method} {path}: no path of the OpenAPI document matches"];
        var operation = document["paths"]![template]![method.ToLowerInvariant()];
        if (operation is null) return [$"{method} {template}: the document has no such operation"];
        var response = operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (response is null) return [$"{method} {template}: status {status} is not documented"];
        var content = response["content"]?.AsObject();
        if (content is null || content.Count == 0)
            return body.Length == 0 ? [] : [$"{method} {template} {status}: the document declares no body, the answer has {body.Length} characters"];
        if (mediaType is null) return body.Length == 0 ? [] : [$"{method} {template} {status}: a body without a content type"];
        if (!content.TryGetPropertyValue(mediaType, out var media))
            return [$"{method} {template} {status}: content type {mediaType} is not documented ({string.Join(", ", content.Select(c => c.Key))})"];
        if (!mediaType.EndsWith("json", StringComparison.Ordinal) || media?["schema"] is not { } schemaNode) return [];

        var key = $"{template} {method} {status} {mediaType}";
        var schema = schemas.GetOrAdd(key, _ => Build(schemaNode));
        using var instance = JsonDocument.Parse(body);
        var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            // A problem's code must be one the response lists (x-problem-codes).
            if (response["x-problem-codes"] is not JsonArray codes) return [];
            var code = instance.RootElement.GetProperty("code").GetString();
            return codes.Any(c => c!.GetValue<string>() == code) ? [] : [$"{method} {template} {status}: problem code {code} is not listed ({string.Join(", ", codes)})"];
        }

        return Failures(result, $"{method} {template} {status}");
    }

    /// <summary>
    /// Every way an accepted request's JSON body departs from its operation's <c>requestBody</c> schema; empty when it keeps
    /// it. Only accepted requests are checked: the refusal tests send bodies off the schema on purpose.
    /// </summary>
    public IReadOnlyList<string> CheckRequest(string method, string path, string? mediaType, string body)
    {
        if (mediaType is null || !mediaType.EndsWith("json", StringComparison.Ordinal) || body.Length == 0) return [];
        var template = FindTemplate(path);
        var operation = template is null ? null : document["paths"]![template]![method.ToLowerInvariant()];
        if (operation is null) return [];
        if (operation["requestBody"]?["content"]?[mediaType]?["schema"] is not { } schemaNode)
            return [$"{method} {template}: the document declares no {mediaType} request body, the request has one"];
        var schema = schemas.GetOrAdd($"{template} {method} request {mediaType}", _ => Build(schemaNode));
        using var instance = JsonDocument.Parse(body);
        var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid ? [] : Failures(result, $"{method} {template} request");
    }

    /// <summary>The first ten schema errors of <paramref name="result"/>, each after <paramref name="subject"/>.</summary>
    private static string[] Failures(EvaluationResults result, string subject) =>
        [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{subject}: {d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}"))
            .DefaultIfEmpty($"{subject}: the body does not match its schema").Take(10)];

    private JsonSchema Build(JsonNode schemaNode)
    {
        var root = RewriteReferences(schemaNode.DeepClone());
        var wrapper = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = definitions.DeepClone(),
            ["allOf"] = new JsonArray(root),
        };
        var id = new Uri($"https://neobay.invalid/openapi/{Interlocked.Increment(ref built)}");
        using var json = JsonDocument.Parse(wrapper.ToJsonString());
        return JsonSchema.Build(json.RootElement.Clone(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, id);
    }

    private static JsonNode RewriteReferences(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (name == "$ref" && value?.GetValue<string>() is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                        obj[name] = "#/$defs/" + reference["#/components/schemas/".Length..];
                    else if (value is not null) RewriteReferences(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array) if (item is not null) RewriteReferences(item);
                break;
        }

        return node;
    }

    private static Regex Template(string template) =>
        // {path} is a catch-all ({*path}): any rest, also none (/api/docs redirects to /api/docs/).
        new("^/api" + ParameterPattern().Replace(Regex.Escape(template), m => m.Groups[1].Value == "path" ? "(/.*)?" : "/[^/]+") + "$", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"/\\\{(\w+)}")]
    private static partial Regex ParameterPattern();
}

/// <summary>
/// Checks every answer the end-to-end tests receive against the OpenAPI document: an undocumented route, status or content
/// type, or a body off its schema, fails the request (and so the test); so does an accepted request whose body is off its
/// operation's request schema. With <c>NEOBAY_OPENAPI_RECORD</c> set to a file,
/// each exchange is also appended to it as one JSON line (for writing the document).
/// </summary>
public sealed class OpenApiValidatingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private static readonly Lock RecordLock = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var path = request.RequestUri!.AbsolutePath;
        var record = Environment.GetEnvironmentVariable("NEOBAY_OPENAPI_RECORD");
        if (!string.IsNullOrEmpty(record))
        {
            var line = new JsonObject { ["method"] = request.Method.Method, ["path"] = path, ["status"] = (int)response.StatusCode, ["mediaType"] = mediaType, ["body"] = body }.ToJsonString();
            lock (RecordLock) File.AppendAllText(record, line + "\n");
        }

        var failures = OpenApiContract.Served.Check(request.Method.Method, path, (int)response.StatusCode, mediaType, body).ToList();
        if (response.IsSuccessStatusCode && request.Content is { } sent)
            failures.AddRange(OpenApiContract.Served.CheckRequest(request.Method.Method, path, sent.Headers.ContentType?.MediaType, await sent.ReadAsStringAsync(cancellationToken)));
        if (failures.Count > 0 && string.IsNullOrEmpty(record))
            throw new OpenApiContractException(string.Join("\n", failures) + "\nbody: " + (body.Length > 2000 ? body[..2000] + "…" : body));
        return response;
    }
}

public sealed class OpenApiContractException(string message) : Exception(message);
