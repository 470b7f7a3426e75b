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

    [Theory]
    [InlineData("2026-12-31", "2024-07-11", 0.20)]
    [InlineData("2027-01-01", "2027-01-01", 0.25)]
    public async Task Catalog_at_a_date_shows_the_values_in_force_that_day(string at, string since, double rate)
    {
        // A catalog folder whose A02.1 rate rises from 20% to 25% on 2027-01-01 (common.16).
        var folder = Directory.CreateTempSubdirectory("neobay-catalog-");
        try
        {
            var assembly = typeof(NeoBay.Policy.PolicyCatalog).Assembly;
            foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".yaml", StringComparison.Ordinal) && !n.Contains(".Calendar.", StringComparison.Ordinal))) // the measures, not the working-day calendar
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                var text = new StreamReader(stream).ReadToEnd();
                if (name.EndsWith("a02.yaml", StringComparison.Ordinal))
                    text = text.Replace("      rate: { value: 0.20, cite: A02.1, text: 给予不超过项目总投入 20% }",
                        "      rate:\n        versions:\n          - { from: 2024-07-11, value: 0.20, cite: A02.1, text: 20% }\n          - { from: 2027-01-01, value: 0.25, cite: A02.1, text: 25%, source: 测试通知 }",
                        StringComparison.Ordinal);
                File.WriteAllText(Path.Combine(folder.FullName, name["NeoBay.Policy.Catalog.".Length..]), text);
            }

            using var catalog = JsonDocument.Parse(await CatalogAsync("--json", "--at", at, "--catalog", folder.FullName));
            var a021 = catalog.RootElement.GetProperty("measures").EnumerateArray().Single(m => m.GetProperty("code").GetString() == "A02.1");
            var rateParameter = a021.GetProperty("parameters").GetProperty("rate");
            Assert.Equal((decimal)rate, rateParameter.GetProperty("value").GetDecimal());
            Assert.Equal(since, rateParameter.GetProperty("since").GetString());
            Assert.Equal(since, catalog.RootElement.GetProperty("inForceFrom").GetString());
            Assert.Equal(["2024-07-11", "2027-01-01"], catalog.RootElement.GetProperty("editions").EnumerateArray().Select(e => e.GetString()));
        }
        finally
        {
            folder.Delete(recursive: true);
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
