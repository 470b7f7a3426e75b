using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NeoBay.Grants.Auth;

/// <summary>Tokens the app signs itself (HS256 with <c>NeoBay:Auth:SigningKey</c>): the WeChat sign-in's and the development ones.</summary>
public static class AppTokens
{
    /// <summary>A signed token: <c>sub</c>, <c>role</c>, optional <c>uscc</c> and <c>for</c>; iat = nbf = now on <paramref name="clock"/>.</summary>
    public static string Create(AuthSettings settings, string subject, string role, string? uscc, IReadOnlyList<string>? actsFor, TimeSpan lifetime, TimeProvider clock)
    {
        if (lifetime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(lifetime), "The lifetime must be positive.");
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            [TokenValidator.RoleClaim] = role,
        };
        if (uscc is not null) claims[TokenValidator.UsccClaim] = uscc;
        if (actsFor is { Count: > 0 }) claims[TokenValidator.ActsForClaim] = actsFor.ToArray();

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(settings.KeyBytes()), SecurityAlgorithms.HmacSha256),
        });
    }
}
