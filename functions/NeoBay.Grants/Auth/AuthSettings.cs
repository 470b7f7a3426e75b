namespace NeoBay.Grants.Auth;

/// <summary>
/// Settings <c>NeoBay:Auth:Issuer</c>, <c>:Audience</c>, <c>:SigningKey</c> (base64 HMAC-SHA256 key; a Key Vault reference on Azure)
/// and, during a key rotation, <c>:PreviousSigningKey</c>: tokens signed with either key validate; only the current key signs.
/// </summary>
public sealed record AuthSettings(string Issuer, string Audience, string SigningKey, string? PreviousSigningKey = null)
{
    /// <summary>HMAC-SHA256 wants at least 256 bits.</summary>
    public const int MinKeyBytes = 32;

    /// <summary>Default of <c>NeoBay:Auth:MaxTokenLifetimeHours</c>: a token living longer (exp − iat/nbf) is refused.</summary>
    public static readonly TimeSpan DefaultMaxTokenLifetime = TimeSpan.FromHours(24);

    /// <summary>The longest lifetime (exp − iat/nbf) a token may declare, app-signed or Entra.</summary>
    public TimeSpan MaxTokenLifetime { get; init; } = DefaultMaxTokenLifetime;

    /// <summary>What App Service leaves in a setting whose Key Vault reference it could not resolve (e.g. no such secret).</summary>
    public const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    public byte[] KeyBytes() => Decode(SigningKey, "NeoBay:Auth:SigningKey");

    /// <summary>The keys a token may be signed with: the current one, then the previous one if configured.</summary>
    public IReadOnlyList<byte[]> ValidationKeyBytes() =>
        PreviousSigningKey is null ? [KeyBytes()] : [KeyBytes(), Decode(PreviousSigningKey, "NeoBay:Auth:PreviousSigningKey")];

    /// <summary>
    /// The configured previous key, or null when there is none: empty, or an unresolved Key Vault reference
    /// (on Azure the setting always references the secret, which exists only during a rotation window).
    /// </summary>
    public static string? PreviousKeyOrNull(string? configured) =>
        string.IsNullOrWhiteSpace(configured) || configured.TrimStart().StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase)
            ? null
            : configured;

    private static byte[] Decode(string value, string setting)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(value);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{setting} is not base64.", e);
        }

        return key.Length >= MinKeyBytes ? key : throw new InvalidOperationException($"{setting} must be at least {MinKeyBytes} bytes.");
    }
}
