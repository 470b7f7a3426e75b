using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace NeoBay.Functions.Http;

/// <summary>
/// Reads a JSON body, or answers the problem: 415 unless the content type is JSON, 413 over the route's size, 408 when
/// it arrives slower than <see cref="HttpLimits.BodyTimeout"/>, 400 for malformed JSON or a string that breaks
/// <see cref="TextRules"/> (naming the field). Strings come back normalised to NFC.
/// </summary>
public static class RequestBody
{
    public static async Task<(JsonDocument? Document, ApiResult? Problem)> ReadJsonAsync(HttpRequest request, int maxBytes, bool allowEmpty = false)
    {
        if (request.ContentLength > maxBytes) return (null, TooLarge(request, maxBytes));
        var declaredType = request.ContentType;
        if (!string.IsNullOrEmpty(declaredType) && !IsJson(declaredType)) return (null, UnsupportedType(request));

        var (bytes, problem) = await ReadAsync(request, maxBytes);
        if (problem is not null) return (null, problem);
        if (bytes!.Length == 0)
        {
            return allowEmpty
                ? (null, null)
                : (null, Problems.Create(StatusCodes.Status400BadRequest, "EmptyBody", request, "$"));
        }

        if (string.IsNullOrEmpty(declaredType)) return (null, UnsupportedType(request));

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = TextRules.MaxDepth });
        }
        catch (JsonException)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "MalformedJson", request, "$"));
        }

        if (TextRules.Check(document, out var normalised) is { } violation)
        {
            document.Dispose();
            return (null, Problems.Create(StatusCodes.Status400BadRequest, violation.Key, request, violation.Field, violation.Args));
        }

        if (normalised is null) return (document, null);
        document.Dispose();
        return (normalised, null);
    }

    /// <summary>A text body (a CSV file) within <paramref name="maxBytes"/> and the body timeout, refused unless valid UTF-8.</summary>
    public static async Task<(string? Text, ApiResult? Problem)> ReadTextAsync(HttpRequest request, int maxBytes)
    {
        var (bytes, problem) = await ReadAsync(request, maxBytes);
        if (problem is not null) return (null, problem);
        try
        {
            return (new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes!), null);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, TextRules.InvalidTextCode, request, "$"));
        }
    }

    /// <summary><c>application/json</c> or any <c>application/…+json</c> (Event Grid's CloudEvents), with or without a charset.</summary>
    public static bool IsJson(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.Type.Equals("application", StringComparison.OrdinalIgnoreCase) && media.SubType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true))
        && (media.Charset.Value is null || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body's bytes: 413 over <paramref name="maxBytes"/> (declared or read), 408 slower than the body timeout.</summary>
    private static async Task<(byte[]? Bytes, ApiResult? Problem)> ReadAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes) return (null, TooLarge(request, maxBytes));
        var timeout = (request.HttpContext.RequestServices?.GetService<HttpLimits>() ?? HttpLimits.Default).BodyTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(request.HttpContext.RequestAborted);
        deadline.CancelAfter(timeout);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, deadline.Token)) > 0)
            {
                if (buffer.Length + read > maxBytes) return (null, TooLarge(request, maxBytes));
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException bad)
        {
            // The server refused the body as it came (cut short, bad chunking, over its own limit): that request's problem.
            return (null, Problems.Create(bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest, "UnreadableBody", request, "$"));
        }
        catch (OperationCanceledException) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return (null, Problems.Create(StatusCodes.Status408RequestTimeout, "BodyTimeout", request, "$", timeout.TotalSeconds));
        }

        return (buffer.ToArray(), null);
    }

    private static ApiResult TooLarge(HttpRequest request, int maxBytes) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "BodyTooLarge", request, "$", maxBytes / 1024);

    private static ApiResult UnsupportedType(HttpRequest request) =>
        Problems.Create(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType", request, "Content-Type");
}
