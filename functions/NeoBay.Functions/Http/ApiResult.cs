using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using System.Text.Json.Serialization.Metadata;

namespace NeoBay.Functions.Http;

/// <summary>
/// An HTTP answer: status, headers and a UTF-8 JSON body: a contract record serialised by its source-generated context
/// (<see cref="Of{T}"/>), or, for the writers not yet replaced by records, written with <see cref="Utf8JsonWriter"/>.
/// The same type serves function results and the middleware's early answers (<see cref="WriteToAsync"/>).
/// </summary>
public sealed class ApiResult : IActionResult
{
    public const string Json = "application/json; charset=utf-8";
    public const string ProblemJson = "application/problem+json; charset=utf-8";

    private ApiResult(int statusCode, string? body, string contentType)
    {
        StatusCode = statusCode;
        Body = body;
        ContentType = contentType;
    }

    public int StatusCode { get; }

    /// <summary>The JSON text, or null for an empty body (304).</summary>
    public string? Body { get; }

    public string ContentType { get; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A contract record as the body (non-ASCII text left readable, as every answer of the API).</summary>
    public static ApiResult Of<T>(int statusCode, T value, JsonTypeInfo<T> type, string contentType = Json) =>
        new(statusCode, Write(w => JsonSerializer.Serialize(w, value, type)), contentType);

    public static ApiResult Of(int statusCode, Action<Utf8JsonWriter> write, string contentType = Json) => new(statusCode, Write(write), contentType);

    public static ApiResult FromJson(int statusCode, string json, string contentType = Json) => new(statusCode, json, contentType);

    public static ApiResult Empty(int statusCode) => new(statusCode, null, Json);

    public ApiResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    /// <summary>The body parsed, for tests and callers that inspect it.</summary>
    public JsonElement JsonBody() => JsonDocument.Parse(Body ?? "null").RootElement.Clone();

    public Task ExecuteResultAsync(ActionContext context) => WriteToAsync(context.HttpContext.Response);

    public async Task WriteToAsync(HttpResponse response)
    {
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers) response.Headers[name] = value;
        if (Body is null) return;
        response.ContentType = ContentType;
        var bytes = Encoding.UTF8.GetBytes(Body);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes);
    }

    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
