using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NeoBay.Contracts.Console;
using NeoBay.Functions.Auth;
using NeoBay.Functions.Http;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Overview;
using NeoBay.Policy;

namespace NeoBay.Functions.Console;

/// <summary>The console: its static files under <c>/api/console/</c>, its sign-in settings, and the overview figures.</summary>
public sealed class ConsoleFunctions(ConsoleAssets assets, ConsoleOptions options, IOverviewUseCase overview, IApplicationHistoryUseCase history, AuthSettings auth, TokenClock tokenClock)
{
    /// <summary>Development tokens the sign-in page offers live this long.</summary>
    public static readonly TimeSpan DevelopmentTokenLifetime = TimeSpan.FromHours(8);

    [Function(nameof(ConsoleFile))]
    [AllowAnonymous]
    public IActionResult ConsoleFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "console/{*path}")] HttpRequest req, string? path)
    {
        // Relative links need the trailing slash: /api/console → /api/console/.
        if (string.IsNullOrEmpty(path) && !req.Path.Value!.EndsWith('/')) return new RedirectResult(req.PathBase + req.Path + "/" + req.QueryString, permanent: false);
        var asset = assets.Find(path);
        if (asset is null)
            return Problems.Create(StatusCodes.Status404NotFound, "NotFound.ConsoleFile", req);
        return new ConsoleFileResult(asset, options.ContentSecurityPolicy);
    }

    [Function(nameof(ConsoleSettings))]
    [AllowAnonymous]
    public IActionResult ConsoleSettings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console-settings")] HttpRequest req)
    {
        IReadOnlyList<DevelopmentTokenChoice> tokens = [];
        if (options.OffersDevelopmentTokens && DevelopmentTokens.IsDevelopmentKey(auth.SigningKey))
        {
            // Tokens are about real time (docs/security.md): minted on the token clock, not a shifted business clock.
            var clock = tokenClock.Time;
            var expires = clock.GetUtcNow() + DevelopmentTokenLifetime;
            tokens = [.. new[] { Roles.Reviewer, Roles.Admin }.Select(role =>
                new DevelopmentTokenChoice(role, DevelopmentTokens.Mint(role, null, null, DevelopmentTokenLifetime, clock), expires))];
        }

        var answer = new ConsoleSettingsAnswer(tokens, options.Entra);
        return ApiResult.FromJson(StatusCodes.Status200OK, JsonSerializer.Serialize(answer, ConsoleJsonContext.Default.ConsoleSettingsAnswer))
            .WithHeader("Cache-Control", "no-store");
    }

    [Function(nameof(GetOverview))]
    [RequireRoles(Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> GetOverview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "overview")] HttpRequest req)
    {
        var figures = await overview.GetAsync(req.HttpContext.RequestAborted);
        var answer = new OverviewAnswer(
            figures.Statuses.ToDictionary(s => s.Key.ToWire(), s => s.Value),
            [.. figures.Grants.Select(g => new OverviewGrants(g.Measure, g.FiscalYear, g.Grants, Money.ToYuan(g.AmountFen)))],
            [.. figures.Months.Select(m => new OverviewMonth(m.Month, m.Approved, m.Rejected))]);
        return ApiResult.FromJson(StatusCodes.Status200OK, JsonSerializer.Serialize(answer, ConsoleJsonContext.Default.OverviewAnswer));
    }

    [Function(nameof(GetApplicationHistory))]
    [RequireRoles(Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> GetApplicationHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/{id}/history")] HttpRequest req, string id)
    {
        var entries = await history.GetAsync(id, req.HttpContext.RequestAborted);
        if (entries is null) return Problems.Create(StatusCodes.Status404NotFound, "NotFound.ConsoleApplication", req);
        var answer = new HistoryAnswer([.. entries.Select(e => new HistoryLine(e.At, e.Who, e.What, e.Why, e.From, e.To))]);
        return ApiResult.FromJson(StatusCodes.Status200OK, JsonSerializer.Serialize(answer, ConsoleJsonContext.Default.HistoryAnswer));
    }
}
