using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using NeoBay.Grants.Common;

namespace NeoBay.Grants.Auth;

/// <summary>
/// Settings <c>NeoBay:Auth:Entra:Authority</c> (the tenant's v2.0 authority, e.g.
/// <c>https://login.microsoftonline.com/{tenant}/v2.0</c>, or <c>https://login.chinacloudapi.cn/{tenant}/v2.0</c> on Azure
/// operated by 21Vianet) and <c>:Audience</c> (the API's application id URI or client id).
/// </summary>
public sealed record EntraSettings(Uri Authority, string Audience)
{
    /// <summary>How long fetched metadata and keys are used before they are fetched again.</summary>
    public TimeSpan MetadataLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>An unknown <c>kid</c> refetches the keys at most this often (key rollover without a fetch per forged token).</summary>
    public TimeSpan MinRefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    public string MetadataAddress => Authority.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration";

    /// <summary>Plain HTTP only to a loopback authority (test stubs); everything else must be HTTPS.</summary>
    public bool RequireHttps => !Authority.IsLoopback;
}

/// <summary>
/// Validates Entra ID access tokens (RS256): issuer from the authority's OpenID configuration, the configured audience,
/// a key of the published JWKS (cached; refetched on an unknown <c>kid</c>), times on the real clock. App roles
/// <c>NeoBay.Reviewer</c>, <c>NeoBay.Admin</c>, <c>NeoBay.Integrator</c> become the API's roles. The subject is the
/// client id (<c>azp</c>/<c>appid</c>) for integrators (client credentials), the object id (<c>oid</c>) for people.
/// </summary>
public sealed class EntraTokens
{
    public static readonly IReadOnlyDictionary<string, string> AppRoles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["NeoBay.Reviewer"] = Roles.Reviewer,
        ["NeoBay.Admin"] = Roles.Admin,
        ["NeoBay.Integrator"] = Roles.Integrator,
    };

    private readonly EntraSettings settings;
    private readonly TimeProvider clock;
    private readonly HttpDocumentRetriever retriever;
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly SemaphoreSlim gate = new(1, 1);
    private OpenIdConnectConfiguration? current;
    private DateTimeOffset fetchedAt;

    public EntraTokens(EntraSettings settings, HttpClient http, TimeProvider realClock)
    {
        this.settings = settings;
        clock = realClock;
        retriever = new HttpDocumentRetriever(http) { RequireHttps = settings.RequireHttps };
    }

    /// <summary>How many times metadata and keys were fetched (for tests and diagnostics).</summary>
    public int Fetches { get; private set; }

    /// <summary>The validated token's identity, or the validation failure.</summary>
    public async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        var configuration = await ConfigurationAsync(refresh: false, cancellationToken);
        var result = await handler.ValidateTokenAsync(token, Parameters(configuration));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Key rollover: the token names a kid we have not seen; fetch the keys again (rate-limited) and retry once.
            var refreshed = await ConfigurationAsync(refresh: true, cancellationToken);
            if (!ReferenceEquals(refreshed, configuration)) result = await handler.ValidateTokenAsync(token, Parameters(refreshed));
        }

        return result;
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration)
    {
        var parameters = TokenLifetime.Parameters(configuration.Issuer, settings.Audience, configuration.SigningKeys, SecurityAlgorithms.RsaSha256, clock);
        parameters.TryAllIssuerSigningKeys = false; // an unknown kid must fail as such (key rollover), not try every key
        return parameters;
    }

    private async Task<OpenIdConnectConfiguration> ConfigurationAsync(bool refresh, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            var stale = current is null || now - fetchedAt >= settings.MetadataLifetime || (refresh && now - fetchedAt >= settings.MinRefreshInterval);
            if (stale)
            {
                current = await OpenIdConnectConfigurationRetriever.GetAsync(settings.MetadataAddress, retriever, cancellationToken);
                fetchedAt = now;
                Fetches++;
            }

            return current!;
        }
        finally
        {
            gate.Release();
        }
    }
}
