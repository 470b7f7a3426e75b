using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using NeoBay.Functions.Http;

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

    /// <summary>Writes the app's problem (<see cref="Problems.Create"/>) with catalog message <paramref name="key"/> as its detail.</summary>
    public static Task WriteAsync(HttpContext context, int status, string key, params object?[] args) =>
        Problems.Create(status, key, context.Request, null, args).WriteToAsync(context.Response);

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
