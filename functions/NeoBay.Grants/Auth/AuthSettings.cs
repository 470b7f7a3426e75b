namespace NeoBay.Grants.Auth;

/// <summary>Settings <c>NeoBay:Auth:Issuer</c>, <c>:Audience</c>, <c>:SigningKey</c> (base64 HMAC-SHA256 key; a Key Vault reference on Azure).</summary>
public sealed record AuthSettings(string Issuer, string Audience, string SigningKey)
{
    /// <summary>HMAC-SHA256 wants at least 256 bits.</summary>
    public const int MinKeyBytes = 32;

    public byte[] KeyBytes()
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(SigningKey);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException("NeoBay:Auth:SigningKey is not base64.", e);
        }

        return key.Length >= MinKeyBytes ? key : throw new InvalidOperationException($"NeoBay:Auth:SigningKey must be at least {MinKeyBytes} bytes.");
    }
}
