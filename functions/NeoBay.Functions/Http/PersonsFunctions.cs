using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NeoBay.Contracts.Renewals;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Renewals;

namespace NeoBay.Functions.Http;

/// <summary>A11.2: a person of an allowance grant left their post; the yearly run skips their later allowances.</summary>
public sealed class PersonsFunctions(IRenewalRecordsUseCases records)
{
    public const int MaxPerson = 999;

    /// <summary><c>{leftOn: "yyyy-MM-dd", reason}</c> for person <c>n</c> (1-based, the order of <c>persons</c> in the application).</summary>
    [Function(nameof(RecordPersonDeparture))]
    [RequireRoles(Roles.Applicant, Roles.Integrator, Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> RecordPersonDeparture(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "grants/{id}/persons/{n:int}/departure")] HttpRequest req, string id, int n)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        if (n is < 1 or > MaxPerson)
            return Problems.Create(StatusCodes.Status400BadRequest, "InvalidPerson", req, "n", MaxPerson);
        var (body, problem) = await ContractBody.ReadAsync(req, RenewalsJsonContext.Default.DepartureRequest, RequestFields.Departure);
        if (problem is not null) return problem;
        var result = await records.RecordPersonDepartureAsync(caller, id, n, body!.LeftOn!.Value, body.Reason, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        return ApiResult.Of(StatusCodes.Status200OK, RenewalMapper.ToResponse(result.Value!), RenewalsJsonContext.Default.DepartureResponse);
    }
}
