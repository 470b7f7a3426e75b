using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace NeoBay.LocalHost.Http;

/// <summary>
/// Errors the host answers before a function runs are problem+json too (docs/api.md), as the app's own are: no route
/// (404; a known route with another method is 404 as on Azure, not 405), a missing function key (401), a URL or headers
/// over the limits (414, 431), an unreadable binding (400), a function's unhandled exception (500). Kestrel's own limits are set above these, so a request
/// between the two gets the problem; one beyond Kestrel's limits still gets Kestrel's empty answer.
/// </summary>
internal static class HostProblems
{
    public const int MaxUrlLength = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;

    public static void ConfigureKestrel(KestrelServerOptions options)
    {
        options.Limits.MaxRequestLineSize = 4 * MaxUrlLength;
        options.Limits.MaxRequestHeadersTotalSize = 4 * MaxHeaderBytes;
    }

    public static void Use(WebApplication app) => app.Use(async (context, next) =>
    {
        if (UrlLength(context.Request) > MaxUrlLength)
        {
            await WriteAsync(context, StatusCodes.Status414UriTooLong, "UriTooLong", $"URL 超过 {MaxUrlLength} 字节。", $"The URL is over {MaxUrlLength} bytes.");
            return;
        }

        if (HeaderBytes(context.Request) > MaxHeaderBytes)
        {
            await WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "HeadersTooLarge", $"请求头超过 {MaxHeaderBytes} 字节。", $"The request headers are over {MaxHeaderBytes} bytes.");
            return;
        }

        await next(context);
        var response = context.Response;
        if (response.HasStarted || response.StatusCode < 400 || response.ContentLength > 0 || response.ContentType is not null) return;
        if (response.StatusCode == StatusCodes.Status405MethodNotAllowed) response.StatusCode = StatusCodes.Status404NotFound;

        var (code, zh, en) = response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ("NotFound", "没有这个地址。", "No such route."),
            StatusCodes.Status401Unauthorized => ("FunctionKeyRequired", "需要函数密钥。", "A function key is required."),
            StatusCodes.Status400BadRequest => ("BadRequest", "请求无效。", "The request is not valid."),
            StatusCodes.Status500InternalServerError => ("InternalError", "服务器内部错误，请稍后重试。", "Internal error; please try again later."),
            _ => ("HostError", "请求未能处理。", "The request could not be handled."),
        };
        await WriteAsync(context, response.StatusCode, code, zh, en);
    });

    /// <summary>Writes <c>{type, title, status, detail, code, errors}</c> as application/problem+json.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string code, string zh, string en)
    {
        var english = context.Request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = "urn:neobay:problem:" + code,
            ["title"] = english ? TitleEn(status) : TitleZh(status),
            ["status"] = status,
            ["detail"] = english ? en : zh,
            ["code"] = code,
            ["errors"] = Array.Empty<object>(),
        });
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }

    private static string TitleEn(int status) => status switch
    {
        400 => "Bad request", 401 => "Unauthenticated", 404 => "Not found", 414 => "URI too long", 431 => "Request header fields too large",
        _ => status >= 500 ? "Server error" : "Client error",
    };

    private static string TitleZh(int status) => status switch
    {
        400 => "请求无效", 401 => "未认证", 404 => "未找到", 414 => "URL 过长", 431 => "请求头过大",
        _ => status >= 500 ? "服务器错误" : "请求错误",
    };

    private static int UrlLength(HttpRequest request) => (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0);

    private static long HeaderBytes(HttpRequest request)
    {
        long total = 0;
        foreach (var (name, values) in request.Headers)
        {
            total += name.Length + 4;
            foreach (var value in values) total += value?.Length ?? 0;
        }

        return total;
    }
}
