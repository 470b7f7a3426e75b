using NeoBay.Grants.Common;

namespace NeoBay.Grants.Notifications;

/// <summary>Table <c>notifications</c>: one partition per applicant (docs/storage.md).</summary>
public interface INotificationStore
{
    /// <summary>
    /// Records each notification under its key, once: returns those written now. A key recorded before (a redelivered
    /// message, a repeated event) writes nothing.
    /// </summary>
    Task<IReadOnlyList<Notification>> AddNewAsync(string uscc, IReadOnlyList<Notification> notifications, CancellationToken cancellationToken = default);

    Task<Notification?> GetAsync(string uscc, string id, CancellationToken cancellationToken = default);

    /// <summary>Newest first (one partition, key order).</summary>
    Task<ListPage<Notification>> ListAsync(string uscc, string? continuationToken, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Replaces the notification if its <see cref="Notification.StorageETag"/> is current: the stored one, or null when another writer won.</summary>
    Task<Notification?> TryReplaceAsync(Notification notification, CancellationToken cancellationToken = default);

    Task<PushSubscription?> GetSubscriptionAsync(string uscc, CancellationToken cancellationToken = default);

    /// <summary>Upserts the applicant's subscription (the last WeChat identity to subscribe receives the messages).</summary>
    Task SaveSubscriptionAsync(PushSubscription subscription, CancellationToken cancellationToken = default);
}

/// <summary>Queue <c>notifications-send</c>: one message per notification to deliver.</summary>
public interface INotificationDeliveryQueue
{
    Task EnqueueAsync(string uscc, string id, CancellationToken cancellationToken = default);
}

/// <summary>Where use cases publish application and grant events (queue <c>profiles-rematch</c>).</summary>
public interface IGrantEvents
{
    Task PublishAsync(GrantEvent grantEvent, CancellationToken cancellationToken = default);
}

/// <summary>What WeChat answered a subscribe message.</summary>
public enum WeChatSendOutcome
{
    Sent,
    /// <summary>errcode 43101: the user has not accepted (or used up) this template.</summary>
    NotSubscribed,
    /// <summary>Any other refusal (bad template, bad data): retrying does not help.</summary>
    Refused,
}

/// <summary>The port: send one subscribe message (transient failures are retried inside, then thrown).</summary>
public interface IWeChatMessages
{
    Task<(WeChatSendOutcome Outcome, int ErrCode)> SendAsync(WeChatMessage message, CancellationToken cancellationToken = default);
}

/// <summary>One subscribe message: <c>touser</c> (an openid: personal data, never logged), template, mini-program page, data fields.</summary>
public sealed record WeChatMessage(string ToUser, string TemplateId, string Page, IReadOnlyDictionary<string, string> Data);
