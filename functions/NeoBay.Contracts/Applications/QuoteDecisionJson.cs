using System.Text.Json;
using System.Text.Json.Serialization;
using NeoBay.Policy;
using NeoBay.Contracts.Quotes;

namespace NeoBay.Contracts.Applications;

/// <summary>
/// An application's engine decision, written by the quote's writer (<see cref="QuoteJson.WriteDecision"/>), so an
/// application's <c>decision</c> is byte for byte a quote's answer.
/// </summary>
[JsonConverter(typeof(QuoteDecisionJsonConverter))]
public sealed record QuoteDecisionJson(Decision Decision, bool English);

public sealed class QuoteDecisionJsonConverter : JsonConverter<QuoteDecisionJson>
{
    public override QuoteDecisionJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A decision is written by the server only.");

    public override void Write(Utf8JsonWriter writer, QuoteDecisionJson value, JsonSerializerOptions options) =>
        QuoteJson.WriteDecision(writer, value.Decision, value.English);
}
