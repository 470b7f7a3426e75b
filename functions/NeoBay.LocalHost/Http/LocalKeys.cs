using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using NeoBay.LocalHost.Configuration;

namespace NeoBay.LocalHost.Http;

/// <summary>
/// The one key of the local host: it opens Function- and Admin-level functions and the admin API, given as the
/// <c>x-functions-key</c> header or the <c>code</c> query parameter, as on Azure. <c>LocalHost:Key</c> sets it;
/// otherwise a random key is made at start and printed.
/// </summary>
public sealed class LocalKeys
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    public LocalKeys(IConfiguration configuration)
    {
        Key = configuration[LocalHostSettings.KeyKey] is { Length: > 0 } configured
            ? configured
            : Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
    }

    public string Key { get; }

    public bool IsAuthorized(HttpRequest request)
    {
        var given = request.Headers[HeaderName].FirstOrDefault() ?? request.Query[QueryName].FirstOrDefault();
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(Key));
    }
}
