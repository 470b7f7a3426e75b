using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Cli;

namespace NeoBay.Cli.Tests;

/// <summary>`neobay quote` against figures computed by hand from POLICY.md.</summary>
public sealed class QuoteCommandTests
{
    private const string Applicant = """{ "kind": "enterprise", "uscc": "91330100799655058B", "name": "示例科技", "inZone": true, "isSme": false }""";

    private static string Request(string measure, string facts, string submittedOn = "2025-06-01", string applicant = Applicant) =>
        $$"""{ "measure": "{{measure}}", "submittedOn": "{{submittedOn}}", "applicant": {{applicant}}, "project": { "key": "P-1", "name": "示例项目" }, "facts": {{facts}} }""";

    private static async Task<(int Exit, string Out, string Err)> QuoteAsync(string stdin, params string[] extra)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 2, 0, 0, TimeSpan.Zero));
        var exit = await NeoBayCli.RunAsync(["quote", .. extra], new StringReader(stdin), output, error, clock);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A02_1_pays_twenty_percent_of_the_total_investment_below_the_cap()
    {
        var (exit, output, _) = await QuoteAsync(Request("A02.1", """{ "totalInvestment": 12000000, "nationalApproval": true }"""));

        Assert.Equal(0, exit);
        using var result = JsonDocument.Parse(output);
        Assert.True(result.RootElement.GetProperty("eligible").GetBoolean());
        Assert.Equal(2_400_000.00m, result.RootElement.GetProperty("amount").GetDecimal());
        Assert.NotEmpty(result.RootElement.GetProperty("trace").EnumerateArray());
    }

    [Fact]
    public async Task An_array_answers_in_order_with_an_error_in_place_of_an_invalid_request()
    {
        var input = "[" + string.Join(",",
            Request("A02.1", """{ "totalInvestment": 20000000, "nationalApproval": true }"""),
            Request("A02.1", """{ "totalInvestment": 1 }""", applicant: """{ "kind": "enterprise", "uscc": "91330100799655058A", "inZone": true }"""),
            Request("A17.2", """{ "totalInvestment": 1234567.89 }"""),
            Request("Z99.9", "{}")) + "]";

        var (exit, output, _) = await QuoteAsync(input);

        Assert.Equal(0, exit);
        using var result = JsonDocument.Parse(output);
        var items = result.RootElement.EnumerateArray().ToArray();
        Assert.Equal(4, items.Length);
        Assert.Equal(3_000_000.00m, items[0].GetProperty("amount").GetDecimal()); // 20% of 20,000,000 = 4,000,000 > cap 3,000,000
        Assert.Equal("InvalidUscc", items[1].GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("applicant.uscc", items[1].GetProperty("error").GetProperty("field").GetString());
        Assert.Equal(370_370.36m, items[2].GetProperty("amount").GetDecimal()); // 30% of 1,234,567.89 = 370,370.367 → floor
        Assert.Equal("UnknownMeasure", items[3].GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Common_13_a_quote_without_its_project_key_is_an_invalid_request_naming_the_field()
    {
        var request = $$"""{ "measure": "A14.2", "submittedOn": "2025-06-01", "applicant": {{Applicant}}, "facts": { "totalInvestment": 100000 } }""";
        var (_, output, _) = await QuoteAsync(request);
        using var result = JsonDocument.Parse(output);
        var error = result.RootElement.GetProperty("error");
        Assert.Equal(("MissingField", "project.key"), (error.GetProperty("code").GetString(), error.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task A04_4_splits_half_of_the_conversion_cost_into_two_stages_that_add_up_to_the_fen()
    {
        // 50% of 2,469,135.15 = 1,234,567.575 → 1,234,567.57; stage 1 = 617,283.78, stage 2 takes the remainder 617,283.79.
        var (_, output, _) = await QuoteAsync(Request("A04.4", """{ "conversionCost": 2469135.15 }"""));

        using var result = JsonDocument.Parse(output);
        Assert.Equal(1_234_567.57m, result.RootElement.GetProperty("amount").GetDecimal());
        var stages = result.RootElement.GetProperty("schedule").EnumerateArray().ToArray();
        Assert.Equal([617_283.78m, 617_283.79m], stages.Select(s => s.GetProperty("amount").GetDecimal()));
        Assert.Equal(["approval", "acceptance"], stages.Select(s => s.GetProperty("trigger").GetString()));
    }

    [Theory]
    [InlineData("2029-07-10", true)]
    [InlineData("2029-07-11", false)]
    public async Task The_validity_window_ends_on_2029_07_10_inclusive(string submittedOn, bool eligible)
    {
        var (_, output, _) = await QuoteAsync(Request("A14.2", """{ "totalInvestment": 100000 }""", submittedOn));

        using var result = JsonDocument.Parse(output);
        Assert.Equal(eligible, result.RootElement.GetProperty("eligible").GetBoolean());
        if (!eligible)
        {
            Assert.Contains(result.RootElement.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "PolicyExpired");
        }
    }

    [Fact]
    public async Task Submitted_on_defaults_to_today_in_China_Standard_Time()
    {
        // 2029-07-10T16:30Z is already 2029-07-11 in Shanghai: outside the window.
        var output = new StringWriter();
        var late = new FakeTimeProvider(new DateTimeOffset(2029, 7, 10, 16, 30, 0, TimeSpan.Zero));
        var request = $$"""{ "measure": "A14.2", "applicant": {{Applicant}}, "project": { "key": "P-1" }, "facts": { "totalInvestment": 100000 } }""";

        await NeoBayCli.RunAsync(["quote"], new StringReader(request), output, new StringWriter(), late);

        using var result = JsonDocument.Parse(output.ToString());
        Assert.False(result.RootElement.GetProperty("eligible").GetBoolean());
    }

    [Fact]
    public async Task A_missing_base_figure_is_ineligible_with_a_reason_not_a_crash()
    {
        var (exit, output, _) = await QuoteAsync(Request("A02.1", """{ "nationalApproval": true }"""));

        Assert.Equal(0, exit);
        using var result = JsonDocument.Parse(output);
        Assert.False(result.RootElement.GetProperty("eligible").GetBoolean());
        Assert.NotEmpty(result.RootElement.GetProperty("reasons").EnumerateArray());
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{ \"measure\": ")]
    [InlineData("")]
    public async Task Input_that_is_not_JSON_exits_2(string input)
    {
        var (exit, output, error) = await QuoteAsync(input);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("not JSON", error);
    }

    [Fact]
    public async Task A_file_is_read_with_the_file_option()
    {
        var path = Path.Combine(Path.GetTempPath(), $"neobay-quote-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, Request("A13.3", """{ "financingCost": 15000000 }"""));
        try
        {
            var (exit, output, _) = await QuoteAsync("", "--file", path);

            Assert.Equal(0, exit);
            using var result = JsonDocument.Parse(output);
            Assert.Equal(2_000_000.00m, result.RootElement.GetProperty("amount").GetDecimal()); // 20% of 15,000,000 = 3,000,000 > cap 2,000,000
        }
        finally
        {
            File.Delete(path);
        }
    }
}
