using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Contracts.Applications;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Deadlines;
using NeoBay.Grants.Decisions;
using NeoBay.Policy;
using NeoBay.Contracts.Quotes;

namespace NeoBay.Functions.Http;

/// <summary>Applications: submit, read, list, withdraw, decide. Thin: parse, call one use case, map the result.</summary>
public sealed class ApplicationsFunctions(
    IApplicationUseCases applications,
    IReviewUseCases reviews,
    IServiceDeadlines deadlines,
    PolicyCatalog catalog,
    TimeProvider clock,
    ILogger<ApplicationsFunctions> logger,
    PersonIdentity? personIdentity = null,
    IApplicationQueue? queue = null)
{
    /// <summary>common.14: A11.2 identity numbers are hashed under the secret setting, so repeats match across applications.</summary>
    private readonly QuoteParseOptions applicationOptions = QuoteParseOptions.Application with { Identity = personIdentity ?? PersonIdentity.Ephemeral };

    public const int DefaultPageSize = 20;

    [Function(nameof(SubmitApplication))]
    [RequireRoles(Roles.Applicant, Roles.Integrator)]
    public async Task<IActionResult> SubmitApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "applications")] HttpRequest req)
    {
        if (req.GetCaller() is not { } caller) return Unauthenticated(req);
        var (document, problem) = await RequestBody.ReadJsonAsync(req, BodySize.Application);
        if (problem is not null) return problem;
        using var _ = document;

        // history comes from the applicant's grants and the date from the server's CST clock: both refused here.
        var parsed = QuoteJson.Parse(document!.RootElement, ChinaCalendar.Today(clock), catalog, applicationOptions);
        if (parsed.Error is { } error) return Problems.From(error, req);

        var key = req.Headers.TryGetValue("Idempotency-Key", out var values) ? values.ToString() : null;
        var result = await applications.SubmitAsync(caller, parsed.Request!, key, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);

        var submitted = result.Value!;
        logger.LogInformation("Application {Id} submitted for {Measure} (replayed: {Replayed})", submitted.Id, parsed.Request!.Measure, submitted.Replayed);
        return ApiResult.Of(StatusCodes.Status202Accepted, ApplicationMapper.ToResponse(submitted), ApplicationsJsonContext.Default.SubmittedResponse)
            .WithHeader("Location", $"/api/applications/{submitted.Id}");
    }

    [Function(nameof(GetApplication))]
    [RequireRoles(Roles.Applicant, Roles.Integrator, Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> GetApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/{id}")] HttpRequest req, string id)
    {
        if (req.GetCaller() is not { } caller) return Unauthenticated(req);
        var result = await applications.GetAsync(caller, id, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var application = result.Value!;
        if (ETags.Matches(req.Headers.IfNoneMatch.ToString(), application.Version))
            return ApiResult.Empty(StatusCodes.Status304NotModified).WithHeader("ETag", application.HttpETag);
        var english = Problems.IsEnglish(req);
        var deadline = await deadlines.ForAsync(application.Id, application.Measure, application.Status, req.HttpContext.RequestAborted);
        return ApiResult.Of(StatusCodes.Status200OK, ApplicationMapper.ToResponse(application, english, deadline), ApplicationsJsonContext.Default.ApplicationResponse).WithHeader("ETag", application.HttpETag);
    }

    [Function(nameof(ListApplications))]
    [RequireRoles(Roles.Applicant, Roles.Integrator, Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> ListApplications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications")] HttpRequest req)
    {
        if (req.GetCaller() is not { } caller) return Unauthenticated(req);
        var take = DefaultPageSize;
        if (req.Query.TryGetValue("take", out var takeText) && !int.TryParse(takeText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out take))
            return Problems.Create(StatusCodes.Status400BadRequest, "InvalidPageSize.Take", req, "take");
        var uscc = req.Query.TryGetValue("uscc", out var usccText) ? usccText.ToString() : null;
        if (uscc is not null && !Uscc.IsValid(uscc))
            return Problems.Create(StatusCodes.Status400BadRequest, "InvalidUscc.Short", req, "uscc");
        var token = req.Query.TryGetValue("continuationToken", out var tokenText) ? tokenText.ToString() : null;

        IReadOnlyDictionary<ApplicationStatus, int>? counts = null;
        Result<ListPage<ApplicationSummary>> result;
        if (caller.IsReviewer && queue is not null && QueueFilters.Any(req.Query.ContainsKey))
        {
            // The reviewers' queue: filters and order served from the queue's index (docs/storage.md).
            var (query, problem) = ReadQueueQuery(req, uscc);
            if (problem is not null) return problem;
            result = await queue.QueryAsync(query!, token, take, req.HttpContext.RequestAborted);
            if (result.IsSuccess && req.Query["counts"] == "true") counts = await queue.CountAsync(uscc, req.HttpContext.RequestAborted);
        }
        else
        {
            result = await applications.ListAsync(caller, uscc, token, take, req.HttpContext.RequestAborted);
        }

        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var page = result.Value!;
        var pageDeadlines = await Task.WhenAll(page.Items.Select(s => deadlines.ForAsync(s.Id, s.Measure, s.Status, req.HttpContext.RequestAborted)));
        return ApiResult.Of(StatusCodes.Status200OK, ApplicationMapper.ToResponse(page, pageDeadlines, counts), ApplicationsJsonContext.Default.ApplicationPageResponse);
    }

    private static readonly string[] QueueFilters = ["status", "measure", "from", "to", "sort", "counts"];

    private static (ApplicationQuery? Query, ApiResult? Problem) ReadQueueQuery(HttpRequest req, string? uscc)
    {
        ApplicationStatus? status = null;
        if (req.Query.TryGetValue("status", out var statusText) && statusText.ToString() is { Length: > 0 } wire)
        {
            var known = Enum.GetValues<ApplicationStatus>().Where(s => s.ToWire() == wire).ToList();
            if (known.Count == 0)
                return (null, Problems.Create(StatusCodes.Status400BadRequest, "InvalidValue.Status", req, "status"));
            status = known[0];
        }

        DateOnly? Date(string name, out ApiResult? problem)
        {
            problem = null;
            if (!req.Query.TryGetValue(name, out var text) || text.ToString().Length == 0) return null;
            if (DateOnly.TryParseExact(text.ToString(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)) return d;
            problem = Problems.Create(StatusCodes.Status400BadRequest, "InvalidDate.Query", req, name, name);
            return null;
        }

        var from = Date("from", out var fromProblem);
        if (fromProblem is not null) return (null, fromProblem);
        var to = Date("to", out var toProblem);
        if (toProblem is not null) return (null, toProblem);
        var sort = req.Query.TryGetValue("sort", out var sortText) ? sortText.ToString() : "submitted";
        if (sort is not ("submitted" or "-submitted"))
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "InvalidValue.Sort", req, "sort"));
        var measure = req.Query.TryGetValue("measure", out var m) && m.ToString().Length > 0 ? m.ToString() : null;
        return (new ApplicationQuery(status, measure, uscc, from, to, sort == "-submitted"), null);
    }

    [Function(nameof(WithdrawApplication))]
    [RequireRoles(Roles.Applicant, Roles.Integrator)]
    public async Task<IActionResult> WithdrawApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "applications/{id}/withdraw")] HttpRequest req, string id)
    {
        if (req.GetCaller() is not { } caller) return Unauthenticated(req);
        var (document, problem) = await RequestBody.ReadJsonAsync(req, BodySize.Small, allowEmpty: true);
        if (problem is not null) return problem;
        using var _ = document;
        WithdrawRequest? body = null;
        if (document is not null)
        {
            (body, problem) = ContractBody.Read(document.RootElement, ApplicationsJsonContext.Default.WithdrawRequest, RequestFields.Withdrawal, req);
            if (problem is not null) return problem;
        }

        var result = await applications.WithdrawAsync(caller, id, body?.Reason, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var english = Problems.IsEnglish(req);
        var withdrawn = result.Value!;
        var deadline = await deadlines.ForAsync(withdrawn.Id, withdrawn.Measure, withdrawn.Status, req.HttpContext.RequestAborted);
        return ApiResult.Of(StatusCodes.Status200OK, ApplicationMapper.ToResponse(withdrawn, english, deadline), ApplicationsJsonContext.Default.ApplicationResponse).WithHeader("ETag", withdrawn.HttpETag);
    }

    [Function(nameof(DecideApplication))]
    [RequireRoles(Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> DecideApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "applications/{id}/decision")] HttpRequest req, string id)
    {
        if (req.GetCaller() is not { } caller) return Unauthenticated(req);
        var (body, problem) = await ContractBody.ReadAsync(req, ApplicationsJsonContext.Default.DecisionRequest, RequestFields.Decision);
        if (problem is not null) return problem;

        var command = new DecisionCommand(body!.Approve!.Value, ContractBody.Fen(body.Amount), body.Reason);
        var result = await reviews.DecideAsync(caller, id, req.Headers.IfMatch.ToString(), command, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        logger.LogInformation("Application {Id} {Status} by {Reviewer}", id, result.Value!.Status, caller.LogLabel);
        return ApiResult.Of(StatusCodes.Status200OK, ApplicationMapper.ToResponse(result.Value), ApplicationsJsonContext.Default.ReviewDecisionResponse);
    }

    internal static ApiResult Unauthenticated(HttpRequest req) =>
        Problems.Create(StatusCodes.Status401Unauthorized, "Unauthenticated", req);
}
