using System.Text.Json;
using NeoBay.Contracts.Catalog;
using NeoBay.Policy;

namespace NeoBay.Contracts.Tests.Catalog;

/// <summary>The catalog as <c>GET /api/measures</c> and <c>neobay catalog --json</c> write it.</summary>
public sealed class CatalogResponseTests
{
    private static readonly PolicyCatalog Catalog = PolicyCatalog.LoadEmbedded();

    private static readonly string[] PolicyCodes =
    [
        "A01.1", "A01.2", "A02.1", "A03.1", "A03.2", "A04.3", "A04.4", "A05.1", "A05.2", "A06.1", "A06.2", "A06.3",
        "A07.2", "A08.1", "A08.2", "A08.3", "A09.1", "A09.2", "A09.3", "A09.4", "A09.5", "A10.1", "A10.2", "A10.3",
        "A11.2", "A11.3", "A13.2", "A13.3", "A14.2", "A16.2", "A16.3", "A16.4", "A17.1", "A17.2", "A19.3", "A20.1",
    ];

    [Fact]
    public void Catalog_json_lists_all_codes_with_citations_and_documents()
    {
        using var doc = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(Catalog.ToResponse(), CatalogJsonContext.Default.CatalogResponse));
        var measures = doc.RootElement.GetProperty("measures");
        Assert.Equal(PolicyCodes, measures.EnumerateArray().Select(m => m.GetProperty("code").GetString()).ToArray());
        var a021 = measures.EnumerateArray().Single(m => m.GetProperty("code").GetString() == "A02.1");
        Assert.Equal("proportional", a021.GetProperty("kind").GetString());
        Assert.Equal(0.20m, a021.GetProperty("parameters").GetProperty("rate").GetProperty("value").GetDecimal());
        Assert.Equal("A02.1", a021.GetProperty("parameters").GetProperty("cap").GetProperty("cite").GetString());
        Assert.Equal(3000000m, a021.GetProperty("parameters").GetProperty("cap").GetProperty("value").GetDecimal());
        Assert.Equal("nationalApproval", a021.GetProperty("requiredDocuments")[0].GetProperty("category").GetString());
        Assert.Equal("2024-07-11", doc.RootElement.GetProperty("validFrom").GetString());
        var a112 = measures.EnumerateArray().Single(m => m.GetProperty("code").GetString() == "A11.2");
        Assert.Equal(4, a112.GetProperty("parameters").GetProperty("categories").GetProperty("value").GetArrayLength());
    }
}
