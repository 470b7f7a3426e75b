using System.Text;

namespace NeoBay.Grants.Common;

/// <summary>The service's continuation token made URL-safe for our answers, and read back.</summary>
internal static class PageQuery
{
    public static string? Encode(string? token) =>
        token is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Null for a token that is not one of ours (the caller validates first with <see cref="IsValid"/>).</summary>
    public static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static bool IsValid(string? token) => string.IsNullOrEmpty(token) || (token.Length <= 2048 && Decode(token) is { Length: > 0 });
}
