using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using NeoBay.Policy;
using NeoBay.Policy.Matching;
using NeoBay.Contracts.Matching;
using NeoBay.Contracts.Quotes;

namespace NeoBay.Benchmarks;

/// <summary>
/// One whole profile matched against the 36 measures, single thread (issue 15: ≥ 20,000 profiles a second on one core).
/// `Match` is the matcher on a parsed profile; `MatchWithJson` adds reading the request and writing the response, as
/// <c>POST /api/match</c> and <c>neobay match</c> do. Profiles a second = 1e9 / mean.
/// </summary>
[MemoryDiagnoser]
public class MatchBenchmarks
{
    private static readonly Dictionary<string, string> Profiles = new()
    {
        // The profile: 12 eligible, 17 needsFacts, 7 ineligible.
        ["issue profile"] = """{ "submittedOn": "2026-03-01", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "name": "零号湾示例科技有限公司", "inZone": true, "isSme": true }, "facts": { "totalInvestment": 12000000, "nationalApproval": true, "computingCost": 800000 }, "otherSupport": [] }""",
        // Almost nothing known: most measures need facts (the most evaluations per profile).
        ["applicant only"] = """{ "submittedOn": "2026-03-01", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "inZone": true, "isSme": true } }""",
        // A signed-in applicant with awards: first-time tiers, a claimed year, a fixed award held.
        ["with history"] = """{ "submittedOn": "2026-03-01", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "inZone": true, "isSme": true }, "facts": { "totalInvestment": 12000000, "computingCost": 800000, "status": "unicorn" }, "history": [ { "measure": "A08.1", "projectKey": "91330100799655058B", "tier": "gazelle", "amount": 2000000 }, { "measure": "A10.3", "fiscalYear": 2025, "amount": 240000 }, { "measure": "A06.3", "amount": 100000 } ] }""",
    };

    private static readonly DateOnly Today = new(2026, 3, 1);
    private readonly ArrayBufferWriter<byte> buffer = new(64 * 1024);
    private ProfileMatcher matcher = null!;
    private JsonDocument request = null!;
    private EvaluationRequest profile = null!;
    private IReadOnlyList<PriorAward> history = [];
    private Utf8JsonWriter writer = null!;

    [Params("issue profile", "applicant only", "with history")]
    public string Profile { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        matcher = new ProfileMatcher(new PolicyEngine(PolicyCatalog.LoadEmbedded()));
        request = JsonDocument.Parse(Profiles[Profile]);
        var parsed = QuoteJson.Parse(request.RootElement, Today, matcher.Catalog, QuoteParseOptions.Match);
        profile = parsed.Request ?? throw new InvalidOperationException($"benchmark profile invalid: {parsed.Error}");
        history = parsed.History;
        if (matcher.Match(profile, history).Items.Count != 36) throw new InvalidOperationException("the catalog should have 36 measures");
        writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    [Benchmark]
    public int Match() => matcher.Match(profile, history).Eligible;

    [Benchmark]
    public int MatchWithJson()
    {
        buffer.ResetWrittenCount();
        writer.Reset();
        var parsed = QuoteJson.Parse(request.RootElement, Today, matcher.Catalog, QuoteParseOptions.Match);
        JsonSerializer.Serialize(writer, matcher.Match(parsed.Request!, parsed.History).ToResponse(english: false), MatchJsonContext.Default.MatchResponse);
        writer.Flush();
        return buffer.WrittenCount;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        writer.Dispose();
        request.Dispose();
    }
}
