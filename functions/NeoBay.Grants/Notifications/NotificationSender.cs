using System.Globalization;
using NeoBay.Grants.Common;
using NeoBay.Messages;
using NeoBay.Policy;

namespace NeoBay.Grants.Notifications;

/// <summary>
/// Settings <c>NeoBay:WeChat:Templates:{Kind}</c> (the subscribe-message template id of each kind, e.g.
/// <c>NeoBay:WeChat:Templates:NewOpportunity</c>; a kind without one is not sent) and <c>NeoBay:WeChat:NotificationPage</c>
/// (the mini-program page a message opens, given <c>?id=</c>).
/// </summary>
public sealed record WeChatTemplates(IReadOnlyDictionary<string, string> ByKind, string Page = WeChatTemplates.DefaultPage)
{
    public const string DefaultPage = "pages/notifications/index";

    /// <summary>The setting name of a kind's template: <c>NeoBay:WeChat:Templates:</c> + the kind in Pascal case.</summary>
    public static string SettingOf(string kind) => "NeoBay:WeChat:Templates:" + char.ToUpperInvariant(kind[0]) + kind[1..];
}

/// <summary>Delivers notifications (queue <c>notifications-send</c>).</summary>
public interface INotificationSender
{
    /// <summary>
    /// Delivers a <c>pending</c> notification as a WeChat subscribe message and records the outcome: <c>sent</c>,
    /// <c>notSubscribed</c> (no subscription to its kind, no template, or WeChat's 43101) or <c>failed</c> (refused). A transient
    /// failure is thrown, for the queue to deliver the message again. Returns the delivery state; null for no such notification.
    /// </summary>
    Task<string?> SendAsync(string uscc, string id, CancellationToken cancellationToken = default);

    /// <summary>The last attempt failed: the notification says <c>failed</c> (the message goes to the poison queue).</summary>
    Task MarkFailedAsync(string uscc, string id, string reason, CancellationToken cancellationToken = default);
}

public sealed class NotificationSender(INotificationStore store, IWeChatMessages? wechat, WeChatTemplates templates, PolicyCatalog catalog, TimeProvider clock) : INotificationSender
{
    /// <summary>WeChat's "the user refused, or used up the acceptance" answer.</summary>
    public const int NotSubscribedErrCode = 43101;

    public async Task<string?> SendAsync(string uscc, string id, CancellationToken cancellationToken = default)
    {
        if (await store.GetAsync(uscc, id, cancellationToken) is not { } notification) return null;
        if (notification.Delivery != DeliveryStates.Pending) return notification.Delivery;
        var subscription = await store.GetSubscriptionAsync(uscc, cancellationToken);
        if (wechat is null || subscription is null || !subscription.Kinds.Contains(notification.Kind) || !templates.ByKind.TryGetValue(notification.Kind, out var template))
            return await SettleAsync(uscc, id, DeliveryStates.NotSubscribed, null, cancellationToken);

        var (outcome, errCode) = await wechat.SendAsync(new WeChatMessage(subscription.OpenId, template, $"{templates.Page}?id={id}", Data(notification)), cancellationToken);
        return outcome switch
        {
            WeChatSendOutcome.Sent => await SettleAsync(uscc, id, DeliveryStates.Sent, null, cancellationToken),
            WeChatSendOutcome.NotSubscribed => await SettleAsync(uscc, id, DeliveryStates.NotSubscribed, $"errcode {errCode}", cancellationToken),
            _ => await SettleAsync(uscc, id, DeliveryStates.Failed, $"errcode {errCode}", cancellationToken),
        };
    }

    public Task MarkFailedAsync(string uscc, string id, string reason, CancellationToken cancellationToken = default) =>
        SettleAsync(uscc, id, DeliveryStates.Failed, reason.Length > 200 ? reason[..200] : reason, cancellationToken);

    /// <summary>Records the outcome on a still pending notification, with its ETag (a read in between: re-read, apply again).</summary>
    private async Task<string?> SettleAsync(string uscc, string id, string state, string? error, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < ConflictRetry.MaxAttempts; attempt++)
        {
            if (await store.GetAsync(uscc, id, cancellationToken) is not { } current) return null;
            if (current.Delivery != DeliveryStates.Pending) return current.Delivery;
            var settled = current with { Delivery = state, DeliveryError = error, DeliveredAt = clock.GetUtcNow(), Version = current.Version + 1 };
            if (await store.TryReplaceAsync(settled, cancellationToken) is not null) return state;
        }
        throw new ConcurrencyConflictException($"Notification {id} kept changing.");
    }

    /// <summary>
    /// The template's fields: <c>thing1</c> the measure's title (≤ 20 characters), <c>phrase2</c> what happened (≤ 5),
    /// <c>amount3</c> the amount in yuan, <c>time4</c> when (CST). The templates chosen in WeChat's console must have these fields.
    /// </summary>
    public IReadOnlyDictionary<string, string> Data(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var title = catalog.TryGet(notification.Measure, out var measure) ? measure.TitleZh : notification.Measure;
        var amount = notification.AmountFen ?? notification.MaxAmountFen;
        return new Dictionary<string, string>
        {
            ["thing1"] = title.Length > 20 ? title[..19] + "…" : title,
            ["phrase2"] = PhraseOf(notification.Kind),
            ["amount3"] = amount is { } fen
                ? MessageCatalog.Format("WeChatMessage.Amount", false, (fen / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture))
                : MessageCatalog.Text("WeChatMessage.AmountPending", false),
            ["time4"] = ChinaCalendar.ToChinaTime(notification.CreatedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The template's phrase field: WeChat's messages are in Chinese.</summary>
    private static string PhraseOf(string kind) => MessageCatalog.Text(kind switch
    {
        NotificationKinds.NewOpportunity => "WeChatMessage.NewOpportunity",
        NotificationKinds.Decided => "WeChatMessage.Decided",
        NotificationKinds.Approved => "WeChatMessage.Approved",
        NotificationKinds.StageReleased => "WeChatMessage.StageReleased",
        NotificationKinds.RenewalIssued => "WeChatMessage.RenewalIssued",
        NotificationKinds.NewOffer => "WeChatMessage.NewOffer",
        _ => "WeChatMessage.ClaimInvited",
    }, english: false);
}
