using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NeoBay.Functions.Auth;
using NeoBay.Functions.Console;
using NeoBay.Functions.Http;

namespace NeoBay.Functions.ApiDocs;

/// <summary>
/// The API contract: <c>GET /api/openapi.json</c> (OpenAPI 3.1, the checked-in <c>ApiDocs/wwwroot/openapi.json</c>) and
/// <c>GET /api/docs/</c>, Swagger UI rendering it — every file embedded in this assembly (no CDN).
/// </summary>
public sealed class ApiDocsFunctions
{
    public const string ResourcePrefix = "NeoBay.Functions.ApiDocs.wwwroot/";

    /// <summary>Swagger UI sets styles from script and shows its icons as data: URLs; everything else from this origin.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private static readonly ConsoleAssets Assets = new(typeof(ApiDocsFunctions).Assembly, ResourcePrefix);

    /// <summary>The OpenAPI document as served (UTF-8 JSON).</summary>
    public static byte[] OpenApiDocument => Assets.Find("openapi.json")!.Content;

    [Function(nameof(GetOpenApiDocument))]
    [AllowAnonymous]
    public IActionResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest req) =>
        new ConsoleFileResult(Assets.Find("openapi.json")!, ContentSecurityPolicy);

    [Function(nameof(ApiDocsFile))]
    [AllowAnonymous]
    public IActionResult ApiDocsFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs/{*path}")] HttpRequest req, string? path)
    {
        // Relative links need the trailing slash: /api/docs → /api/docs/.
        if (string.IsNullOrEmpty(path) && !req.Path.Value!.EndsWith('/')) return new RedirectResult(req.PathBase + req.Path + "/" + req.QueryString, permanent: false);
        var asset = path == "openapi.json" ? null : Assets.Find(path);
        if (asset is null)
            return Problems.Create(StatusCodes.Status404NotFound, "NotFound.ApiDocsFile", req);
        return new ConsoleFileResult(asset, ContentSecurityPolicy);
    }
}
