using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Contracts.Renewals;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Renewals;

namespace NeoBay.Functions.Http;

/// <summary>A16.2/A16.3 annual claims: file the prior year's expenditure once the yearly run has opened the claim.</summary>
public sealed class ClaimsFunctions(IRenewalRecordsUseCases records, ILogger<ClaimsFunctions> logger)
{
    /// <summary><c>{expenditure: yuan}</c> → the amount paid: 30% of it, rounded down, within 2,000,000 (catalog parameters).</summary>
    [Function(nameof(FileClaim))]
    [RequireRoles(Roles.Applicant, Roles.Integrator, Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> FileClaim(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "grants/{id}/claims/{fiscalYear:int}")] HttpRequest req, string id, int fiscalYear)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (body, problem) = await ContractBody.ReadAsync(req, RenewalsJsonContext.Default.ClaimRequest, RequestFields.Claim);
        if (problem is not null) return problem;
        var result = await records.FileClaimAsync(caller, id, fiscalYear, ContractBody.Fen(body!.Expenditure)!.Value, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        logger.LogInformation("Claim {FiscalYear} of grant {Id} filed by {Caller}: {Amount} fen", fiscalYear, id, caller.LogLabel, result.Value!.AmountFen);
        return ApiResult.Of(StatusCodes.Status200OK, RenewalMapper.ToResponse(result.Value!), RenewalsJsonContext.Default.ClaimResponse);
    }
}
