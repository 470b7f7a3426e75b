using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace NeoBay.Grants.Storage;

/// <summary>
/// The tamper-evident audit trail (docs/audit.md): an audit line stores <c>PrevHash</c>, the hash of the line before
/// it in its chain, and <c>Hash</c> = SHA-256 over its keys and every other property; the record the chain belongs to
/// (application, document, grant, payee, batch) stores the last line's hash as <c>AuditHash</c>, written with its ETag
/// in the same transaction, so a chain has no forks.
/// </summary>
public static class AuditChain
{
    public const string HashProperty = "Hash";
    public const string PrevHashProperty = "PrevHash";
    public const string HeadProperty = "AuditHash";

    /// <summary>Links an audit line after <paramref name="previousHash"/> (null: the chain's first line); returns its hash.</summary>
    public static string Link(TableEntity line, string? previousHash)
    {
        line[PrevHashProperty] = previousHash ?? string.Empty;
        line.Remove(HashProperty);
        var hash = Compute(line);
        line[HashProperty] = hash;
        return hash;
    }

    /// <summary>Lower-case hex SHA-256 of the line's keys and properties (names sorted, values in invariant text; not Hash, ETag, Timestamp).</summary>
    public static string Compute(TableEntity line)
    {
        var text = new StringBuilder();
        Append(text, "PartitionKey", line.PartitionKey);
        Append(text, "RowKey", line.RowKey);
        foreach (var name in line.Keys.Where(k => k is not (HashProperty or "odata.etag" or "Timestamp" or "PartitionKey" or "RowKey")).Order(StringComparer.Ordinal))
        {
            Append(text, name, Format(line[name]));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // Length-prefixed, so no value can imitate a separator.
    private static void Append(StringBuilder text, string name, string value) =>
        text.Append(CultureInfo.InvariantCulture, $"{name.Length}:{name}={value.Length}:{value};");

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        DateTime d => d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
