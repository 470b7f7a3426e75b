using System.Security.Cryptography;
using System.Text;

namespace NeoBay.Grants.Domain;

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

public static class GrantKeys
{
    /// <summary>Renewal shards: the yearly run sends one message per shard.</summary>
    public const int ShardCount = 16;

    /// <summary>The grant of an application: one per application, so a retried approval cannot make a second.</summary>
    public static string ForApplication(string applicationId) => "G" + applicationId[1..];

    /// <summary>The application a grant was made for (the inverse of <see cref="ForApplication"/>).</summary>
    public static string ApplicationOf(string grantId) => "A" + grantId[1..];

    /// <summary>Stable shard of a grant (FNV-1a of its id).</summary>
    public static int Shard(string grantId)
    {
        uint hash = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(grantId))
        {
            hash = (hash ^ b) * 16777619;
        }

        return (int)(hash % ShardCount);
    }

    public static string ShardPartition(int shard) => $"shard-{shard:D2}";

    public static string LineRowKey(int fiscalYear, string component) => $"line-{fiscalYear}-{component}";
}

public static class Hashes
{
    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
