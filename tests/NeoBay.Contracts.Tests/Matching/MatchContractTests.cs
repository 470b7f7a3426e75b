using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NeoBay.Policy.Matching;
using NeoBay.Contracts.Matching;
using NeoBay.Contracts.Quotes;
using NeoBay.Policy;

namespace NeoBay.Contracts.Tests.Matching;

/// <summary>The wire shape of a match: the issue's body in, items and summary out.</summary>
public sealed class MatchContractTests
{
    private static readonly PolicyCatalog Catalog = PolicyCatalog.LoadEmbedded();

    internal const string IssueBody = """
        { "submittedOn": "2026-03-01",
          "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "name": "测试企业", "inZone": true, "isSme": true },
          "facts": { "totalInvestment": 12000000, "nationalApproval": true, "computingCost": 800000 },
          "otherSupport": [] }
        """;

    internal static JsonDocument Answer(string body, bool english = false)
    {
        using var request = JsonDocument.Parse(body);
        var parsed = QuoteJson.Parse(request.RootElement, new DateOnly(2026, 12, 1), Catalog, QuoteParseOptions.Match);
        Assert.Null(parsed.Error);
        var result = new ProfileMatcher(new PolicyEngine(Catalog)).Match(parsed.Request!, parsed.History);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            JsonSerializer.Serialize(writer, result.ToResponse(english), MatchJsonContext.Default.MatchResponse);
        return JsonDocument.Parse(stream.ToArray());
    }

    [Fact]
    public void The_issue_profile_answers_items_and_a_summary()
    {
        using var answer = Answer(IssueBody);
        var root = answer.RootElement;
        var summary = root.GetProperty("summary");
        Assert.Equal(12, summary.GetProperty("eligible").GetInt32());
        Assert.Equal(17, summary.GetProperty("needsFacts").GetInt32());
        Assert.Equal(7, summary.GetProperty("ineligible").GetInt32());
        Assert.Equal("25940000.00", summary.GetProperty("eligibleAmount").GetRawText());

        var first = root.GetProperty("items")[0];
        Assert.Equal("A07.2", first.GetProperty("measure").GetString());
        Assert.Equal("eligible", first.GetProperty("status").GetString());
        Assert.Equal("6000000.00", first.GetProperty("amount").GetRawText());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("title").GetProperty("zh").GetString()));
        Assert.False(string.IsNullOrEmpty(first.GetProperty("title").GetProperty("en").GetString()));
        Assert.Equal(0, first.GetProperty("missingFacts").GetArrayLength());
        Assert.True(first.GetProperty("requiredDocuments").GetArrayLength() > 0);

        var a081 = root.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("measure").GetString() == "A08.1");
        Assert.Equal("needsFacts", a081.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, a081.GetProperty("amount").ValueKind);
        Assert.Equal("4000000.00", a081.GetProperty("maxAmount").GetRawText());
        var missing = Assert.Single(a081.GetProperty("missingFacts").EnumerateArray());
        Assert.Equal("status", missing.GetProperty("name").GetString());
        Assert.Equal("choice", missing.GetProperty("type").GetString());
        Assert.Equal("首次达标称号", missing.GetProperty("label").GetProperty("zh").GetString());
        Assert.Equal("status first reached", missing.GetProperty("label").GetProperty("en").GetString());
    }

    [Fact]
    public void Reasons_are_in_english_on_request()
    {
        using var zh = Answer(IssueBody);
        using var en = Answer(IssueBody, english: true);
        string Message(JsonDocument d) => d.RootElement.GetProperty("items").EnumerateArray().Last().GetProperty("reasons")[0].GetProperty("message").GetString()!;
        Assert.Contains("不适用", Message(zh), StringComparison.Ordinal);
        Assert.Contains("may not apply", Message(en), StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_names_no_measure()
    {
        using var request = JsonDocument.Parse("""{ "measure": "A02.1", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "inZone": true } }""");
        var parsed = QuoteJson.Parse(request.RootElement, new DateOnly(2026, 12, 1), Catalog, QuoteParseOptions.Match);
        Assert.Equal(QuoteError.FieldNotAllowed, parsed.Error?.Code);
        Assert.Equal("measure", parsed.Error?.Field);
    }

    [Fact]
    public void A_profile_may_list_persons_of_any_category_the_catalog_knows()
    {
        using var request = JsonDocument.Parse("""{ "applicant": { "kind": "university", "uscc": "91330100799655058B", "inZone": true }, "facts": { "persons": [ { "category": "freshPhd", "idNumber": "310112199508154567" } ] } }""");
        var parsed = QuoteJson.Parse(request.RootElement, new DateOnly(2026, 12, 1), Catalog, QuoteParseOptions.Match);
        Assert.Null(parsed.Error);
        var item = new ProfileMatcher(new PolicyEngine(Catalog)).Match(parsed.Request!, []).Items.Single(i => i.Measure.Code == "A11.2");
        // A11.2 freshPhd: 30,000 a year × 3 = 90,000.
        Assert.Equal(MatchStatus.Eligible, item.Status);
        Assert.Equal(90_000_00L, item.AmountFen);
    }

    /// <summary>A converter on a member would turn the source generator's fast path off (docs/benchmarks.md, issue 13).</summary>
    [Fact]
    public void The_match_answer_is_written_by_the_source_generated_fast_path()
    {
        var match = MatchJsonContext.Default;
        Assert.NotNull(match.MatchResponse.SerializeHandler);
        Assert.NotNull(((JsonTypeInfo<MatchItem>)match.GetTypeInfo(typeof(MatchItem))!).SerializeHandler);
        Assert.NotNull(((JsonTypeInfo<MatchSummary>)match.GetTypeInfo(typeof(MatchSummary))!).SerializeHandler);
    }
}
