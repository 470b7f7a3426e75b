using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using NeoBay.Policy;
using NeoBay.Contracts.Quotes;

namespace NeoBay.Benchmarks;

/// <summary>
/// One quote = parse the request JSON, evaluate, write the result JSON (with or without the trace),
/// single thread, for a proportional (A02.1), a staged (A09.1) and a per-person (A11.2) measure.
/// `Evaluate…` alone isolates the engine; "without trace" builds no trace at all.
/// </summary>
[MemoryDiagnoser]
public class QuoteBenchmarks
{
    private const string Applicant = """
        "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "name": "零号湾示例科技有限公司", "inZone": true, "isSme": false }
        """;

    private static readonly Dictionary<string, string> Requests = new()
    {
        ["A02.1 proportional"] = $$"""{ "measure": "A02.1", "submittedOn": "2025-06-01", {{Applicant}}, "project": { "key": "P-1" }, "facts": { "totalInvestment": 12000000, "nationalApproval": true } }""",
        ["A09.1 staged"] = $$"""{ "measure": "A09.1", "submittedOn": "2025-06-01", {{Applicant}}, "project": { "key": "P-2" }, "facts": { "totalInvestment": 12345678.91 } }""",
        ["A11.2 per-person"] = $$"""{ "measure": "A11.2", "submittedOn": "2025-06-01", {{Applicant}}, "project": { "key": "P-3" }, "facts": { "persons": [ { "category": "overseasHighLevel", "idNumber": "11010519491231002X" }, { "category": "freshPhd", "idNumber": "310112199508154567" }, { "category": "inStationPostdoc", "idType": "passport", "country": "DE", "idNumber": "C01X00T47" } ] } }""",
    };

    private readonly ArrayBufferWriter<byte> buffer = new(4096);
    private PolicyEngine engine = null!;
    private JsonDocument request = null!;
    private EvaluationRequest parsed = null!;
    private IReadOnlyList<PriorAward> history = [];
    private Utf8JsonWriter writer = null!;
    private JsonDocument response = null!;
    private static readonly DateOnly Today = new(2025, 6, 1);

    [Params("A02.1 proportional", "A09.1 staged", "A11.2 per-person")]
    public string Measure { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        engine = new PolicyEngine(PolicyCatalog.LoadEmbedded());
        request = JsonDocument.Parse(Requests[Measure]);
        var result = QuoteJson.Parse(request.RootElement, Today, engine.Catalog, QuoteParseOptions.Quote);
        parsed = result.Request ?? throw new InvalidOperationException($"benchmark request invalid: {result.Error}");
        history = result.History;
        if (!engine.Evaluate(parsed, history).Eligible) throw new InvalidOperationException($"benchmark request for {Measure} is not eligible");
        writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Quote(includeTrace: true);
        response = JsonDocument.Parse(buffer.WrittenMemory);
    }

    /// <summary>
    /// The floor: the same request read into records and the same response bytes written, with System.Text.Json
    /// alone (source-generated) and no policy work; a whole quote can only be slower than this.
    /// </summary>
    [Benchmark]
    public int JsonFloorWithTrace()
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        var read = request.RootElement.Deserialize(FloorJson.Default.FloorRequest)!;
        response.RootElement.WriteTo(writer);
        writer.Flush();
        return buffer.WrittenCount + read.Facts.Count;
    }

    [Benchmark]
    public Decision EvaluateWithTrace() => engine.Evaluate(parsed, history, includeTrace: true);

    [Benchmark]
    public Decision EvaluateWithoutTrace() => engine.Evaluate(parsed, history, includeTrace: false);

    [Benchmark]
    public int QuoteWithTrace() => Quote(includeTrace: true);

    [Benchmark]
    public int QuoteWithoutTrace() => Quote(includeTrace: false);

    private int Quote(bool includeTrace)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        var result = QuoteJson.Parse(request.RootElement, Today, engine.Catalog, QuoteParseOptions.Quote);
        QuoteJson.WriteDecision(writer, engine.Evaluate(result.Request!, result.History, includeTrace), english: false, includeTrace);
        writer.Flush();
        return buffer.WrittenCount;
    }
}

/// <summary>The quote request as plain records, for the System.Text.Json floor.</summary>
public sealed record FloorRequest(string Measure, string? SubmittedOn, FloorApplicant Applicant, FloorProject? Project, Dictionary<string, JsonElement> Facts);

public sealed record FloorApplicant(string Kind, string Uscc, string? Name, bool InZone, bool IsSme);

public sealed record FloorProject(string Key, string? Name);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FloorRequest))]
public sealed partial class FloorJson : JsonSerializerContext;
