using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Contracts.Payments;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Payments;

namespace NeoBay.Functions.Http.Payments;

/// <summary>Payee accounts: submitted by the applicant or its integrator, read by them and reviewers, verified by reviewers (If-Match).</summary>
public sealed class PayeesFunctions(IPayeeUseCases payees, ILogger<PayeesFunctions> logger)
{
    [Function(nameof(PutPayeeAccount))]
    [RequireRoles(Roles.Applicant, Roles.Integrator)]
    public async Task<IActionResult> PutPayeeAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "payees/{uscc}/account")] HttpRequest req, string uscc)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (body, problem) = await PaymentsJson.ReadAsync(req, PaymentsJsonContext.Default.PayeeRequest);
        if (problem is not null) return problem;
        var result = await payees.SubmitAsync(caller, uscc, new PayeeSubmission(body!.AccountName, body.Bank, body.Branch, body.AccountNumber, body.Cnaps,
            body.Proof?.ApplicationId, body.Proof?.DocumentId), req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        logger.LogInformation("Payee account version {Version} submitted by {Caller}", result.Value!.Version, caller.LogLabel);
        return Answer(result.Value);
    }

    [Function(nameof(GetPayeeAccount))]
    [RequireRoles(Roles.Applicant, Roles.Integrator, Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> GetPayeeAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "payees/{uscc}/account")] HttpRequest req, string uscc)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var result = await payees.GetAsync(caller, uscc, req.HttpContext.RequestAborted);
        return result.IsSuccess ? Answer(result.Value!) : Problems.From(result.Error!, req);
    }

    /// <summary><c>{approve: true}</c> or <c>{approve: false, reason}</c>, with <c>If-Match</c> = the ETag of the version checked.</summary>
    [Function(nameof(VerifyPayeeAccount))]
    [RequireRoles(Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> VerifyPayeeAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "payees/{uscc}/account/verification")] HttpRequest req, string uscc)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (body, problem) = await PaymentsJson.ReadAsync(req, PaymentsJsonContext.Default.VerificationRequest);
        if (problem is not null) return problem;
        if (body!.Approve is not { } approve)
            return Problems.Create(StatusCodes.Status400BadRequest, "ApproveRequired", req, "approve");
        var result = await payees.VerifyAsync(caller, uscc, req.Headers.IfMatch.ToString(), approve, body.Reason, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        logger.LogInformation("Payee account version {Version} {Outcome} by {Reviewer}", result.Value!.Version, result.Value.Status, caller.LogLabel);
        return Answer(result.Value);
    }

    private static ApiResult Answer(PayeeAccount account) =>
        PaymentsJson.Json(StatusCodes.Status200OK, PaymentsJson.View(account), PaymentsJsonContext.Default.PayeeView).WithHeader("ETag", account.HttpETag);
}
