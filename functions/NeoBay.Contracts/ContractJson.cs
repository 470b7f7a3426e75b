using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeoBay.Contracts;

/// <summary>
/// The wire conventions every contract record follows (docs/api.md): camelCase names, money as a JSON number in yuan
/// with two decimals, dates <c>yyyy-MM-dd</c> (<see cref="DateOnly"/>), instants ISO 8601 with their offset
/// (<see cref="DateTimeOffset"/>). Each feature declares its own source-generated context with these options.
/// </summary>
public static class ContractJson
{
    /// <summary>Writes <paramref name="yuan"/> with exactly two decimals (12.5 → 12.50) without a culture.</summary>
    public static decimal TwoDecimals(decimal yuan) => decimal.Round(yuan, 2, MidpointRounding.ToZero) + 0.00m;
}

/// <summary>Money in yuan: always two decimals on the wire (<c>12.50</c>), read as any JSON number.</summary>
public sealed class MoneyJsonConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(ContractJson.TwoDecimals(value));
}
