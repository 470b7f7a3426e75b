using System.Text.Json;
using NeoBay.Cli;

namespace NeoBay.Cli.Tests;

public sealed class CatalogCommandTests
{
    /// <summary>The 36 codes of POLICY.md's "Measures that pay money".</summary>
    private static readonly string[] PolicyCodes =
    [
        "A01.1", "A01.2", "A02.1", "A03.1", "A03.2", "A04.3", "A04.4", "A05.1", "A05.2", "A06.1", "A06.2", "A06.3",
        "A07.2", "A08.1", "A08.2", "A08.3", "A09.1", "A09.2", "A09.3", "A09.4", "A09.5", "A10.1", "A10.2", "A10.3",
        "A11.2", "A11.3", "A13.2", "A13.3", "A14.2", "A16.2", "A16.3", "A16.4", "A17.1", "A17.2", "A19.3", "A20.1",
    ];

    private static async Task<string> CatalogAsync(params string[] args)
    {
        var output = new StringWriter();
        var exit = await NeoBayCli.RunAsync(["catalog", .. args], new StringReader(""), output, new StringWriter(), TimeProvider.System);
        Assert.Equal(0, exit);
        return output.ToString();
    }

    [Fact]
    public async Task Catalog_json_lists_exactly_the_36_paying_measures_each_with_a_citation()
    {
        using var catalog = JsonDocument.Parse(await CatalogAsync("--json"));
        var measures = catalog.RootElement.ValueKind == JsonValueKind.Array
            ? catalog.RootElement.EnumerateArray().ToArray()
            : catalog.RootElement.GetProperty("measures").EnumerateArray().ToArray();

        Assert.Equal(PolicyCodes, measures.Select(m => m.GetProperty("code").GetString()).Order(StringComparer.Ordinal));
        foreach (var measure in measures)
        {
            var code = measure.GetProperty("code").GetString()!;
            Assert.Equal(int.Parse(code[1..3]), measure.GetProperty("article").GetInt32());
            Assert.Equal(code, measure.GetProperty("citation").GetProperty("cite").GetString());
            Assert.False(string.IsNullOrWhiteSpace(measure.GetProperty("citation").GetProperty("text").GetString()), code);
            Assert.False(string.IsNullOrWhiteSpace(measure.GetProperty("kind").GetString()), code);
        }
    }

    [Fact]
    public async Task Catalog_prints_a_table_with_one_row_per_measure()
    {
        var table = await CatalogAsync();

        foreach (var code in PolicyCodes) Assert.Contains(code, table);
        Assert.Contains("36 measures.", table);
    }
}
