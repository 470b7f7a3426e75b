using System.Text;
using System.Text.Json;
using NeoBay.Policy;
using NeoBay.Contracts.Quotes;

namespace NeoBay.Contracts.Tests.Quotes;

public sealed class SmokeTests
{
    [Fact]
    public void A02_1_quote_round_trips_through_the_json_edge()
    {
        var catalog = PolicyCatalog.LoadEmbedded();
        var engine = new PolicyEngine(catalog);
        using var doc = JsonDocument.Parse("""
        { "measure": "A02.1", "submittedOn": "2025-06-01",
          "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "inZone": true },
          "project": { "key": "P-1" },
          "facts": { "totalInvestment": 12000000, "nationalApproval": true } }
        """);
        var parsed = QuoteJson.Parse(doc.RootElement, new DateOnly(2025, 1, 1), catalog, QuoteParseOptions.Quote);
        Assert.Null(parsed.Error);
        var d = engine.Evaluate(parsed.Request!, parsed.History);
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true })) QuoteJson.WriteDecision(w, d, english: true);
        var json = Encoding.UTF8.GetString(buffer.ToArray());
        Assert.True(d.Eligible, json);
        Assert.Equal(240_000_000L, d.AmountFen);
        Assert.Contains("\"amount\": 2400000.00", json);
    }
}
