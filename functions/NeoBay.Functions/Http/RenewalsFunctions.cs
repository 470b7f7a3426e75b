using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Contracts.Renewals;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Renewals;

namespace NeoBay.Functions.Http;

/// <summary>The yearly run by hand: start or resume (admin), report (admin, reviewer); a holder that left the zone (admin).</summary>
public sealed class RenewalsFunctions(IRenewalRunUseCases renewals, IRenewalRecordsUseCases records, ILogger<RenewalsFunctions> logger)
{
    [Function(nameof(StartRenewal))]
    [RequireRoles(Roles.Admin)]
    public async Task<IActionResult> StartRenewal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/renewals/{fiscalYear:int}")] HttpRequest req, int fiscalYear)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var result = await renewals.StartAsync(caller.Subject, fiscalYear, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        logger.LogInformation("Renewal run {FiscalYear} started or resumed by {Admin}", fiscalYear, caller.LogLabel);
        return ApiResult.Of(StatusCodes.Status202Accepted, RenewalMapper.ToResponse(result.Value!), RenewalsJsonContext.Default.RenewalReportResponse)
            .WithHeader("Location", $"/api/admin/renewals/{fiscalYear}");
    }

    [Function(nameof(GetRenewal))]
    [RequireRoles(Roles.Admin, Roles.Reviewer)]
    public async Task<IActionResult> GetRenewal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/renewals/{fiscalYear:int}")] HttpRequest req, int fiscalYear)
    {
        var report = await renewals.ReportAsync(fiscalYear, req.HttpContext.RequestAborted);
        if (report is null) return Problems.From(UseCaseError.NotFound("NotFound.RenewalRun"), req);
        return ApiResult.Of(StatusCodes.Status200OK, RenewalMapper.ToResponse(report), RenewalsJsonContext.Default.RenewalReportResponse);
    }

    /// <summary><c>{leftOn: "yyyy-MM-dd", reason}</c>: the holder left the zone; the run skips its grants from the next fiscal year on.</summary>
    [Function(nameof(RecordZoneDeparture))]
    [RequireRoles(Roles.Admin)]
    public async Task<IActionResult> RecordZoneDeparture(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/holders/{uscc}/zone-departure")] HttpRequest req, string uscc)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (body, problem) = await ContractBody.ReadAsync(req, RenewalsJsonContext.Default.DepartureRequest, RequestFields.Departure);
        if (problem is not null) return problem;
        var result = await records.RecordZoneDepartureAsync(caller, uscc, body!.LeftOn!.Value, body.Reason, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        return ApiResult.Of(StatusCodes.Status200OK, RenewalMapper.ToResponse(result.Value!), RenewalsJsonContext.Default.DepartureResponse);
    }
}
