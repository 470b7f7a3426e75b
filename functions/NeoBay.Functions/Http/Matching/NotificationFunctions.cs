using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NeoBay.Contracts.Notifications;
using NeoBay.Functions.Auth;
using NeoBay.Functions.Http.Identity;
using NeoBay.Grants.Common;
using NeoBay.Grants.Notifications;
using NeoBay.Policy;

namespace NeoBay.Functions.Http.Matching;

/// <summary>
/// <c>GET /api/me/notifications</c> (newest first, paged), <c>POST /api/me/notifications/{id}/read</c>, and
/// <c>POST /api/me/subscriptions</c> (the mini-program calls it after <c>wx.requestSubscribeMessage</c>).
/// </summary>
public sealed class NotificationFunctions(INotificationUseCases notifications, PolicyCatalog catalog)
{
    [Function(nameof(ListNotifications))]
    [RequireRoles(Roles.Applicant)]
    public async Task<IActionResult> ListNotifications([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/notifications")] HttpRequest req)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var take = ApplicationsFunctions.DefaultPageSize;
        if (req.Query.TryGetValue("take", out var takeText) && !int.TryParse(takeText, NumberStyles.None, CultureInfo.InvariantCulture, out take))
            return Problems.Create(StatusCodes.Status400BadRequest, "InvalidPageSize.Take", req, "take");
        var token = req.Query.TryGetValue("continuationToken", out var tokenText) ? tokenText.ToString() : null;
        var result = await notifications.ListAsync(caller, token, take, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        return Answer(StatusCodes.Status200OK, NotificationsJson.View(result.Value!, catalog), NotificationsJsonContext.Relaxed.NotificationsView)
            .WithHeader("Cache-Control", "no-store");
    }

    [Function(nameof(ReadNotification))]
    [RequireRoles(Roles.Applicant)]
    public async Task<IActionResult> ReadNotification([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/notifications/{id}/read")] HttpRequest req, string id)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var result = await notifications.MarkReadAsync(caller, id, req.Headers.IfMatch.ToString(), req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        return Answer(StatusCodes.Status200OK, NotificationsJson.View(result.Value!, catalog), NotificationsJsonContext.Relaxed.NotificationView)
            .WithHeader("ETag", result.Value!.HttpETag);
    }

    [Function(nameof(Subscribe))]
    [RequireRoles(Roles.Applicant)]
    public async Task<IActionResult> Subscribe([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/subscriptions")] HttpRequest req)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (document, problem) = await RequestBody.ReadJsonAsync(req, BodySize.Small);
        if (problem is not null) return problem;
        using var _ = document;
        SubscriptionRequest? body;
        try
        {
            body = document!.RootElement.Deserialize(NotificationsJsonContext.Default.SubscriptionRequest);
        }
        catch (JsonException)
        {
            body = null;
        }
        if (body?.Code is not { Length: > 0 and <= 128 } code)
            return Problems.Create(StatusCodes.Status400BadRequest, "MissingField.SubscriptionCode", req, "code");
        if (body.Kinds is null)
            return Problems.Create(StatusCodes.Status400BadRequest, "MissingField.SubscriptionKinds", req, "kinds");

        var result = await notifications.SubscribeAsync(caller, code, body.Kinds, req.HttpContext.RequestAborted);
        if (!result.IsSuccess)
        {
            var error = result.Error!;
            return Problems.From(error, req, IdentityFunctions.StatusOf(error));
        }
        return Answer(StatusCodes.Status200OK, new SubscriptionView(result.Value!.Kinds, result.Value.SubscribedAt), NotificationsJsonContext.Relaxed.SubscriptionView);
    }

    private static ApiResult Answer<T>(int status, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        ApiResult.FromJson(status, JsonSerializer.Serialize(value, type));
}
