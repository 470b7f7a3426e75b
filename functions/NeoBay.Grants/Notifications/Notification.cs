using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NeoBay.Grants.Common;
using NeoBay.Policy.Matching;

namespace NeoBay.Grants.Notifications;

/// <summary>What a notification tells (wire names, issue 15).</summary>
public static class NotificationKinds
{
    /// <summary>A measure's status or amount changed for the better (<see cref="MatchChanges"/>).</summary>
    public const string NewOpportunity = "newOpportunity";
    /// <summary>An application was decided without an award: evaluated (eligible/ineligible) or rejected by review.</summary>
    public const string Decided = "decided";
    /// <summary>An application was approved: the grant exists.</summary>
    public const string Approved = "approved";
    /// <summary>A stage paid on acceptance or completion was released.</summary>
    public const string StageReleased = "stageReleased";
    /// <summary>The renewal run issued a year's lines (operating years, allowances, voucher quota).</summary>
    public const string RenewalIssued = "renewalIssued";
    /// <summary>The applicant is invited to file a yearly claim (A16.2/A16.3 claims opened, last year's beneficiaries invited).</summary>
    public const string ClaimInvited = "claimInvited";

    /// <summary>An offer (免申即享) was opened for the applicant: created, or reopened after a withdrawal.</summary>
    public const string NewOffer = "newOffer";

    public static readonly IReadOnlyList<string> All = [NewOpportunity, Decided, Approved, StageReleased, RenewalIssued, ClaimInvited, NewOffer];
}

/// <summary>Where the WeChat delivery of a notification is.</summary>
public static class DeliveryStates
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string NotSubscribed = "notSubscribed";
}

/// <summary>
/// An application or grant event of one applicant. <see cref="Key"/> is deterministic (the event, never the time), so
/// the notification recorded under it is written once however often the event is published.
/// </summary>
public sealed record GrantEvent(string Kind, string Uscc, string Subject, string Measure)
{
    /// <summary><c>decided</c>: the application's status (eligible, ineligible, rejected).</summary>
    public string? Status { get; init; }
    public long? AmountFen { get; init; }
    public int? Stage { get; init; }
    public int? FiscalYear { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string Key => Kind switch
    {
        NotificationKinds.Decided => $"{Kind}|{Subject}|{Status}",
        NotificationKinds.StageReleased => $"{Kind}|{Subject}|{Stage?.ToString(CultureInfo.InvariantCulture)}",
        NotificationKinds.RenewalIssued or NotificationKinds.ClaimInvited => $"{Kind}|{Subject}|{FiscalYear?.ToString(CultureInfo.InvariantCulture)}",
        _ => $"{Kind}|{Subject}",
    };
}

/// <summary>
/// One notification of an applicant (table <c>notifications</c>). <see cref="Id"/> is derived from <see cref="Key"/>;
/// <see cref="Version"/> grows with every change (read, delivery) and is the HTTP ETag.
/// </summary>
public sealed record Notification(string Id, string Uscc, string Kind, string Key, string Measure, DateTimeOffset CreatedAt)
{
    /// <summary>An application or grant id (events); null for <c>newOpportunity</c>.</summary>
    public string? Subject { get; init; }
    /// <summary>The match status (newOpportunity) or the application's status (decided).</summary>
    public string? Status { get; init; }
    public long? AmountFen { get; init; }
    public long? MaxAmountFen { get; init; }
    public int? Stage { get; init; }
    public int? FiscalYear { get; init; }
    public DateTimeOffset? ReadAt { get; init; }
    public string Delivery { get; init; } = DeliveryStates.Pending;
    public string? DeliveryError { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public int Version { get; init; } = 1;
    public string? StorageETag { get; init; }

    public bool Read => ReadAt is not null;

    public string HttpETag => ETags.ForVersion(Version);

    /// <summary>The id of the notification recorded under <paramref name="key"/>: 32 hex characters of its SHA-256.</summary>
    public static string IdOf(string uscc, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uscc + "|" + key)))[..32];

    public static bool IsWellFormedId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    public static Notification Of(string uscc, NewOpportunity news, DateTimeOffset now) =>
        new(IdOf(uscc, news.Key), uscc, NotificationKinds.NewOpportunity, news.Key, news.Measure, now)
        {
            Status = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(news.Status.ToString()), AmountFen = news.AmountFen, MaxAmountFen = news.MaxAmountFen,
        };

    /// <summary>A <c>newOffer</c>: key <c>newOffer|{offer id}|{the version it opened at}</c>, subject = the offer's id.</summary>
    public static Notification Of(string uscc, string offerId, string measure, int openedVersion, long amountFen, DateTimeOffset now)
    {
        var key = $"{NotificationKinds.NewOffer}|{offerId}|{openedVersion.ToString(CultureInfo.InvariantCulture)}";
        return new(IdOf(uscc, key), uscc, NotificationKinds.NewOffer, key, measure, now) { Subject = offerId, AmountFen = amountFen };
    }

    public static Notification Of(GrantEvent e, DateTimeOffset now) =>
        new(IdOf(e.Uscc, e.Key), e.Uscc, e.Kind, e.Key, e.Measure, now)
        {
            Subject = e.Subject, Status = e.Status, AmountFen = e.AmountFen, Stage = e.Stage, FiscalYear = e.FiscalYear,
        };
}

/// <summary>The WeChat identity that subscribed for an applicant's notifications, and the kinds it accepted.</summary>
public sealed record PushSubscription(string Uscc, string OpenId, IReadOnlyList<string> Kinds, DateTimeOffset SubscribedAt)
{
    public string? StorageETag { get; init; }
}
