using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NeoBay.Contracts.Quotes;
using NeoBay.Policy;

namespace NeoBay.Contracts.Tests.Quotes;

/// <summary>
/// The hand-written hot paths (date reading, yuan formatting, amounts written as raw numbers) give
/// exactly what the framework's general routines they replace give.
/// </summary>
public sealed class FastPathTests
{
    public static TheoryData<string> Dates() =>
    [
        "2025-06-01", "2024-07-11", "2029-07-10", "2024-02-29", "2025-02-29", "2100-02-29", "2000-02-29", "0001-01-01",
        "0000-01-01", "9999-12-31", "2025-00-10", "2025-13-01", "2025-04-31", "2025-06-00", "2025-6-01", "2025-06-1",
        "25-06-01", "2025/06/01", "2025-06-01 ", " 2025-06-01", "2025-06-01T00:00", "２０２５-06-01", "2025-0a-01",
        "20250601", "", "2025-06-01\0", "+025-06-01", "-025-06-01", "2025--6-01",
    ];

    [Theory]
    [MemberData(nameof(Dates))]
    public void A_date_is_read_as_TryParseExact_yyyy_MM_dd_reads_it(string text)
    {
        var expectedOk = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expected);
        Assert.Equal(expectedOk, QuoteJson.TryParseIsoDate(text, out var actual));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(9L)]
    [InlineData(10L)]
    [InlineData(99L)]
    [InlineData(100L)]
    [InlineData(105L)]
    [InlineData(24_691_357L)]
    [InlineData(240_000_000L)]
    [InlineData(100_000_000_000_000L)]
    [InlineData(-5L)]
    [InlineData(-123_456L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Yuan_are_written_as_the_decimal_figure_with_two_decimals(long fen)
    {
        var expected = Json(w => { w.WriteStartObject(); w.WriteNumber("a", Money.ToYuan(fen)); w.WriteEndObject(); });
        var decision = new Decision("A02.1", true, fen, [], [new ScheduleLine(2025, 0, "grant", ScheduleTrigger.Approval, fen)], []);
        using var doc = JsonDocument.Parse(Json(w => QuoteJson.WriteDecision(w, decision, english: false)));
        Assert.Equal(expected, $"{{\"a\":{doc.RootElement.GetProperty("amount").GetRawText()}}}");
        Assert.Equal(expected, $"{{\"a\":{doc.RootElement.GetProperty("schedule")[0].GetProperty("amount").GetRawText()}}}");
        if (fen != long.MinValue) Assert.Equal(Money.ToYuan(fen).ToString(CultureInfo.InvariantCulture), Money.FormatYuan(fen));
    }

    [Fact]
    public void An_indented_writer_lays_out_raw_amounts_as_it_lays_out_numbers()
    {
        var decision = new Decision("A02.1", true, 240_000_000, [], [new ScheduleLine(2025, 0, "grant", ScheduleTrigger.Approval, 240_000_000)], []);
        var text = Json(w => QuoteJson.WriteDecision(w, decision, english: false), indented: true);
        Assert.Contains("\n  \"amount\": 2400000.00,\n", text);
        Assert.Contains("\n      \"amount\": 2400000.00,\n", text);
    }

    private static string Json(Action<Utf8JsonWriter> write, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) write(w);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
