using System.Text;
using System.Text.Json;

namespace NeoBay.Policy.Tests;

public sealed class CatalogTests
{
    private static readonly PolicyCatalog Catalog = PolicyCatalog.LoadEmbedded();

    // The 36 codes of POLICY.md, "Measures that pay money".
    private static readonly string[] PolicyCodes =
    [
        "A01.1", "A01.2", "A02.1", "A03.1", "A03.2", "A04.3", "A04.4", "A05.1", "A05.2", "A06.1", "A06.2", "A06.3",
        "A07.2", "A08.1", "A08.2", "A08.3", "A09.1", "A09.2", "A09.3", "A09.4", "A09.5", "A10.1", "A10.2", "A10.3",
        "A11.2", "A11.3", "A13.2", "A13.3", "A14.2", "A16.2", "A16.3", "A16.4", "A17.1", "A17.2", "A19.3", "A20.1",
    ];

    private static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c)) sb.Append(c);
        }
        return sb.ToString();
    }

    private static readonly string Seed = Normalize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "seed.txt")));

    [Fact]
    public void The_catalog_lists_exactly_the_36_codes_of_POLICY_md()
    {
        Assert.Equal(PolicyCodes, Catalog.Measures.Select(m => m.Code).ToArray());
    }

    [Fact]
    public void Each_measure_lives_in_the_file_of_its_article()
    {
        foreach (var m in Catalog.Measures)
        {
            Assert.Equal($"a{m.Article:00}.yaml", m.SourceFile);
            Assert.StartsWith($"A{m.Article:00}.", m.Code);
        }
    }

    [Fact]
    public void Every_measure_sentence_and_every_citation_are_the_seeds_own_words()
    {
        var problems = new List<string>();
        void Check(string where, string text)
        {
            foreach (var part in text.Split('…'))
            {
                if (!Seed.Contains(Normalize(part), StringComparison.Ordinal)) problems.Add($"{where}: '{part}'");
            }
        }
        foreach (var m in Catalog.Measures)
        {
            Check(m.Code + ".text", m.Text);
            Check(m.Code + ".applicantKinds", m.ApplicantKindsCitation.Text);
            foreach (var f in m.RequiredFacts) Check($"{m.Code}.requiredFacts.{f.Fact}", f.Citation.Text);
            foreach (var p in m.Parameters)
            {
                Check($"{m.Code}.parameters.{p.Name}", p.Citation.Text);
                Assert.True(p.Citation.Code == m.Code || p.Citation.Code.StartsWith("common.", StringComparison.Ordinal), $"{m.Code}.{p.Name} cites {p.Citation.Code}");
            }
        }
        var policy = Catalog.Policy;
        Check("validity", policy.ValidityCitation.Text);
        Check("stagePlan", policy.StagesCitation.Text);
        Check("claimYear", policy.ClaimYearCitation.Text);
        Check("noDuplication", policy.NoDuplicationCitation.Text);
        Assert.Empty(problems);
    }

    [Fact]
    public void Common_rules_hold_the_validity_window_and_the_default_stage_plan()
    {
        var p = Catalog.Policy;
        Assert.Equal(new DateOnly(2024, 7, 11), p.ValidFrom);
        Assert.Equal(new DateOnly(2029, 7, 10), p.ValidTo);
        Assert.Equal([0.5m, 0.5m], p.DefaultStages.Select(s => s.Share));
        Assert.Equal([ScheduleTrigger.Approval, ScheduleTrigger.Acceptance], p.DefaultStages.Select(s => s.Trigger));
    }

    [Theory]
    [InlineData("A02.1", 0.20, 300_000_000L)]
    [InlineData("A04.4", 0.50, 1_000_000_000L)]
    [InlineData("A07.2", 0.50, 5_000_000_000L)]
    [InlineData("A13.2", 0.50, 50_000_000L)]
    [InlineData("A17.2", 0.30, 100_000_000L)]
    public void Rates_and_caps_are_loaded_in_fen(string code, double rate, long capFen)
    {
        Assert.True(Catalog.TryGet(code, out var m));
        Assert.Equal((decimal)rate, m.RateOf());
        Assert.Equal(capFen, m.CapOf());
    }

    [Theory]
    [InlineData("A04.4")]
    [InlineData("A07.2")]
    [InlineData("A08.2")]
    [InlineData("A09.1")]
    [InlineData("A09.2")]
    [InlineData("A19.3")]
    public void Measures_paid_in_stages_carry_the_stage_plan(string code)
    {
        Assert.True(Catalog.TryGet(code, out var m));
        Assert.NotNull(m.Stages);
    }

    [Theory]
    [InlineData("A02.1", "nationalApproval")]
    [InlineData("A13.2", "loanContract")]
    [InlineData("A13.2", "interestReceipts")]
    [InlineData("A09.4", "serviceContract")]
    [InlineData("A09.4", "invoice")]
    public void Required_documents_name_the_expected_categories(string code, string category)
    {
        Assert.True(Catalog.TryGet(code, out var m));
        Assert.Contains(m.RequiredDocuments, d => d.Category == category && d.Zh.Length > 0 && d.En.Length > 0);
    }

    [Fact]
    public void Every_measure_lists_required_documents_and_applicant_kinds()
    {
        foreach (var m in Catalog.Measures)
        {
            Assert.NotEmpty(m.RequiredDocuments);
            Assert.NotEmpty(m.ApplicantKinds);
        }
    }

    [Fact]
    public void Unknown_codes_are_not_found()
    {
        Assert.False(Catalog.TryGet("A12.1", out _));
        Assert.False(Catalog.TryGet("a02.1", out _));
    }
}
