using Microsoft.IdentityModel.Tokens;

namespace NeoBay.Grants.Auth;

/// <summary>
/// The clock token times (iat, nbf, exp) are checked and issued against: real time, like SAS, even when
/// <c>NeoBay:DevClock</c> shifts the business clock (a token minted by <c>neobay token</c> must stay valid).
/// </summary>
public sealed record TokenClock(TimeProvider Time);

/// <summary>The time rules every accepted token meets, app-signed or Entra (issue #11 item 8).</summary>
public static class TokenLifetime
{
    /// <summary>Allowed difference between the issuer's clock and ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>What every token must meet: this issuer, audience, one of these keys and this algorithm, an exp, current on <paramref name="clock"/>.</summary>
    public static TokenValidationParameters Parameters(string issuer, string audience, IEnumerable<SecurityKey> keys, string algorithm, TimeProvider clock) => new()
    {
        ValidIssuer = issuer,
        ValidAudience = audience,
        IssuerSigningKeys = keys,
        ValidAlgorithms = [algorithm],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        LifetimeValidator = (notBefore, expires, _, _) => IsCurrent(notBefore, expires, clock.GetUtcNow()),
    };

    /// <summary>Valid at <paramref name="now"/>: has an exp, nbf ≤ now + skew, exp &gt; now − skew.</summary>
    public static bool IsCurrent(DateTime? notBefore, DateTime? expires, DateTimeOffset now) =>
        expires is not null && (notBefore is null || notBefore.Value <= now.UtcDateTime + ClockSkew) && expires.Value > now.UtcDateTime - ClockSkew;

    /// <summary>
    /// Not longer-lived than <paramref name="max"/>: exp − the earliest of iat and nbf, or exp − now when the token
    /// names neither (a token valid until 2286 is refused however it was signed).
    /// </summary>
    public static bool IsWithin(DateTime? notBefore, DateTime expires, DateTime? issuedAt, DateTimeOffset now, TimeSpan max)
    {
        DateTime? start = (notBefore, issuedAt) switch
        {
            ({ } n, { } i) => n < i ? n : i,
            ({ } n, null) => n,
            (null, { } i) => i,
            _ => null,
        };
        return expires - (start ?? now.UtcDateTime) <= max;
    }
}
