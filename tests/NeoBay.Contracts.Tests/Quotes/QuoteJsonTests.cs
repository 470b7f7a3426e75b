using System.Text;
using System.Text.Json;
using NeoBay.Contracts.Quotes;
using NeoBay.Policy;

namespace NeoBay.Contracts.Tests.Quotes;

public sealed class QuoteJsonTests
{
    private static readonly PolicyCatalog Catalog = PolicyCatalog.LoadEmbedded();
    private static readonly PolicyEngine Engine = new(Catalog);
    private static readonly DateOnly Today = new(2026, 3, 15);

    private const string Valid = """
        { "measure": "A02.1", "submittedOn": "2025-06-01",
          "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "name": "测试", "inZone": true, "isSme": false },
          "project": { "key": "P-2025-001", "name": "量子" },
          "facts": { "totalInvestment": 12000000, "nationalApproval": true },
          "otherSupport": [ { "policy": "city", "amount": 500000.5 } ],
          "history": [ { "measure": "A08.1", "projectKey": "P-1", "tier": "gazelle", "amount": 2000000, "fiscalYear": 2024 } ] }
        """;

    private static QuoteParseResult Parse(string json, QuoteParseOptions? options = null)
    {
        using var doc = JsonDocument.Parse(json);
        return QuoteJson.Parse(doc.RootElement, Today, Catalog, options ?? QuoteParseOptions.Quote);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public void A_full_request_parses_into_fen_and_typed_facts()
    {
        var r = Parse(Valid);
        Assert.Null(r.Error);
        var q = r.Request!;
        Assert.Equal("A02.1", q.Measure);
        Assert.Equal(new DateOnly(2025, 6, 1), q.SubmittedOn);
        Assert.Equal(ApplicantKind.Enterprise, q.Applicant.Kind);
        Assert.True(q.Applicant.InZone);
        Assert.Equal("P-2025-001", q.Project!.Key);
        Assert.Equal(12000000m, q.Facts["totalInvestment"].Number);
        Assert.True(q.Facts["nationalApproval"].Flag);
        Assert.Equal(50_000_050L, q.OtherSupport[0].AmountFen);
        var prior = Assert.Single(r.History);
        Assert.Equal(new PriorAward("A08.1", "P-1", "gazelle", 200_000_000L, 2024), prior);
    }

    [Theory]
    [InlineData("A02.1", QuoteParseOptionsKind.Quote)]
    [InlineData("A10.3", QuoteParseOptionsKind.Quote)]
    [InlineData("A20.1", QuoteParseOptionsKind.Quote)]
    [InlineData("A16.4", QuoteParseOptionsKind.Application)]
    public void Common_13_a_measure_supporting_a_project_without_its_key_is_an_invalid_request(string measure, QuoteParseOptionsKind options)
    {
        var r = Parse($$"""{ "measure": "{{measure}}", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "inZone": true }, "facts": { "totalInvestment": 1000000 } }""",
            options == QuoteParseOptionsKind.Quote ? QuoteParseOptions.Quote : QuoteParseOptions.Application);
        Assert.Equal((QuoteError.MissingField, "project.key"), (r.Error!.Code, r.Error.Field));
    }

    public enum QuoteParseOptionsKind { Quote, Application }

    [Theory]
    [InlineData("A09.4")]
    [InlineData("A11.2")]
    public void Common_13_vouchers_and_per_person_allowances_need_no_project_key(string measure)
    {
        var r = Parse($$"""{ "measure": "{{measure}}", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "inZone": true, "isSme": true } }""");
        Assert.Null(r.Error);
        Assert.Null(r.Request!.Project);
    }

    [Fact]
    public void Common_13_the_key_of_A08_1_is_the_applicant_itself()
    {
        var r = Parse("""{ "measure": "A08.1", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "inZone": true }, "facts": { "status": "gazelle" } }""");
        Assert.Equal("91330100799655058B", r.Request!.Project!.Key);
    }

    [Theory]
    [InlineData("CN 31-1234/N", true)]
    [InlineData("项目-2025/甲", true)]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123", true)]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234", false)]
    [InlineData("P-1\\u0007", false)]
    [InlineData("   ", false)]
    public void Common_13_a_key_is_printable_text_of_at_most_64_characters(string key, bool valid)
    {
        var r = Parse($$"""{ "measure": "A16.4", "applicant": { "kind": "journalPublisher", "uscc": "91330100799655058B", "inZone": true }, "project": { "key": "{{key}}" }, "facts": { "journalTier": "Q1" } }""");
        if (valid) Assert.Equal(key, r.Request!.Project!.Key);
        else if (key.Contains("\\u", StringComparison.Ordinal)) Assert.Equal(QuoteError.InvalidProjectKey, r.Error!.Code);
        else Assert.Contains(r.Error!.Code, new[] { QuoteError.InvalidProjectKey, QuoteError.MissingField });
    }

    [Fact]
    public void SubmittedOn_defaults_to_today()
    {
        var r = Parse("""{ "measure": "A01.1", "applicant": { "kind": "university", "uscc": "91330100799655058B", "inZone": true }, "project": { "key": "P-1" } }""");
        Assert.Equal(Today, r.Request!.SubmittedOn);
        Assert.Empty(r.History);
        Assert.Empty(r.Request.Facts);
    }

    [Fact]
    public void The_decision_round_trips_as_the_quote_result_object()
    {
        var r = Parse(Valid);
        var d = Engine.Evaluate(r.Request!, r.History);
        using var doc = JsonDocument.Parse(Write(w => QuoteJson.WriteDecision(w, d, english: false)));
        var root = doc.RootElement;
        Assert.Equal("A02.1", root.GetProperty("measure").GetString());
        Assert.True(root.GetProperty("eligible").GetBoolean());
        // 2,400,000.00 − 500,000.50 declared (10b) = 1,899,999.50.
        Assert.Equal("1899999.50", root.GetProperty("amount").GetRawText());
        Assert.Equal("ReducedByOtherSupport", root.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Contains("从优", root.GetProperty("reasons")[0].GetProperty("message").GetString());
        var line = root.GetProperty("schedule")[0];
        Assert.Equal(2025, line.GetProperty("fiscalYear").GetInt32());
        Assert.Equal("approval", line.GetProperty("trigger").GetString());
        Assert.Equal("grant", line.GetProperty("component").GetString());
        Assert.Equal("1899999.50", line.GetProperty("amount").GetRawText());
        var rules = root.GetProperty("trace").EnumerateArray().Select(t => t.GetProperty("article").GetString()).ToArray();
        Assert.Contains("common.1", rules);
        Assert.Contains("common.2", rules);
        Assert.Contains("A02.1", rules);
        Assert.Contains("common.10", rules);
        var proportional = root.GetProperty("trace").EnumerateArray().First(t => t.GetProperty("rule").GetString() == "proportional");
        Assert.Equal("20%", proportional.GetProperty("figures").GetProperty("rate").GetString());
        Assert.Equal("3000000.00", proportional.GetProperty("figures").GetProperty("cap").GetString());
    }

    [Fact]
    public void Without_trace_the_result_has_no_trace_property()
    {
        var r = Parse(Valid);
        using var doc = JsonDocument.Parse(Write(w => QuoteJson.WriteDecision(w, Engine.Evaluate(r.Request!, r.History), english: true, includeTrace: false)));
        Assert.False(doc.RootElement.TryGetProperty("trace", out _));
    }

    [Fact]
    public void A_discretionary_amount_is_written_as_null()
    {
        var r = Parse("""{ "measure": "A20.1", "applicant": { "kind": "team", "uscc": "91330100799655058B", "inZone": true }, "project": { "key": "P-1" } }""");
        using var doc = JsonDocument.Parse(Write(w => QuoteJson.WriteDecision(w, Engine.Evaluate(r.Request!, r.History), english: true)));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("amount").ValueKind);
        Assert.True(doc.RootElement.GetProperty("discretionary").GetBoolean());
        Assert.Equal("The policy sets no figure: the amount is determined by review.", doc.RootElement.GetProperty("reasons")[0].GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{ "measure": "A99.9", "applicant": {} }""", QuoteError.UnknownMeasure, "measure")]
    [InlineData("""{ "applicant": {} }""", QuoteError.MissingField, "measure")]
    [InlineData("""{ "measure": "A02.1" }""", QuoteError.MissingField, "applicant")]
    [InlineData("""{ "measure": "A02.1", "applicant": { "uscc": "91330100799655058B" } }""", QuoteError.MissingField, "applicant.kind")]
    [InlineData("""{ "measure": "A02.1", "applicant": { "kind": "enterprise" } }""", QuoteError.MissingField, "applicant.uscc")]
    [InlineData("""{ "measure": "A02.1", "applicant": { "kind": "company", "uscc": "91330100799655058B" } }""", QuoteError.InvalidKind, "applicant.kind")]
    [InlineData("""{ "measure": "A02.1", "applicant": { "kind": "enterprise", "uscc": "91330100799655058A" } }""", QuoteError.InvalidUscc, "applicant.uscc")]
    [InlineData("""{ "measure": "A02.1", "submittedOn": "2025-13-01", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B" } }""", QuoteError.InvalidDate, "submittedOn")]
    [InlineData("""{ "measure": "A02.1", "submittedOn": "01/06/2025", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B" } }""", QuoteError.InvalidDate, "submittedOn")]
    [InlineData("""{ "measure": "A02.1", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B" }, "facts": { "totalInvestment": 1.001 } }""", QuoteError.InvalidNumber, "facts.totalInvestment")]
    [InlineData("""{ "measure": "A02.1", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B" }, "facts": { "totalInvestment": -1 } }""", QuoteError.InvalidNumber, "facts.totalInvestment")]
    [InlineData("""{ "measure": "A02.1", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B" }, "facts": { "totalInvestment": 1000000000000.01 } }""", QuoteError.InvalidNumber, "facts.totalInvestment")]
    [InlineData("""{ "measure": "A02.1", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B" }, "facts": { "totalInvestment": "12000000" } }""", QuoteError.InvalidNumber, "facts.totalInvestment")]
    [InlineData("""{ "measure": "A02.1", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B" }, "facts": { "totalInvestmnt": 1 } }""", QuoteError.UnknownFact, "facts.totalInvestmnt")]
    [InlineData("""{ "measure": "A02.1", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B" }, "facts": { "nationalApproval": "yes" } }""", QuoteError.InvalidValue, "facts.nationalApproval")]
    [InlineData("""{ "measure": "A02.1", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B" }, "otherSupport": [ { "policy": "x" } ] }""", QuoteError.MissingField, "otherSupport[0].amount")]
    [InlineData("""{ "measure": "A02.1", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B" }, "otherSupport": [ { "amount": 0.001 } ] }""", QuoteError.InvalidNumber, "otherSupport[0].amount")]
    [InlineData("""{ "measure": "A02.1", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B" }, "history": [ { "measure": "B1", "amount": 1 } ] }""", QuoteError.UnknownMeasure, "history[0].measure")]
    [InlineData("""{ "measure": "A11.2", "applicant": { "kind": "university", "uscc": "91330100799655058B" }, "facts": { "persons": [ { "name": "x" } ] } }""", QuoteError.MissingField, "facts.persons[0].category")]
    [InlineData("""{ "measure": "A05.2", "applicant": { "kind": "serviceInstitution", "uscc": "91330100799655058B" }, "facts": { "fiscalYear": 2024.5 } }""", QuoteError.InvalidNumber, "facts.fiscalYear")]
    [InlineData("""[1, 2]""", QuoteError.InvalidJson, null)]
    [InlineData("""{ "measure": 21, "applicant": {} }""", QuoteError.InvalidValue, "measure")]
    public void Invalid_requests_give_a_coded_error_with_the_json_path(string json, string code, string? field)
    {
        var r = Parse(json);
        Assert.Null(r.Request);
        Assert.NotNull(r.Error);
        Assert.Equal(code, r.Error.Code);
        Assert.Equal(field, r.Error.Field);
        Assert.False(string.IsNullOrEmpty(r.Error.MessageZh));
        Assert.False(string.IsNullOrEmpty(r.Error.MessageEn));
    }

    [Theory]
    [InlineData("history")]
    [InlineData("submittedOn")]
    public void The_application_options_forbid_history_and_the_submission_date(string field)
    {
        var r = Parse(Valid, QuoteParseOptions.Application);
        // history comes after submittedOn in the request: remove the one not under test.
        if (field == "history") r = Parse(Valid.Replace("\"submittedOn\": \"2025-06-01\",", ""), QuoteParseOptions.Application);
        Assert.Equal(QuoteError.FieldNotAllowed, r.Error!.Code);
        Assert.Equal(field, r.Error.Field);
        var allowed = Parse(Valid.Replace("\"submittedOn\": \"2025-06-01\",", "").Replace("\"history\"", "\"ignored\""), QuoteParseOptions.Application);
        Assert.Null(allowed.Error);
    }

    [Fact]
    public void An_error_is_written_as_an_error_object()
    {
        var error = Parse("""{ "measure": "A02.1", "applicant": { "kind": "enterprise", "uscc": "X" } }""").Error!;
        using var en = JsonDocument.Parse(Write(w => QuoteJson.WriteError(w, error, english: true)));
        var e = en.RootElement.GetProperty("error");
        Assert.Equal("InvalidUscc", e.GetProperty("code").GetString());
        Assert.Equal("applicant.uscc", e.GetProperty("field").GetString());
        Assert.Contains("GB 32100-2015", e.GetProperty("message").GetString());
        using var zh = JsonDocument.Parse(Write(w => QuoteJson.WriteError(w, error, english: false)));
        Assert.Contains("统一社会信用代码", zh.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(0L, "0.00")]
    [InlineData(1L, "0.01")]
    [InlineData(24691357L, "246913.57")]
    [InlineData(240000000L, "2400000.00")]
    [InlineData(100000000000000L, "1000000000000.00")]
    public void Fen_are_written_as_yuan_with_two_decimals(long fen, string expected)
    {
        var json = Write(w => { w.WriteStartObject(); w.WriteNumber("a", Money.ToYuan(fen)); w.WriteEndObject(); });
        Assert.Equal($$"""{"a":{{expected}}}""", json);
    }

    [Theory]
    [InlineData("246913.57", true, 24691357L)]
    [InlineData("246913.570", true, 24691357L)]
    [InlineData("246913.575", false, 0L)]
    [InlineData("0", true, 0L)]
    [InlineData("-0.01", false, 0L)]
    [InlineData("1000000000000", true, 100000000000000L)]
    [InlineData("1000000000000.01", false, 0L)]
    public void Yuan_convert_to_fen_only_with_at_most_two_decimals(string yuan, bool ok, long fen)
    {
        Assert.Equal(ok, Money.TryYuanToFen(decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture), out var actual));
        Assert.Equal(fen, actual);
    }

    [Fact]
    public void China_time_turns_a_utc_instant_into_the_cst_date_and_fiscal_year()
    {
        var newYearCst = new DateTimeOffset(2025, 12, 31, 16, 0, 0, TimeSpan.Zero);
        Assert.Equal(2026, ChinaCalendar.FiscalYearOf(newYearCst));
        Assert.Equal(2025, ChinaCalendar.FiscalYearOf(newYearCst.AddTicks(-1)));
        Assert.Equal(new DateOnly(2026, 1, 1), ChinaCalendar.Today(new FixedClock(newYearCst)));
        Assert.Equal(newYearCst, ChinaCalendar.StartOf(2026));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>The trace in the reviewer's language (zh-CN by default, en on request), with the article's own words.</summary>
public sealed class BilingualTraceTests
{
    private static readonly PolicyCatalog Catalog = PolicyCatalog.LoadEmbedded();
    private static readonly PolicyEngine Engine = new(Catalog);

    private static JsonElement Quote(bool english)
    {
        using var doc = JsonDocument.Parse("""
            { "measure": "A02.1", "submittedOn": "2025-06-01", "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "inZone": true },
              "project": { "key": "P-1" }, "facts": { "totalInvestment": 1234567.89, "nationalApproval": true } }
            """);
        var r = QuoteJson.Parse(doc.RootElement, new DateOnly(2025, 6, 1), Catalog, QuoteParseOptions.Quote);
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) QuoteJson.WriteDecision(w, Engine.Evaluate(r.Request!, r.History), english);
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    private static JsonElement StepOf(JsonElement quote, string rule) => quote.GetProperty("trace").EnumerateArray().Single(s => s.GetProperty("rule").GetString() == rule);

    [Fact]
    public void Every_step_speaks_Chinese_by_default_and_English_on_request()
    {
        var zh = Quote(english: false);
        var en = Quote(english: true);
        Assert.Equal("比例 × 基数，向下取整到分", StepOf(zh, "proportional").GetProperty("detail").GetString());
        Assert.Equal("rate × base, rounded down to the fen", StepOf(en, "proportional").GetProperty("detail").GetString());
        Assert.Equal("在政策有效期内提交", StepOf(zh, "validity").GetProperty("detail").GetString());
        foreach (var step in zh.GetProperty("trace").EnumerateArray())
            Assert.Contains(step.GetProperty("detail").GetString()!, c => c >= '\u4e00' && c <= '\u9fff');
    }

    [Fact]
    public void The_step_applying_a_value_carries_the_article_s_own_words()
    {
        var zh = Quote(english: false);
        Assert.Equal("给予不超过项目总投入 20%", StepOf(zh, "proportional").GetProperty("text").GetString());
        Assert.Equal("给予不超过项目总投入 20%", StepOf(Quote(english: true), "proportional").GetProperty("text").GetString());
        Assert.Contains("2029 年 7 月 10 日", StepOf(zh, "validity").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.False(StepOf(zh, "zone").TryGetProperty("text", out _));
    }
}
