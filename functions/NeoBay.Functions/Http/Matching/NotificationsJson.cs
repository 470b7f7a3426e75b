using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NeoBay.Grants.Domain;
using NeoBay.Grants.Notifications;
using NeoBay.Policy;
using NeoBay.Policy.Matching;

namespace NeoBay.Functions.Http.Matching;

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

public static class NotificationsJson
{
    public static NotificationView View(Notification n, PolicyCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(n);
        ArgumentNullException.ThrowIfNull(catalog);
        var title = catalog.TryGet(n.Measure, out var measure) ? new Bilingual(measure.TitleZh, measure.TitleEn) : new Bilingual(n.Measure, n.Measure);
        return new(n.Id, n.Kind, n.Measure, title, n.Subject, n.Status, Yuan(n.AmountFen), Yuan(n.MaxAmountFen), n.Stage, n.FiscalYear,
            n.CreatedAt, n.Read, n.ReadAt, n.Delivery, n.HttpETag);
    }

    public static NotificationsView View(ListPage<Notification> page, PolicyCatalog catalog) =>
        new([.. page.Items.Select(n => View(n, catalog))], page.ContinuationToken);

    private static decimal? Yuan(long? fen) => fen is { } f ? Money.ToYuan(f) : null;
}
