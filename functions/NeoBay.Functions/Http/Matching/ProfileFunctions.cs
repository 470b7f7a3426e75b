using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NeoBay.Contracts.Matching;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Matching;
using NeoBay.Policy;
using NeoBay.Policy.Matching;
using NeoBay.Contracts.Quotes;

namespace NeoBay.Functions.Http.Matching;

/// <summary><c>GET</c>/<c>PUT /api/me/profile</c>: the signed-in applicant's saved profile (the match body), with ETags.</summary>
public sealed class ProfileFunctions(IProfileUseCases profiles, PolicyCatalog catalog, TimeProvider clock, PersonIdentity? personIdentity = null)
{
    [Function(nameof(GetProfile))]
    [RequireRoles(Roles.Applicant)]
    public async Task<IActionResult> GetProfile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/profile")] HttpRequest req)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var result = await profiles.GetAsync(caller, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var saved = result.Value!;
        if (ETags.Matches(req.Headers.IfNoneMatch.ToString(), saved.Version))
            return ApiResult.Empty(StatusCodes.Status304NotModified).WithHeader("ETag", saved.HttpETag);
        return Written(StatusCodes.Status200OK, saved);
    }

    [Function(nameof(PutProfile))]
    [RequireRoles(Roles.Applicant)]
    public async Task<IActionResult> PutProfile([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "me/profile")] HttpRequest req)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (document, problem) = await RequestBody.ReadJsonAsync(req, BodySize.Application);
        if (problem is not null) return problem;
        using var _ = document;
        // The match body; the history is the applicant's own grants, never declared.
        var options = QuoteParseOptions.Match with { AllowHistory = false, Identity = personIdentity ?? PersonIdentity.Ephemeral };
        var parsed = QuoteJson.Parse(document!.RootElement, ChinaCalendar.Today(clock), catalog, options);
        if (parsed.Error is { } error) return Problems.From(error, req);

        var result = await profiles.SaveAsync(caller, parsed.Request!, req.Headers.IfMatch.ToString(), req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        return Written(result.Value!.Version == 1 ? StatusCodes.Status201Created : StatusCodes.Status200OK, result.Value!);
    }

    private static ApiResult Written(int status, SavedProfile saved) =>
        ApiResult.Of(status, ProfileResponse.From(saved), ProfileJsonContext.Default.ProfileResponse).WithHeader("ETag", saved.HttpETag);
}
