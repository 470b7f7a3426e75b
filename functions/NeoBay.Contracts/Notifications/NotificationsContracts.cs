using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NeoBay.Policy;
using NeoBay.Policy.Matching;
using NeoBay.Contracts.Matching;

namespace NeoBay.Contracts.Notifications;

/// <summary>One notification as <c>GET /api/me/notifications</c> lists it (money in yuan, two decimals).</summary>
public sealed record NotificationView(
    string Id, string Kind, string Measure, Bilingual Title, string? Subject, string? Status, decimal? Amount, decimal? MaxAmount,
    int? Stage, int? FiscalYear, DateTimeOffset CreatedAt, bool Read, DateTimeOffset? ReadAt, string Delivery, string Etag);

public sealed record NotificationsView(IReadOnlyList<NotificationView> Items, string? ContinuationToken);

/// <summary>The body of <c>POST /api/me/subscriptions</c>: a fresh <c>wx.login()</c> code and the kinds accepted in <c>wx.requestSubscribeMessage</c>.</summary>
public sealed record SubscriptionRequest(string? Code, IReadOnlyList<string>? Kinds);

public sealed record SubscriptionView(IReadOnlyList<string> Kinds, DateTimeOffset SubscribedAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(NotificationView))]
[JsonSerializable(typeof(NotificationsView))]
[JsonSerializable(typeof(SubscriptionRequest))]
[JsonSerializable(typeof(SubscriptionView))]
public sealed partial class NotificationsJsonContext : JsonSerializerContext
{
    /// <summary>Chinese titles stay readable (not \u-escaped), as in the app's other answers.</summary>
    public static NotificationsJsonContext Relaxed { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
