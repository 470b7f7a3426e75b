using NeoBay.Grants.Common;

namespace NeoBay.Grants.Auth;

/// <summary>
/// Tokens for LOCAL development and tests only, signed with a public, well-known key that is in this
/// repository and in <c>local.settings.sample.json</c>. Never configure this key outside development:
/// anyone can mint tokens with it.
/// </summary>
public static class DevelopmentTokens
{
    /// <summary>The public local development signing key (base64, 256 bits). Not a secret.</summary>
    public const string SigningKey = "bmVvYmF5LWxvY2FsLWRldmVsb3BtZW50LWtleS1ub3QtYS1zZWNyZXQ=";

    public const string Issuer = "neobay-local";
    public const string Audience = "neobay-api";

    public static AuthSettings Settings => new(Issuer, Audience, SigningKey);

    /// <summary>True when a configured key is the public development key (refuse it in production).</summary>
    public static bool IsDevelopmentKey(string? signingKey) => string.Equals(signingKey, SigningKey, StringComparison.Ordinal);

    /// <summary>A signed token for <paramref name="role"/>; applicants need <paramref name="uscc"/>, integrators <paramref name="actsFor"/>.</summary>
    public static string Mint(string role, string? uscc, IReadOnlyList<string>? actsFor, TimeSpan lifetime, TimeProvider clock, string? subject = null)
    {
        if (!Roles.All.Contains(role)) throw new ArgumentException($"Unknown role '{role}'; one of {string.Join(", ", Roles.All)}.", nameof(role));
        if (role == Roles.Applicant && string.IsNullOrWhiteSpace(uscc)) throw new ArgumentException("An applicant token needs a USCC.", nameof(uscc));
        return AppTokens.Create(Settings, subject ?? (uscc is null ? $"{role}-dev" : $"{role}-{uscc}"), role, uscc, actsFor, lifetime, clock);
    }
}
