using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Contracts.Identity;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;

namespace NeoBay.Functions.Http.Identity;

/// <summary>
/// Sign-in and identity: the mini-program's WeChat login, the caller's own view, bindings to companies and their review,
/// integrator grants. Thin: parse, call one use case, map the result. No openid, unionid or person's name is ever logged.
/// </summary>
public sealed class IdentityFunctions(ISignInUseCase signIn, IBindingUseCases bindings, IIntegratorGrantUseCases integrators, ILogger<IdentityFunctions> logger)
{
    private const string PendingStatus = "pending";

    private static IdentityJsonContext Json => IdentityJsonContext.Relaxed;

    [Function(nameof(SignInWithWeChat))]
    [AllowAnonymous]
    public async Task<IActionResult> SignInWithWeChat([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/wechat")] HttpRequest req)
    {
        var (body, problem) = await ContractBody.ReadAsync(req, IdentityRequestsJsonContext.Default.WeChatSignInRequest, RequestFields.WeChatSignIn);
        if (problem is not null) return problem;

        var result = await signIn.WeChatAsync(body!.Code, body.Uscc, req.HttpContext.RequestAborted);
        if (!result.IsSuccess)
        {
            logger.LogInformation("WeChat sign-in refused: {Code}", result.Error!.Code);
            return SignInProblem(result.Error, req);
        }

        var value = result.Value!;
        return IdentityJson.Answer(StatusCodes.Status200OK,
            new SignInView(value.Token, value.ExpiresIn, value.Bindings.Select(b => new BindingSummaryView(b.Uscc, IdentityJson.Wire(b.Status))).ToList()),
            Json.SignInView);
    }

    [Function(nameof(GetMe))]
    [RequireRoles(Roles.Applicant, Roles.Integrator, Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> GetMe([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest req)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var me = await bindings.MeAsync(caller, req.HttpContext.RequestAborted);
        return IdentityJson.Answer(StatusCodes.Status200OK,
            new MeView(caller.Subject, caller.Roles.Order(StringComparer.Ordinal).ToList(), caller.Uscc, me.Bindings.Select(IdentityJson.View).ToList()), Json.MeView);
    }

    [Function(nameof(RequestBinding))]
    [RequireRoles(Roles.Applicant)]
    public async Task<IActionResult> RequestBinding([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/bindings")] HttpRequest req)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (body, problem) = await ContractBody.ReadAsync(req, IdentityRequestsJsonContext.Default.BindingRequestBody, RequestFields.BindingRequest);
        if (problem is not null) return problem;

        var result = await bindings.RequestAsync(caller, new BindingRequest(body!.Uscc, body.Name, body.Role), req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var (binding, created) = result.Value;
        return BindingAnswer(created ? StatusCodes.Status201Created : StatusCodes.Status200OK, binding).WithHeader("Location", $"/api/bindings/{binding.Id}");
    }

    [Function(nameof(GetBinding))]
    [RequireRoles(Roles.Applicant, Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> GetBinding([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "bindings/{id}")] HttpRequest req, string id)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var result = await bindings.GetAsync(caller, id, req.HttpContext.RequestAborted);
        return result.IsSuccess ? BindingAnswer(StatusCodes.Status200OK, result.Value!) : Problems.From(result.Error!, req);
    }

    [Function(nameof(ListBindings))]
    [RequireRoles(Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> ListBindings([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "bindings")] HttpRequest req)
    {
        var status = req.Query.TryGetValue("status", out var s) ? s.ToString() : PendingStatus;
        if (status != PendingStatus)
            return Problems.Create(StatusCodes.Status400BadRequest, "InvalidValue.PendingOnly", req, "status");
        var take = ApplicationsFunctions.DefaultPageSize;
        if (req.Query.TryGetValue("take", out var takeText) && !int.TryParse(takeText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out take))
            return Problems.Create(StatusCodes.Status400BadRequest, "InvalidPageSize.Take", req, "take");
        var token = req.Query.TryGetValue("continuationToken", out var tokenText) ? tokenText.ToString() : null;
        var result = await bindings.ListPendingAsync(token, take, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var page = result.Value!;
        return IdentityJson.Answer(StatusCodes.Status200OK,
            new PendingBindingsView([.. page.Items.Select(IdentityJson.View)], page.ContinuationToken), Json.PendingBindingsView).WithHeader("Cache-Control", "no-store");
    }

    [Function(nameof(DecideBinding))]
    [RequireRoles(Roles.Reviewer, Roles.Admin)]
    public async Task<IActionResult> DecideBinding([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "bindings/{id}/decision")] HttpRequest req, string id)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (body, problem) = await ContractBody.ReadAsync(req, IdentityRequestsJsonContext.Default.BindingDecisionRequest, RequestFields.BindingDecision);
        if (problem is not null) return problem;

        var result = await bindings.DecideAsync(caller, id, req.Headers.IfMatch.ToString(), body!.Approve!.Value, body.Reason, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        logger.LogInformation("Binding decided {Status} by {Reviewer}", result.Value!.Status, caller.LogLabel);
        return BindingAnswer(StatusCodes.Status200OK, result.Value);
    }

    [Function(nameof(RequestBindingLetterUpload))]
    [RequireRoles(Roles.Applicant)]
    public async Task<IActionResult> RequestBindingLetterUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "bindings/{id}/documents")] HttpRequest req, string id)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (upload, problem) = await Documents.DocumentsFunctions.ReadUploadAsync(req);
        if (problem is not null) return problem;
        var result = await bindings.RequestLetterUploadAsync(caller, id, upload!, req.HttpContext.RequestAborted);
        return result.IsSuccess
            ? Documents.DocumentsJson.Ticket(result.Value!).WithHeader("Location", $"/api/bindings/{id}/documents/{result.Value!.Document.DocumentId}")
            : Problems.From(result.Error!, req);
    }

    [Function(nameof(CompleteBindingLetterUpload))]
    [RequireRoles(Roles.Applicant)]
    public async Task<IActionResult> CompleteBindingLetterUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "bindings/{id}/documents/{documentId}/complete")] HttpRequest req, string id, string documentId)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var result = await bindings.CompleteLetterAsync(caller, id, documentId, req.HttpContext.RequestAborted);
        return result.IsSuccess
            ? Documents.DocumentsJson.Document(result.Value!)
            : Problems.From(result.Error!, req);
    }

    [Function(nameof(GrantIntegrator))]
    [RequireRoles(Roles.Applicant)]
    public async Task<IActionResult> GrantIntegrator([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/integrators")] HttpRequest req)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (body, problem) = await ContractBody.ReadAsync(req, IdentityRequestsJsonContext.Default.IntegratorRequest, RequestFields.Integrator);
        if (problem is not null) return problem;
        var result = await integrators.GrantAsync(caller, body!.ClientId, req.HttpContext.RequestAborted);
        return result.IsSuccess
            ? IdentityJson.Answer(StatusCodes.Status201Created, IdentityJson.View(result.Value!), Json.IntegratorGrantView)
            : Problems.From(result.Error!, req);
    }

    [Function(nameof(ListMyIntegrators))]
    [RequireRoles(Roles.Applicant)]
    public async Task<IActionResult> ListMyIntegrators([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/integrators")] HttpRequest req)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        return GrantList(await integrators.ListMineAsync(caller, req.HttpContext.RequestAborted), req);
    }

    [Function(nameof(RevokeMyIntegrator))]
    [RequireRoles(Roles.Applicant)]
    public async Task<IActionResult> RevokeMyIntegrator(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "me/integrators/{clientId}")] HttpRequest req, string clientId)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var result = await integrators.RevokeMineAsync(caller, clientId, req.HttpContext.RequestAborted);
        return result.IsSuccess ? ApiResult.Empty(StatusCodes.Status204NoContent) : Problems.From(result.Error!, req);
    }

    [Function(nameof(ListIntegratorGrants))]
    [RequireRoles(Roles.Admin)]
    public async Task<IActionResult> ListIntegratorGrants([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/integrators")] HttpRequest req)
    {
        var clientId = req.Query.TryGetValue("clientId", out var c) ? c.ToString() : null;
        var uscc = req.Query.TryGetValue("uscc", out var u) ? u.ToString() : null;
        return GrantList(await integrators.ListAsync(clientId, uscc, req.HttpContext.RequestAborted), req);
    }

    [Function(nameof(RevokeIntegratorGrant))]
    [RequireRoles(Roles.Admin)]
    public async Task<IActionResult> RevokeIntegratorGrant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "admin/integrators/{clientId}/grants/{uscc}")] HttpRequest req, string clientId, string uscc)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var result = await integrators.RevokeAsync(caller, clientId, uscc, req.HttpContext.RequestAborted);
        return result.IsSuccess ? ApiResult.Empty(StatusCodes.Status204NoContent) : Problems.From(result.Error!, req);
    }

    /// <summary>Sign-in refusals carry their own status: WeChat's rate limit 429, busy or unreachable 503, other WeChat errors 502.</summary>
    public static int StatusOf(UseCaseError error) => error.Code switch
    {
        SignInCodes.WeChatRateLimited => StatusCodes.Status429TooManyRequests,
        SignInCodes.WeChatBusy or SignInCodes.WeChatUnavailable or SignInCodes.WeChatNotConfigured => StatusCodes.Status503ServiceUnavailable,
        SignInCodes.WeChatError => StatusCodes.Status502BadGateway,
        SignInCodes.WeChatUserBlocked => StatusCodes.Status403Forbidden,
        _ => Problems.StatusOf(error.Kind),
    };

    private static ApiResult SignInProblem(UseCaseError error, HttpRequest req)
    {
        var status = StatusOf(error);
        var problem = Problems.From(error, req, status);
        return status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable ? problem.WithHeader("Retry-After", "5") : problem;
    }

    private static ApiResult BindingAnswer(int status, BindingRecord binding) =>
        IdentityJson.Answer(status, IdentityJson.View(binding), Json.BindingView).WithHeader("ETag", binding.HttpETag);

    private static IActionResult GrantList(Result<IReadOnlyList<IntegratorGrant>> result, HttpRequest req) =>
        result.IsSuccess
            ? IdentityJson.Answer(StatusCodes.Status200OK, new ItemsView<IntegratorGrantView>(result.Value!.Select(IdentityJson.View).ToList()), Json.ItemsViewIntegratorGrantView)
            : Problems.From(result.Error!, req);
}
