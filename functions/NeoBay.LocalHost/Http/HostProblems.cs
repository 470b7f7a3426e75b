using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using NeoBay.Messages;

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
            await WriteAsync(context, StatusCodes.Status414UriTooLong, "UriTooLong", MaxUrlLength);
            return;
        }

        if (HeaderBytes(context.Request) > MaxHeaderBytes)
        {
            await WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "HeadersTooLarge", MaxHeaderBytes);
            return;
        }

        await next(context);
        var response = context.Response;
        if (response.HasStarted || response.StatusCode < 400 || response.ContentLength > 0 || response.ContentType is not null) return;
        if (response.StatusCode == StatusCodes.Status405MethodNotAllowed) response.StatusCode = StatusCodes.Status404NotFound;

        var key = response.StatusCode switch
        {
            StatusCodes.Status404NotFound => "NotFound.Route",
            StatusCodes.Status401Unauthorized => "FunctionKeyRequired",
            StatusCodes.Status400BadRequest => "BadRequest",
            StatusCodes.Status500InternalServerError => "InternalError",
            _ => "HostError",
        };
        await WriteAsync(context, response.StatusCode, key);
    });

    /// <summary>Writes <c>{type, title, status, detail, code, errors}</c> as application/problem+json; the detail is catalog message <paramref name="key"/>.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string key, params object?[] args)
    {
        var english = context.Request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var code = MessageCatalog.CodeOf(key);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = "urn:neobay:problem:" + code,
            ["title"] = MessageCatalog.Text(TitleKey(status), english),
            ["status"] = status,
            ["detail"] = MessageCatalog.Format(key, english, args),
            ["code"] = code,
            ["errors"] = Array.Empty<object>(),
        });
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }

    /// <summary>The host names only the statuses it answers itself; any other is a server or a client error.</summary>
    private static string TitleKey(int status) => status switch
    {
        400 => "Title.400", 401 => "Title.401", 404 => "Title.404", 414 => "Title.414", 431 => "Title.431",
        >= 500 => "Title.ServerError",
        _ => "Title.ClientError",
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
