using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NeoBay.Testing.Stubs;

/// <summary>
/// An Entra ID tenant on loopback: <c>{tenant}/v2.0/.well-known/openid-configuration</c> and its JWKS, with RSA keys made here.
/// The metadata's issuer is <see cref="Issuer"/> (by default the 21Vianet authority's form, so a test shows the issuer comes
/// from the metadata, not from the URL it was fetched at). <see cref="Rollover"/> publishes a new key.
/// </summary>
public sealed class OidcStub : IAsyncDisposable
{
    public const string Tenant = "11111111-2222-3333-4444-555555555555";

    /// <summary>A key this tenant never publishes (made once: RSA key generation is slow on a busy machine).</summary>
    private static readonly Lazy<RSA> ForeignKey = new(() => RSA.Create(2048));

    private readonly List<(string Kid, RSA Key)> published = [];
    private LoopbackServer server = null!;

    public string Issuer { get; set; } = $"https://login.chinacloudapi.cn/{Tenant}/v2.0";

    /// <summary>The authority to configure (<c>NeoBay:Auth:Entra:Authority</c>).</summary>
    public Uri Authority => new(server.BaseAddress, $"{Tenant}/v2.0");

    public int MetadataRequests { get; private set; }

    public int KeyRequests { get; private set; }

    public string CurrentKid => published[^1].Kid;

    public static async Task<OidcStub> StartAsync()
    {
        var stub = new OidcStub();
        stub.Rollover();
        stub.server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet($"/{Tenant}/v2.0/.well-known/openid-configuration", context =>
            {
                stub.MetadataRequests++;
                var jwks = new Uri(stub.server.BaseAddress, $"{Tenant}/discovery/v2.0/keys").AbsoluteUri;
                return LoopbackServer.WriteJsonAsync(context, JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["issuer"] = stub.Issuer,
                    ["jwks_uri"] = jwks,
                    ["authorization_endpoint"] = new Uri(stub.server.BaseAddress, $"{Tenant}/oauth2/v2.0/authorize").AbsoluteUri,
                    ["token_endpoint"] = new Uri(stub.server.BaseAddress, $"{Tenant}/oauth2/v2.0/token").AbsoluteUri,
                    ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                }));
            });
            app.MapGet($"/{Tenant}/discovery/v2.0/keys", context =>
            {
                stub.KeyRequests++;
                var keys = stub.published.Select(p =>
                {
                    var parameters = p.Key.ExportParameters(false);
                    return new Dictionary<string, string>
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = p.Kid,
                        ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    };
                });
                return LoopbackServer.WriteJsonAsync(context, JsonSerializer.Serialize(new { keys }));
            });
        });
        return stub;
    }

    /// <summary>Publishes a new signing key (the old ones stay published); returns its kid.</summary>
    public string Rollover()
    {
        var kid = "kid-" + Guid.NewGuid().ToString("N")[..8];
        published.Add((kid, RSA.Create(2048)));
        return kid;
    }

    /// <summary>
    /// An access token: roles, audience, times; <paramref name="clientId"/> as <c>azp</c> (client credentials) or, for a person,
    /// <paramref name="objectId"/> as <c>oid</c>. <paramref name="kid"/> picks a published key, or (unknown) a key nobody publishes.
    /// </summary>
    public string Token(string audience, IReadOnlyList<string> roles, DateTimeOffset issuedAt, TimeSpan lifetime, string? clientId = null,
        string? objectId = null, string? issuer = null, string? kid = null)
    {
        var key = kid is null ? published[^1] : published.FirstOrDefault(p => p.Kid == kid);
        if (key.Key is null) key = (kid!, ForeignKey.Value);
        var claims = new Dictionary<string, object> { ["roles"] = roles.ToArray(), ["tid"] = Tenant, ["ver"] = "2.0" };
        if (clientId is not null) claims["azp"] = clientId;
        if (objectId is not null) claims["oid"] = objectId;
        claims["sub"] = objectId ?? clientId ?? "subject";
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = (issuedAt + lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key.Key) { KeyId = key.Kid }, SecurityAlgorithms.RsaSha256),
        });
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
