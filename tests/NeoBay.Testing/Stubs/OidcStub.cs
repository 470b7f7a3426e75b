using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NeoBay.Testing.Stubs;

/// <summary>
/// An Entra ID tenant on loopback: <c>{tenant}/v2.0/.well-known/openid-configuration</c> and its JWKS, with RSA keys made here.
/// The metadata's issuer is <see cref="Issuer"/> (by default the 21Vianet authority's form, so a test shows the issuer comes
/// from the metadata, not from the URL it was fetched at). <see cref="Rollover"/> publishes a new key.
/// For a browser sign-in (authorisation code + PKCE): <c>oauth2/v2.0/authorize</c> redirects back with a one-time code bound to
/// the request's S256 challenge, and <c>oauth2/v2.0/token</c> gives tokens for the code only with the matching verifier
/// (<see cref="SignInAs"/> says who signs in). Discovery and token answers carry CORS headers, as Entra's do for SPAs.
/// </summary>
public sealed class OidcStub : IAsyncDisposable
{
    public const string Tenant = "11111111-2222-3333-4444-555555555555";

    /// <summary>A key this tenant never publishes (made once: RSA key generation is slow on a busy machine).</summary>
    private static readonly Lazy<RSA> ForeignKey = new(() => RSA.Create(2048));

    private readonly List<(string Kid, RSA Key)> published = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AuthorizeRequest> codes = new();

    private sealed record AuthorizeRequest(string ClientId, string RedirectUri, string Challenge, string? Nonce);

    /// <summary>Who the authorize endpoint signs in: the access token's audience, app roles and object id.</summary>
    public (string Audience, string[] Roles, string ObjectId) SignInAs { get; set; } = ("api://neobay", ["NeoBay.Reviewer"], "00000000-0000-0000-0000-00000000beef");

    /// <summary>Codes exchanged with the verifier that matched their challenge.</summary>
    public int VerifiedExchanges { get; private set; }
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
                context.Response.Headers.AccessControlAllowOrigin = "*";
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
            app.MapGet($"/{Tenant}/oauth2/v2.0/authorize", context =>
            {
                var q = context.Request.Query;
                if (q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"])
                    || string.IsNullOrEmpty(q["client_id"]) || !Uri.TryCreate(q["redirect_uri"], UriKind.Absolute, out var redirect))
                {
                    context.Response.StatusCode = 400;
                    return context.Response.WriteAsync("authorisation code with PKCE (S256) only");
                }

                var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                stub.codes[code] = new AuthorizeRequest(q["client_id"]!, redirect.AbsoluteUri, q["code_challenge"]!, q["nonce"]);
                var back = new UriBuilder(redirect) { Query = $"code={code}&state={Uri.EscapeDataString(q["state"].ToString())}" };
                context.Response.Redirect(back.Uri.AbsoluteUri);
                return Task.CompletedTask;
            });
            app.MapPost($"/{Tenant}/oauth2/v2.0/token", async context =>
            {
                context.Response.Headers.AccessControlAllowOrigin = "*";
                var form = await context.Request.ReadFormAsync();
                string Form(string name) => form[name].ToString();
                // One use per code; the verifier must hash (SHA-256, base64url) to the challenge sent to authorize.
                if (Form("grant_type") != "authorization_code" || !stub.codes.TryRemove(Form("code"), out var request)
                    || request.ClientId != Form("client_id") || request.RedirectUri != Form("redirect_uri")
                    || Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(Form("code_verifier")))) != request.Challenge)
                {
                    context.Response.StatusCode = 400;
                    await LoopbackServer.WriteJsonAsync(context, """{"error":"invalid_grant","error_description":"code, client, redirect or verifier does not match"}""");
                    return;
                }

                stub.VerifiedExchanges++;
                var now = DateTimeOffset.UtcNow;
                var (audience, roles, objectId) = stub.SignInAs;
                await LoopbackServer.WriteJsonAsync(context, JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["token_type"] = "Bearer",
                    ["expires_in"] = 3600,
                    ["scope"] = Form("scope"),
                    ["access_token"] = stub.Token(audience, roles, now, TimeSpan.FromHours(1), objectId: objectId),
                    ["id_token"] = stub.IdToken(request.ClientId, objectId, request.Nonce, now),
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

    /// <summary>The ID token of a browser sign-in: audience the client, the nonce of its authorize request.</summary>
    private string IdToken(string clientId, string objectId, string? nonce, DateTimeOffset issuedAt)
    {
        var claims = new Dictionary<string, object> { ["sub"] = objectId, ["oid"] = objectId, ["tid"] = Tenant, ["ver"] = "2.0" };
        if (nonce is not null) claims["nonce"] = nonce;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer, Audience = clientId, IssuedAt = issuedAt.UtcDateTime, NotBefore = issuedAt.UtcDateTime,
            Expires = (issuedAt + TimeSpan.FromHours(1)).UtcDateTime, Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(published[^1].Key) { KeyId = published[^1].Kid }, SecurityAlgorithms.RsaSha256),
        });
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
