using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace NeoBay.Functions.Http;

/// <summary>Reads a JSON body within the size limit; a problem instead of an exception for anything else.</summary>
public static class RequestBody
{
    /// <summary>256 KiB: the largest application (A11.2 with many persons) is far below it.</summary>
    public const int MaxBytes = 256 * 1024;

    public static async Task<(JsonDocument? Document, ApiResult? Problem)> ReadJsonAsync(HttpRequest request, bool allowEmpty = false)
    {
        if (request.ContentLength > MaxBytes) return (null, TooLarge(request));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes) return (null, TooLarge(request));
            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return allowEmpty
                ? (null, null)
                : (null, Problems.Create(StatusCodes.Status400BadRequest, "EmptyBody", "请求体为空，须为 JSON。", "The request body is empty; JSON is expected.", request, "$"));
        }

        try
        {
            return (JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 32 }), null);
        }
        catch (JsonException)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "MalformedJson", "请求体不是有效的 JSON。", "The request body is not valid JSON.", request, "$"));
        }
    }

    private static ApiResult TooLarge(HttpRequest request) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "BodyTooLarge", $"请求体超过 {MaxBytes / 1024} KiB。", $"The request body is over {MaxBytes / 1024} KiB.", request, "$");
}
