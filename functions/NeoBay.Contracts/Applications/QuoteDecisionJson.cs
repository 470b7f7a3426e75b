using System.Text.Json;
using System.Text.Json.Serialization;
using NeoBay.Policy;

namespace NeoBay.Contracts.Applications;

/// <summary>
/// Adapter: an application's engine decision, written by the existing quote writer (<see cref="QuoteJson.WriteDecision"/>) until
/// the decision has its own contract record (issue 13, moved with QuoteJson); then this record is replaced by that one.
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
