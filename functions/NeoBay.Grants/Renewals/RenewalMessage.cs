using System.Globalization;
using System.Text.Json;
using NeoBay.Grants.Ledger;

namespace NeoBay.Grants.Renewals;

/// <summary>The message of one shard: <c>{"fiscalYear":2027,"shard":3}</c>.</summary>
public static class RenewalMessage
{
    public static string Write(int fiscalYear, int shard) =>
        $"{{\"fiscalYear\":{fiscalYear.ToString(CultureInfo.InvariantCulture)},\"shard\":{shard.ToString(CultureInfo.InvariantCulture)}}}";

    /// <summary>Null when the text is not such a message.</summary>
    public static (int FiscalYear, int Shard)? Read(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object &&
                root.TryGetProperty("fiscalYear", out var fy) && fy.TryGetInt32(out var year) &&
                root.TryGetProperty("shard", out var s) && s.TryGetInt32(out var shard) &&
                shard is >= 0 and < GrantKeys.ShardCount && year is > 1900 and < 10000)
                return (year, shard);
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
