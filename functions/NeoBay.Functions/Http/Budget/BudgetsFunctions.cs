using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Contracts.Budget;
using NeoBay.Functions.Auth;
using NeoBay.Functions.Http.Payments;
using NeoBay.Grants.Budget;
using NeoBay.Grants.Common;

namespace NeoBay.Functions.Http.Budget;

/// <summary>Budgets of the special fund per fiscal year (docs/budget.md): set (admin, If-Match), read with the counters (admin, reviewer).</summary>
public sealed class BudgetsFunctions(IBudgetUseCases budgets, IApplicationsReportUseCase applicationsReport, ILogger<BudgetsFunctions> logger)
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

    /// <summary>
    /// Commitments by fiscal year × article (approved, scheduled, issued, lapsed), by planned year; JSON, or CSV (UTF-8 with BOM)
    /// with <c>format=csv</c> or <c>Accept: text/csv</c>. <c>from</c>/<c>to</c> default to the fund's first and last year.
    /// </summary>
    [Function(nameof(GetCommitmentsReport))]
    [RequireRoles(Roles.Admin, Roles.Reviewer)]
    public async Task<IActionResult> GetCommitmentsReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/reports/commitments")] HttpRequest req)
    {
        if (!TryYear(req, "from", budgets.Options.FirstFiscalYear, out var from) || !TryYear(req, "to", budgets.Options.LastFiscalYear, out var to))
            return Problems.Create(StatusCodes.Status400BadRequest, "InvalidValue.FiscalYears", req, "from");
        var result = await budgets.CommitmentsAsync(from, to, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var csv = string.Equals(req.Query["format"], "csv", StringComparison.OrdinalIgnoreCase)
                  || req.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase);
        if (!csv) return PaymentsJson.Json(StatusCodes.Status200OK, BudgetJson.View(from, to, result.Value!), BudgetJsonContext.Default.CommitmentsView);
        return ApiResult.FromJson(StatusCodes.Status200OK, System.Text.Encoding.UTF8.GetString(CommitmentReport.Csv(result.Value!)), PaymentsFunctions.CsvContentType)
            .WithHeader("Content-Disposition", $"attachment; filename=\"commitments-{from}-{to}.csv\"");
    }

    /// <summary>
    /// Applications by measure and outcome (every status; one query of the reviewers' list partition) and the service days
    /// (one query of their partition).
    /// </summary>
    [Function(nameof(GetApplicationsReport))]
    [RequireRoles(Roles.Admin, Roles.Reviewer)]
    public async Task<IActionResult> GetApplicationsReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/reports/applications")] HttpRequest req)
    {
        var report = await applicationsReport.ReportAsync(req.HttpContext.RequestAborted);
        return PaymentsJson.Json(StatusCodes.Status200OK, NeoBay.Contracts.Budget.ApplicationsReportJson.View(report),
            NeoBay.Contracts.Budget.ApplicationsReportJsonContext.Default.ApplicationOutcomesView);
    }

    private static bool TryYear(HttpRequest req, string name, int fallback, out int year)
    {
        var text = req.Query[name].ToString();
        year = fallback;
        return text.Length == 0 || (text.Length == 4 && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out year));
    }

    private static ApiResult Answer(BudgetReport report)
    {
        var view = BudgetJson.View(report);
        return PaymentsJson.Json(StatusCodes.Status200OK, view, BudgetJsonContext.Default.BudgetView).WithHeader("ETag", view.Etag);
    }
}
