using System.Text;
using Azure.Data.Tables;
using NeoBay.Grants.Common;

namespace NeoBay.Grants.Storage;

/// <summary>
/// The service's limits, checked in our code because Azurite does not enforce them:
/// batch ≤ 100 operations, ≤ 4 MiB, one partition; entity ≤ 1 MiB, ≤ 252 custom properties,
/// string ≤ 64 KiB; PartitionKey/RowKey ≤ 1 KiB without <c>/ \ # ?</c> or control characters.
/// </summary>
public static class TableLimits
{
    public const int MaxBatchOperations = 100;
    public const int MaxBatchBytes = 4 * 1024 * 1024;
    public const int MaxEntityBytes = 1024 * 1024;
    public const int MaxCustomProperties = 252;
    public const int MaxStringBytes = 64 * 1024;
    public const int MaxKeyBytes = 1024;

    /// <summary>Characters per chunk when a long text is split over several properties (UTF-16: 2 bytes each, under 64 KiB).</summary>
    public const int StringChunkChars = 32_000;

    /// <summary>Per-operation framing of a batch (multipart headers), added to the entity sizes.</summary>
    public const int BatchOperationOverheadBytes = 1024;

    private static readonly string[] SystemProperties = ["PartitionKey", "RowKey", "Timestamp", "odata.etag"];

    /// <summary>
    /// The entity's size as the service counts it: 4 + 2×(len PK + len RK) + Σ (8 + 2×len name + value size),
    /// strings at 4 + 2 bytes a char.
    /// </summary>
    public static long EstimateSize(ITableEntity entity)
    {
        long size = 4 + 2L * ((entity.PartitionKey?.Length ?? 0) + (entity.RowKey?.Length ?? 0));
        if (entity is not IDictionary<string, object> properties) return size;
        foreach (var (name, value) in properties)
        {
            if (IsSystem(name) || value is null) continue;
            size += 8 + 2L * name.Length + ValueSize(value);
        }

        return size;
    }

    /// <summary>Throws <see cref="TableLimitException"/> when the entity breaks a limit.</summary>
    public static void Validate(ITableEntity entity)
    {
        ValidateKey("PartitionKey", entity.PartitionKey);
        ValidateKey("RowKey", entity.RowKey);
        if (entity is IDictionary<string, object> properties)
        {
            var custom = properties.Keys.Count(name => !IsSystem(name));
            if (custom > MaxCustomProperties)
                throw new TableLimitException($"Entity {entity.PartitionKey}/{entity.RowKey} has {custom} properties; the limit is {MaxCustomProperties}.");
            foreach (var (name, value) in properties)
            {
                if (value is string text && 2L * text.Length > MaxStringBytes)
                    throw new TableLimitException($"Property {name} of {entity.PartitionKey}/{entity.RowKey} is {2L * text.Length} bytes; the limit is {MaxStringBytes}.");
                if (value is byte[] bytes && bytes.Length > MaxStringBytes)
                    throw new TableLimitException($"Property {name} of {entity.PartitionKey}/{entity.RowKey} is {bytes.Length} bytes; the limit is {MaxStringBytes}.");
            }
        }

        var size = EstimateSize(entity);
        if (size > MaxEntityBytes)
            throw new TableLimitException($"Entity {entity.PartitionKey}/{entity.RowKey} is {size} bytes; the limit is {MaxEntityBytes}.");
    }

    public static void ValidateKey(string which, string? key)
    {
        if (key is null) throw new TableLimitException($"{which} is missing.");
        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes) throw new TableLimitException($"{which} is longer than {MaxKeyBytes} bytes.");
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
                throw new TableLimitException($"{which} '{key}' contains a character Table Storage forbids.");
        }
    }

    /// <summary>Writes a long text over <c>{name}_00</c>, <c>{name}_01</c>, … properties of ≤ <see cref="StringChunkChars"/> chars.</summary>
    public static void SetLongString(TableEntity entity, string name, string? text)
    {
        if (text is null) return;
        var chunks = (text.Length + StringChunkChars - 1) / StringChunkChars;
        if (chunks > 99) throw new TableLimitException($"Property {name} needs {chunks} chunks; at most 99.");
        entity[name + "_n"] = Math.Max(chunks, 1);
        for (var i = 0; i < Math.Max(chunks, 1); i++)
        {
            var start = i * StringChunkChars;
            entity[$"{name}_{i:D2}"] = text.Substring(start, Math.Min(StringChunkChars, text.Length - start));
        }
    }

    public static string? GetLongString(TableEntity entity, string name)
    {
        if (entity.GetInt32(name + "_n") is not { } chunks) return null;
        var builder = new StringBuilder();
        for (var i = 0; i < chunks; i++)
        {
            builder.Append(entity.GetString($"{name}_{i:D2}"));
        }

        return builder.ToString();
    }

    private static bool IsSystem(string name) => SystemProperties.Contains(name, StringComparer.Ordinal);

    private static long ValueSize(object value) => value switch
    {
        string s => 4 + 2L * s.Length,
        byte[] b => 4 + b.Length,
        BinaryData d => 4 + d.ToMemory().Length,
        bool => 1,
        int => 4,
        long or Double or DateTime or DateTimeOffset => 8,
        Guid => 16,
        _ => 4 + 2L * (value.ToString()?.Length ?? 0),
    };
}
