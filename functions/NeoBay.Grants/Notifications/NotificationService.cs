using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;
using NeoBay.Messages;

namespace NeoBay.Grants.Notifications;

/// <summary><c>GET /api/me/notifications</c>, <c>POST /api/me/notifications/{id}/read</c>, <c>POST /api/me/subscriptions</c>.</summary>
public interface INotificationUseCases
{
    Task<Result<ListPage<Notification>>> ListAsync(Caller caller, string? continuationToken, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Marks the notification read (idempotent: a read one stays as it is). With If-Match, only the version named.</summary>
    Task<Result<Notification>> MarkReadAsync(Caller caller, string id, string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Records that the caller's WeChat identity (proved by a fresh <c>wx.login()</c> code) accepted these kinds.</summary>
    Task<Result<PushSubscription>> SubscribeAsync(Caller caller, string code, IReadOnlyList<string> kinds, CancellationToken cancellationToken = default);
}

public sealed class NotificationService(INotificationStore store, IWeChatSessions? wechat, TimeProvider clock) : INotificationUseCases
{
    public async Task<Result<ListPage<Notification>>> ListAsync(Caller caller, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        if (caller.Uscc is not { } uscc) return BindingRequired();
        if (Paging.Problem(continuationToken, pageSize) is { } problem) return problem;
        return Result<ListPage<Notification>>.Ok(await store.ListAsync(uscc, continuationToken, pageSize, cancellationToken));
    }

    public async Task<Result<Notification>> MarkReadAsync(Caller caller, string id, string? ifMatch, CancellationToken cancellationToken = default)
    {
        if (caller.Uscc is not { } uscc) return BindingRequired();
        for (var attempt = 0; attempt < ConflictRetry.MaxAttempts; attempt++)
        {
            if (await store.GetAsync(uscc, id, cancellationToken) is not { } notification) return UseCaseError.NotFound("NotFound.Notification");
            if (notification.Read) return Result<Notification>.Ok(notification);
            if (!string.IsNullOrWhiteSpace(ifMatch) && !ETags.MatchesStrong(ifMatch, notification.Version))
                return new UseCaseError(ErrorKind.PreconditionFailed, "PreconditionFailed.Notification", "If-Match");
            // Conditional on the storage ETag read: a delivery update in between makes this re-read and apply again.
            var read = notification with { ReadAt = clock.GetUtcNow(), Version = notification.Version + 1 };
            if (await store.TryReplaceAsync(read, cancellationToken) is { } stored) return Result<Notification>.Ok(stored);
        }
        throw new ConcurrencyConflictException($"Notification {id} kept changing.");
    }

    public async Task<Result<PushSubscription>> SubscribeAsync(Caller caller, string code, IReadOnlyList<string> kinds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (caller.Uscc is not { } uscc) return BindingRequired();
        if (kinds.Count == 0 || kinds.Any(k => !NotificationKinds.All.Contains(k)))
            return new UseCaseError(ErrorKind.Validation, "InvalidValue.Kinds", "kinds", [MessageCatalog.List(NotificationKinds.All)]);
        if (!caller.Subject.StartsWith(Caller.WeChatSubjectPrefix, StringComparison.Ordinal))
            return new UseCaseError(ErrorKind.Forbidden, "WeChatSignInRequired");
        if (wechat is null)
            return new UseCaseError(ErrorKind.Validation, SignInCodes.WeChatNotConfigured);
        WeChatReply reply;
        try
        {
            reply = await wechat.ExchangeAsync(code, cancellationToken);
        }
        catch (WeChatUnavailableException)
        {
            return new UseCaseError(ErrorKind.Validation, "WeChatUnavailable.Subscription");
        }

        if (reply.Identity is not { } identity)
            return new UseCaseError(ErrorKind.Validation, SignInCodes.WeChatCodeInvalid, "code");
        // The openid must be the signed-in person's: the code of another WeChat user is refused.
        if (identity.Subject != caller.Subject)
            return new UseCaseError(ErrorKind.Forbidden, "WeChatIdentityMismatch", "code");

        var subscription = new PushSubscription(uscc, identity.OpenId, kinds.Distinct(StringComparer.Ordinal).ToList(), clock.GetUtcNow());
        await store.SaveSubscriptionAsync(subscription, cancellationToken);
        return Result<PushSubscription>.Ok(subscription);
    }

    private static UseCaseError BindingRequired() => new(ErrorKind.Forbidden, "BindingRequired.Notifications");
}
