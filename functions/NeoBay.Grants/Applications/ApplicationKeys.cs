using System.Security.Cryptography;
using System.Text;

namespace NeoBay.Grants.Applications;

public static class ApplicationKeys
{
    /// <summary>A new application id: UTC time (sortable) + 40 random bits, e.g. <c>A20261126112000-9f3c1a2b7d</c>.</summary>
    public static string NewId(DateTimeOffset now) =>
        "A" + now.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" +
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    /// <summary>Only our own id shape reaches storage (letters, digits, dash; ≤ 64 chars).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: > 1 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
