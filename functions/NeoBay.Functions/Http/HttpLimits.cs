using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace NeoBay.Functions.Http;

/// <summary>
/// How long a request body may take to arrive (<c>NeoBay:Http:BodyTimeoutSeconds</c>, 10 s by default): a body that
/// trickles in slower answers 408 for that request alone. Sizes are per route (<see cref="BodySize"/>).
/// </summary>
public sealed record HttpLimits(TimeSpan BodyTimeout)
{
    public const string BodyTimeoutSetting = "NeoBay:Http:BodyTimeoutSeconds";

    public static readonly HttpLimits Default = new(TimeSpan.FromSeconds(10));

    public static HttpLimits From(IConfiguration configuration) =>
        configuration[BodyTimeoutSetting] is { Length: > 0 } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? new HttpLimits(TimeSpan.FromSeconds(seconds))
                : throw new InvalidOperationException($"{BodyTimeoutSetting} must be a positive number of seconds.")
            : Default;
}

/// <summary>The largest JSON body each kind of route accepts (413 above it, before anything is read).</summary>
public static class BodySize
{
    /// <summary>A small command: a reason, a decision, a departure, a redemption, an upload request.</summary>
    public const int Small = 16 * 1024;

    /// <summary>One application or one Event Grid delivery.</summary>
    public const int Application = 64 * 1024;

    /// <summary>A bank's payment results for one batch (JSON or CSV).</summary>
    public const int Bulk = 1024 * 1024;

    /// <summary>A quote array of at most <see cref="CatalogFunctions.MaxQuotes"/> requests.</summary>
    public const int Quotes = 256 * 1024;
}
