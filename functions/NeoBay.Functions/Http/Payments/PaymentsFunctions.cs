using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Contracts.Payments;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Payments;

namespace NeoBay.Functions.Http.Payments;

/// <summary>Payment runs and batches (admin; reviewers read): start a run, its report, a batch, its files, the bank's results.</summary>
public sealed class PaymentsFunctions(IPaymentRunUseCases runs, IPaymentBatchUseCases batches, IPaymentRunQueue queue, ILogger<PaymentsFunctions> logger)
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>Records today's run and queues its work: 202 + the report as it stands.</summary>
    [Function(nameof(StartPaymentRun))]
    [RequireRoles(Roles.Admin)]
    public async Task<IActionResult> StartPaymentRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/payments/runs")] HttpRequest req)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var report = await runs.StartAsync(caller.Subject, req.HttpContext.RequestAborted);
        await queue.EnqueueAsync(caller.Subject, req.HttpContext.RequestAborted);
        logger.LogInformation("Payment run {RunId} started or resumed by {Admin}", report.RunId, caller.LogLabel);
        return PaymentsJson.Json(StatusCodes.Status202Accepted, PaymentsJson.View(report), PaymentsJsonContext.Default.RunView)
            .WithHeader("Location", $"/api/admin/payments/runs/{report.RunId}");
    }

    [Function(nameof(GetPaymentRun))]
    [RequireRoles(Roles.Admin, Roles.Reviewer)]
    public async Task<IActionResult> GetPaymentRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/payments/runs/{runId}")] HttpRequest req, string runId)
    {
        var report = runId.Length == 8 && runId.All(char.IsAsciiDigit) ? await runs.ReportAsync(runId, req.HttpContext.RequestAborted) : null;
        return report is null
            ? Problems.From(UseCaseError.NotFound("NotFound.PaymentRun"), req)
            : PaymentsJson.Json(StatusCodes.Status200OK, PaymentsJson.View(report), PaymentsJsonContext.Default.RunView);
    }

    [Function(nameof(GetPaymentBatch))]
    [RequireRoles(Roles.Admin, Roles.Reviewer)]
    public async Task<IActionResult> GetPaymentBatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/payments/batches/{id}")] HttpRequest req, string id)
    {
        var result = await batches.GetAsync(id, req.HttpContext.RequestAborted);
        return result.IsSuccess
            ? PaymentsJson.Json(StatusCodes.Status200OK, PaymentsJson.View(result.Value!), PaymentsJsonContext.Default.BatchDetailView)
            : Problems.From(result.Error!, req);
    }

    /// <summary>The payment file (one row per payee); <c>?part=lines</c>: the lines file. The first export records both SHA-256 on the batch.</summary>
    [Function(nameof(GetPaymentFile))]
    [RequireRoles(Roles.Admin)]
    public async Task<IActionResult> GetPaymentFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/payments/batches/{id}/file")] HttpRequest req, string id)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var part = req.Query["part"].ToString();
        if (part is not ("" or "payees" or "lines"))
            return Problems.Create(StatusCodes.Status400BadRequest, "InvalidPart", req, "part");
        var result = await batches.ExportAsync(id, caller.Subject, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var lines = part == "lines";
        var (bytes, sha) = lines ? (result.Value!.Lines, result.Value.LinesSha256) : (result.Value!.Payees, result.Value.PayeesSha256);
        logger.LogInformation("Payment batch {BatchId} file {Part} exported by {Admin}", id, lines ? "lines" : "payees", caller.LogLabel);
        return ApiResult.FromJson(StatusCodes.Status200OK, Encoding.UTF8.GetString(bytes), CsvContentType)
            .WithHeader("Content-Disposition", $"attachment; filename=\"{id}{(lines ? "-lines" : "")}.csv\"")
            .WithHeader("ETag", $"\"{sha}\"")
            .WithHeader("X-Content-SHA256", sha);
    }

    /// <summary>The bank's results: JSON <c>{results:[{row, amount, result, paidOn?, reason?}]}</c>, or the same as <c>text/csv</c> (docs/payments.md).</summary>
    [Function(nameof(ImportPaymentResults))]
    [RequireRoles(Roles.Admin)]
    public async Task<IActionResult> ImportPaymentResults(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/payments/batches/{id}/results")] HttpRequest req, string id)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        IReadOnlyList<PaymentResultRow> rows;
        if (req.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            var (text, textProblem) = await RequestBody.ReadTextAsync(req, BodySize.Bulk);
            if (textProblem is not null) return textProblem;
            var parsed = PaymentResultsCsv.Parse(text!);
            if (!parsed.IsSuccess) return Problems.From(parsed.Error!, req);
            rows = parsed.Value!;
        }
        else
        {
            var (body, problem) = await PaymentsJson.ReadAsync(req, PaymentsJsonContext.Default.ResultsRequest, BodySize.Bulk);
            if (problem is not null) return problem;
            var (parsed, rowsProblem) = PaymentsJson.Rows(body!, req);
            if (rowsProblem is not null) return rowsProblem;
            rows = parsed!;
        }

        var result = await batches.ImportAsync(id, caller.Subject, rows, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        logger.LogInformation("Payment batch {BatchId}: results imported by {Admin}, {Paid} paid, {Returned} returned, {Pending} pending",
            id, caller.LogLabel, result.Value!.PaidRows, result.Value.ReturnedRows, result.Value.PendingRows);
        return PaymentsJson.Json(StatusCodes.Status200OK, PaymentsJson.View(result.Value), PaymentsJsonContext.Default.ImportView);
    }
}
