using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Functions.Auth;
using NeoBay.Functions.Http.Payments;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Budget;

namespace NeoBay.Functions.Http.Budget;

/// <summary>Budgets of the special fund per fiscal year (docs/budget.md): set (admin, If-Match), read with the counters (admin, reviewer).</summary>
public sealed class BudgetsFunctions(BudgetService budgets, ILogger<BudgetsFunctions> logger)
{
    [Function(nameof(PutBudget))]
    [RequireRoles(Roles.Admin)]
    public async Task<IActionResult> PutBudget(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "admin/budgets/{fiscalYear:int}")] HttpRequest req, int fiscalYear)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (body, problem) = await PaymentsJson.ReadAsync(req, BudgetJsonContext.Default.BudgetRequest, BodySize.Small);
        if (problem is not null) return problem;
        var (lines, linesProblem) = BudgetJson.Lines(body!, req);
        if (linesProblem is not null) return linesProblem;
        var result = await budgets.SetAsync(caller.Subject, fiscalYear, req.Headers.IfMatch.ToString(), lines!, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        logger.LogInformation("Budget of fiscal year {FiscalYear} set to version {Version} ({Lines} lines)", fiscalYear, result.Value!.Version, lines!.Count);
        return Answer(result.Value!);
    }

    [Function(nameof(GetBudget))]
    [RequireRoles(Roles.Admin, Roles.Reviewer)]
    public async Task<IActionResult> GetBudget(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/budgets/{fiscalYear:int}")] HttpRequest req, int fiscalYear)
    {
        var result = await budgets.ReportAsync(fiscalYear, req.HttpContext.RequestAborted);
        return result.IsSuccess ? Answer(result.Value!) : Problems.From(result.Error!, req);
    }

    private static ApiResult Answer(BudgetReport report)
    {
        var view = BudgetJson.View(report);
        return PaymentsJson.Json(StatusCodes.Status200OK, view, BudgetJsonContext.Default.BudgetView).WithHeader("ETag", view.Etag);
    }
}
