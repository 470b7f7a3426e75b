using System.Text.Json;
using System.Text.Json.Serialization;
using NeoBay.Grants.Matching;

namespace NeoBay.Grants.Notifications;

/// <summary>
/// A message of queue <c>profiles-rematch</c>: re-match one applicant (its profile was saved, or an application or grant
/// event happened, carried in <see cref="Event"/>), or one page of every profile on the day a catalog edition takes
/// effect (<see cref="CatalogDay"/>, from <see cref="ContinuationToken"/>) — of the saved profiles, or with
/// <see cref="Offers"/> of the applicants with trusted facts, whose offers are refreshed (免申即享).
/// </summary>
public sealed record RematchMessage(string? Uscc = null, GrantEvent? Event = null, DateOnly? CatalogDay = null, string? ContinuationToken = null, bool? Offers = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, PushJsonContext.Default.RematchMessage);

    /// <summary>Null when the text is not a re-match message.</summary>
    public static RematchMessage? Read(string text)
    {
        try
        {
            var message = JsonSerializer.Deserialize(text, PushJsonContext.Default.RematchMessage);
            return message is { Uscc: { Length: > 0 } } or { CatalogDay: not null } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A message of queue <c>notifications-send</c>: deliver one notification.</summary>
public sealed record DeliveryMessage(string Uscc, string Id)
{
    public string ToJson() => JsonSerializer.Serialize(this, PushJsonContext.Default.DeliveryMessage);

    public static DeliveryMessage? Read(string text)
    {
        try
        {
            var message = JsonSerializer.Deserialize(text, PushJsonContext.Default.DeliveryMessage);
            return message is { Uscc.Length: > 0 } && Notification.IsWellFormedId(message.Id) ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RematchMessage))]
[JsonSerializable(typeof(DeliveryMessage))]
internal sealed partial class PushJsonContext : JsonSerializerContext;

/// <summary>The port of queue <c>profiles-rematch</c>; a saved profile's re-match is a message naming its applicant.</summary>
public interface IRematchQueue : IProfileRematch
{
    Task EnqueueAsync(RematchMessage message, CancellationToken cancellationToken = default);

    Task IProfileRematch.RematchAsync(string uscc, CancellationToken cancellationToken) => EnqueueAsync(new RematchMessage(uscc), cancellationToken);
}
