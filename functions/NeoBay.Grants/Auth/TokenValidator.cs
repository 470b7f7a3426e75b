using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NeoBay.Grants.Common;

namespace NeoBay.Grants.Auth;

/// <summary>Why a token was refused: the edge answers <see cref="Status"/> (401 unless the identity provider is unreachable) with this code.</summary>
public sealed record AuthFailure(string Key, int Status = 401, object?[]? Args = null)
{
    /// <summary>The problem code (the catalog key's code).</summary>
    public string Code => NeoBay.Messages.MessageCatalog.CodeOf(Key);
}

/// <summary>
/// Validates a Bearer JWT and reads the caller. Two kinds are accepted:
/// app-signed HS256 tokens (issuer, audience, signature by the current or, during a rotation, the previous key) with
/// claims <c>sub</c>, <c>role</c> (one or many), <c>uscc</c> (an applicant's approved binding), <c>for</c> (integrators; honoured
/// only in tokens of the public development key); and, when configured, Entra ID access tokens (<see cref="EntraTokens"/>).
/// Times are checked on the real clock (<see cref="TokenClock"/>); a token whose lifetime exceeds
/// <see cref="AuthSettings.MaxTokenLifetime"/> is refused. An integrator's applicants come from its grants (data).
/// </summary>
public sealed class TokenValidator
{
    public const string RoleClaim = "role";
    public const string UsccClaim = "uscc";
    public const string ActsForClaim = "for";
    public const int MaxTokenLength = 8192;

    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters parameters;
    private readonly AuthSettings settings;
    private readonly TimeProvider clock;
    private readonly EntraTokens? entra;
    private readonly IIntegratorGrantLookup? grants;
    private readonly bool honoursActsForClaim;

    public TokenValidator(AuthSettings settings, TimeProvider realClock, EntraTokens? entra = null, IIntegratorGrantLookup? grants = null)
    {
        this.settings = settings;
        clock = realClock;
        this.entra = entra;
        this.grants = grants;
        honoursActsForClaim = DevelopmentTokens.IsDevelopmentKey(settings.SigningKey);
        parameters = TokenLifetime.Parameters(settings.Issuer, settings.Audience,
            settings.ValidationKeyBytes().Select(key => new SymmetricSecurityKey(key)).ToArray(), SecurityAlgorithms.HmacSha256, realClock);
    }

    /// <summary>The caller of an <c>Authorization</c> header value, or why not.</summary>
    public async Task<(Caller? Caller, AuthFailure? Failure)> ValidateAsync(string? authorization, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return (null, new AuthFailure("Unauthenticated"));
        var token = authorization["Bearer ".Length..].Trim();
        if (token.Length is 0 or > MaxTokenLength || !handler.CanReadToken(token)) return (null, Invalid());

        bool appSigned;
        try
        {
            appSigned = handler.ReadJsonWebToken(token).Alg == SecurityAlgorithms.HmacSha256;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException)
        {
            return (null, Invalid());
        }

        TokenValidationResult result;
        if (appSigned) result = await handler.ValidateTokenAsync(token, parameters);
        else if (entra is null) return (null, Invalid());
        else
        {
            try
            {
                result = await entra.ValidateAsync(token, cancellationToken);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                return (null, new AuthFailure("AuthProviderUnavailable", 503));
            }
        }

        if (!result.IsValid)
        {
            return result.Exception is SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException
                ? (null, new AuthFailure("TokenExpired"))
                : (null, Invalid());
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        DateTime? issuedAt = jwt.IssuedAt == DateTime.MinValue ? null : jwt.IssuedAt;
        DateTime? notBefore = jwt.TryGetPayloadValue<long>("nbf", out _) ? jwt.ValidFrom : null;
        if (!TokenLifetime.IsWithin(notBefore, jwt.ValidTo, issuedAt, clock.GetUtcNow(), settings.MaxTokenLifetime))
            return (null, new AuthFailure("TokenLifetimeTooLong", Args: [settings.MaxTokenLifetime.TotalHours]));

        var caller = appSigned ? AppCaller(result.ClaimsIdentity) : EntraCaller(result.ClaimsIdentity);
        if (caller is null) return (null, new AuthFailure("InvalidToken.Claims"));
        if (grants is not null && caller.IsInRole(Roles.Integrator))
        {
            var granted = await grants.UsccsForAsync(caller.Subject, cancellationToken);
            caller = caller with { ActsFor = caller.ActsFor.Union(granted, StringComparer.Ordinal).ToArray() };
        }

        return (caller, null);
    }

    private Caller? AppCaller(ClaimsIdentity identity)
    {
        var subject = identity.FindFirst("sub")?.Value;
        var roles = Values(identity, RoleClaim).Where(Roles.All.Contains).ToList();
        if (string.IsNullOrEmpty(subject) || roles.Count == 0) return null;
        // An applicant token without uscc is an identity with no approved binding yet: it may quote, match and bind, not submit.
        var uscc = identity.FindFirst(UsccClaim)?.Value;
        var actsFor = honoursActsForClaim ? Values(identity, ActsForClaim).ToList() : [];
        return Caller.Create(subject, roles, string.IsNullOrEmpty(uscc) ? null : uscc, actsFor);
    }

    private static Caller? EntraCaller(ClaimsIdentity identity)
    {
        var roles = identity.FindAll("roles").Select(c => EntraTokens.AppRoles.GetValueOrDefault(c.Value)).OfType<string>().Distinct().ToList();
        var subject = roles.Contains(Roles.Integrator)
            ? identity.FindFirst("azp")?.Value ?? identity.FindFirst("appid")?.Value
            : identity.FindFirst("oid")?.Value ?? identity.FindFirst("sub")?.Value;
        return string.IsNullOrEmpty(subject) || roles.Count == 0 ? null : Caller.Create(subject, roles);
    }

    private static AuthFailure Invalid() => new("InvalidToken");

    private static IEnumerable<string> Values(ClaimsIdentity identity, string type) =>
        identity.FindAll(type).SelectMany(c => c.Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>The USCCs an integrator (by client id) may act for: grants the applicants gave, stored as data.</summary>
public interface IIntegratorGrantLookup
{
    Task<IReadOnlyCollection<string>> UsccsForAsync(string clientId, CancellationToken cancellationToken = default);
}
