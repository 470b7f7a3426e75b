using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NeoBay.Grants.Auth;

/// <summary>Why a token was refused (the edge answers 401 with this code).</summary>
public sealed record AuthFailure(string Code, string MessageZh, string MessageEn);

/// <summary>
/// Validates a Bearer JWT (HS256; issuer, audience, lifetime, signature by the current or, during a
/// rotation, the previous key) and reads the caller:
/// claim <c>sub</c>, <c>role</c> (one or many), <c>uscc</c> (applicants), <c>for</c> (integrators: USCCs, one or many).
/// The clock is the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class TokenValidator
{
    public const string RoleClaim = "role";
    public const string UsccClaim = "uscc";
    public const string ActsForClaim = "for";

    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters parameters;

    public TokenValidator(AuthSettings settings, TimeProvider clock)
    {
        parameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            IssuerSigningKeys = settings.ValidationKeyBytes().Select(key => new SymmetricSecurityKey(key)).ToArray(),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromMinutes(1),
            NameClaimType = "sub",
            RoleClaimType = RoleClaim,
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore.Value <= now + p.ClockSkew) && expires is not null && expires.Value > now - p.ClockSkew;
            },
        };
    }

    /// <summary>The caller of an <c>Authorization</c> header value, or why not.</summary>
    public async Task<(Caller? Caller, AuthFailure? Failure)> ValidateAsync(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return (null, new AuthFailure("Unauthenticated", "需要 Bearer 令牌。", "A Bearer token is required."));
        var token = authorization["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 8192)
            return (null, new AuthFailure("InvalidToken", "令牌无效。", "The token is not valid."));

        var result = await handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            return result.Exception is SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException
                ? (null, new AuthFailure("TokenExpired", "令牌已过期。", "The token has expired."))
                : (null, new AuthFailure("InvalidToken", "令牌无效。", "The token is not valid."));
        }

        var identity = result.ClaimsIdentity;
        var subject = identity.FindFirst("sub")?.Value;
        var roles = Values(identity, RoleClaim).Where(Roles.All.Contains).ToList();
        var uscc = identity.FindFirst(UsccClaim)?.Value;
        var actsFor = Values(identity, ActsForClaim).ToList();
        if (string.IsNullOrEmpty(subject) || roles.Count == 0)
            return (null, new AuthFailure("InvalidToken", "令牌缺少主体或角色。", "The token has no subject or no known role."));
        if (roles.Contains(Roles.Applicant) && string.IsNullOrEmpty(uscc))
            return (null, new AuthFailure("InvalidToken", "申请人令牌须带 uscc。", "An applicant token needs the uscc claim."));
        return (Caller.Create(subject, roles, uscc, actsFor), null);
    }

    private static IEnumerable<string> Values(ClaimsIdentity identity, string type) =>
        identity.FindAll(type).SelectMany(c => c.Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
