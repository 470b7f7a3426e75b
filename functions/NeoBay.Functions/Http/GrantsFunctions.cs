using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Contracts.Grants;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Ledger;

namespace NeoBay.Functions.Http;

/// <summary>Grants: read one (owner, integrator for it, reviewers), release a stage (reviewers).</summary>
public sealed class GrantsFunctions(IGrantQueries grants, IReviewUseCases reviews, ILogger<GrantsFunctions> logger)
{
    public const int MaxStage = 99;

    [Function(nameof(GetGrant))]
    [RequireRoles(Roles.Applicant, Roles.Integrator, Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> GetGrant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "grants/{id}")] HttpRequest req, string id)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var result = await grants.GetGrantAsync(caller, id, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        return GrantAnswer(result.Value!);
    }

    [Function(nameof(AcceptStage))]
    [RequireRoles(Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> AcceptStage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "grants/{id}/stages/{n:int}/accept")] HttpRequest req, string id, int n)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        if (n is < 1 or > MaxStage)
            return Problems.Create(StatusCodes.Status400BadRequest, "InvalidStage", req, "n", MaxStage);
        var result = await reviews.AcceptStageAsync(caller, id, n, req.Headers.IfMatch.ToString(), req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        logger.LogInformation("Grant {Id} stage {Stage} accepted by {Reviewer}", id, n, caller.LogLabel);
        return GrantAnswer(result.Value!);
    }

    private static ApiResult GrantAnswer(GrantView view) =>
        ApiResult.Of(StatusCodes.Status200OK, GrantResponse.From(view), GrantsJsonContext.Default.GrantResponse).WithHeader("ETag", ETags.ForVersion(view.Grant.Version));
}
