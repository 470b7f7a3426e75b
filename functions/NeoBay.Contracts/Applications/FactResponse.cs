using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeoBay.Contracts.Applications;

/// <summary>
/// A declared fact on the wire: a number, a flag, a text, or an A11.2 person list as categories only. Exactly one is set;
/// none is <c>null</c>. The number is written as declared (not a money value: no forced decimals).
/// </summary>
[JsonConverter(typeof(FactResponseConverter))]
public sealed record FactResponse(decimal? Number = null, bool? Flag = null, string? Text = null, IReadOnlyList<string>? PersonCategories = null);

/// <summary>Writes a <see cref="FactResponse"/> as the bare JSON value it holds (the union has no object of its own on the wire).</summary>
public sealed class FactResponseConverter : JsonConverter<FactResponse>
{
    public override FactResponse Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => new FactResponse(Number: reader.GetDecimal()),
            JsonTokenType.True or JsonTokenType.False => new FactResponse(Flag: reader.GetBoolean()),
            JsonTokenType.String => new FactResponse(Text: reader.GetString()),
            JsonTokenType.StartArray => new FactResponse(PersonCategories: ReadStrings(ref reader)),
            _ => throw new JsonException("A fact is a number, a flag, a text or a list of categories."),
        };

    public override void Write(Utf8JsonWriter writer, FactResponse value, JsonSerializerOptions options)
    {
        if (value.Number is { } number) writer.WriteNumberValue(number);
        else if (value.Flag is { } flag) writer.WriteBooleanValue(flag);
        else if (value.Text is { } text) writer.WriteStringValue(text);
        else if (value.PersonCategories is { } categories)
        {
            writer.WriteStartArray();
            foreach (var category in categories) writer.WriteStringValue(category);
            writer.WriteEndArray();
        }
        else writer.WriteNullValue();
    }

    private static List<string> ReadStrings(ref Utf8JsonReader reader)
    {
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            list.Add(reader.GetString() ?? throw new JsonException("A category is a text."));
        return list;
    }
}
