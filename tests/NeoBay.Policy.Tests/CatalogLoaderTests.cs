namespace NeoBay.Policy.Tests;

/// <summary>The loader refuses a bad catalog at start, naming the file and the field.</summary>
public sealed class CatalogLoaderTests
{
    private static string Embedded(string file)
    {
        using var stream = typeof(PolicyCatalog).Assembly.GetManifestResourceStream("NeoBay.Policy.Catalog." + file)!;
        return new StreamReader(stream).ReadToEnd();
    }

    private const string A02 = """
        article: 2
        articleZh: （二）促进未来产业技术创新
        articleEn: (2) Future industries
        measures:
          - code: A02.1
            titleZh: 未来产业
            titleEn: Future industries
            text: 对获国家立项支持的，给予不超过项目总投入 20%、最高 300 万元的奖励。
            kind: proportional
            applicantKinds: { value: [org], cite: A02.1, text: 支持开展 }
            requiredFacts:
              - { fact: totalInvestment, cite: A02.1, text: 项目总投入 }
            parameters:
              base: { value: totalInvestment, cite: A02.1, text: 项目总投入 }
              rate: { value: 0.20, cite: A02.1, text: 20% }
              cap: { value: 3000000, unit: CNY, cite: A02.1, text: 最高 300 万元 }
            requiredDocuments:
              - { category: nationalApproval, zh: 国家立项批复文件, en: National project approval }
        """;

    private static PolicyCatalog Load(string a02, string? policy = null) =>
        PolicyCatalog.Load([new("policy.yaml", policy ?? Embedded("policy.yaml")), new("a02.yaml", a02)]);

    private static CatalogException Fails(string a02, string? policy = null) => Assert.Throws<CatalogException>(() => Load(a02, policy));

    [Fact]
    public void A_minimal_valid_catalog_loads()
    {
        var catalog = Load(A02);
        Assert.True(catalog.TryGet("A02.1", out var m));
        Assert.Equal(300_000_000L, m.CapOf());
        Assert.Equal(0.20m, m.RateOf());
    }

    [Fact]
    public void An_unknown_key_names_the_file_and_the_field()
    {
        var ex = Fails(A02.Replace("    kind: proportional", "    kind: proportional\n    colour: blue"));
        Assert.Equal("a02.yaml", ex.File);
        Assert.Equal("measures[0].colour", ex.Field);
    }

    [Fact]
    public void An_unknown_kind_fails()
    {
        var ex = Fails(A02.Replace("kind: proportional", "kind: lottery"));
        Assert.Equal("a02.yaml", ex.File);
        Assert.Equal("measures[0].kind", ex.Field);
        Assert.Contains("lottery", ex.Message);
    }

    [Fact]
    public void An_unknown_fact_fails()
    {
        var ex = Fails(A02.Replace("{ fact: totalInvestment,", "{ fact: totalInvestmnt,"));
        Assert.Equal("measures[0].requiredFacts[0].fact", ex.Field);
        Assert.Contains("totalInvestmnt", ex.Message);
    }

    [Fact]
    public void A_missing_citation_fails()
    {
        var ex = Fails(A02.Replace("rate: { value: 0.20, cite: A02.1, text: 20% }", "rate: { value: 0.20, text: 20% }"));
        Assert.Equal("measures[0].parameters.rate.cite", ex.Field);
    }

    [Fact]
    public void A_citation_of_another_measure_fails()
    {
        var ex = Fails(A02.Replace("rate: { value: 0.20, cite: A02.1,", "rate: { value: 0.20, cite: A03.2,"));
        Assert.Equal("measures[0].parameters.rate.cite", ex.Field);
    }

    [Fact]
    public void A_missing_citation_text_fails()
    {
        var ex = Fails(A02.Replace("cap: { value: 3000000, unit: CNY, cite: A02.1, text: 最高 300 万元 }", "cap: { value: 3000000, unit: CNY, cite: A02.1 }"));
        Assert.Equal("measures[0].parameters.cap.text", ex.Field);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3000000")]
    public void A_non_positive_cap_fails(string cap)
    {
        var ex = Fails(A02.Replace("value: 3000000,", $"value: {cap},"));
        Assert.Equal("a02.yaml", ex.File);
        Assert.Equal("measures[0].parameters.cap.value", ex.Field);
    }

    [Fact]
    public void A_cap_with_more_than_two_decimals_fails()
    {
        var ex = Fails(A02.Replace("value: 3000000,", "value: 3000000.001,"));
        Assert.Equal("measures[0].parameters.cap.value", ex.Field);
    }

    [Fact]
    public void A_rate_above_one_fails()
    {
        var ex = Fails(A02.Replace("value: 0.20", "value: 20"));
        Assert.Equal("measures[0].parameters.rate.value", ex.Field);
    }

    [Fact]
    public void A_missing_parameter_of_the_kind_fails()
    {
        var ex = Fails(A02.Replace("      cap: { value: 3000000, unit: CNY, cite: A02.1, text: 最高 300 万元 }\n", ""));
        Assert.Equal("measures[0].parameters.cap", ex.Field);
    }

    [Fact]
    public void A_parameter_foreign_to_the_kind_fails()
    {
        var ex = Fails(A02.Replace("    requiredDocuments:", "      operatingYears: { value: 3, cite: A02.1, text: 三年 }\n    requiredDocuments:"));
        Assert.Equal("measures[0].parameters.operatingYears", ex.Field);
    }

    [Fact]
    public void An_unknown_applicant_kind_fails()
    {
        var ex = Fails(A02.Replace("value: [org]", "value: [martian]"));
        Assert.Contains("martian", ex.Message);
        Assert.Equal("a02.yaml", ex.File);
    }

    [Fact]
    public void A_code_outside_its_article_fails()
    {
        var ex = Fails(A02.Replace("code: A02.1", "code: A03.1"));
        Assert.Equal("measures[0].code", ex.Field);
    }

    [Fact]
    public void A_measure_without_documents_fails()
    {
        var ex = Fails(A02[..A02.IndexOf("    requiredDocuments:", StringComparison.Ordinal)] + "    requiredDocuments: []\n");
        Assert.Equal("measures[0].requiredDocuments", ex.Field);
    }

    [Fact]
    public void Invalid_yaml_fails_with_its_file()
    {
        var ex = Fails("article: [2\n");
        Assert.Equal("a02.yaml", ex.File);
    }

    [Fact]
    public void A_missing_policy_file_fails()
    {
        var ex = Assert.Throws<CatalogException>(() => PolicyCatalog.Load([new("a02.yaml", A02)]));
        Assert.Equal("policy.yaml", ex.File);
    }

    [Fact]
    public void A_stage_plan_not_adding_up_to_one_fails()
    {
        var policy = Embedded("policy.yaml").Replace("- { share: 0.5, trigger: acceptance }", "- { share: 0.4, trigger: acceptance }");
        var ex = Fails(A02, policy);
        Assert.Equal("policy.yaml", ex.File);
        Assert.StartsWith("stagePlan.value", ex.Field);
    }

    [Fact]
    public void A_duplicate_code_fails()
    {
        var twice = A02 + "\n" + A02[A02.IndexOf("  - code: A02.1", StringComparison.Ordinal)..];
        var ex = Fails(twice);
        Assert.Equal("A02.1", ex.Field);
    }
}
