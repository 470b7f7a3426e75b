namespace NeoBay.Policy.Tests;

/// <summary>common.16: which measures an edition changes, compared field by field (push notifications match only those).</summary>
public sealed class CatalogChangesTests
{
    private static readonly PolicyCatalog Embedded = PolicyCatalog.LoadEmbedded();

    [Fact]
    public void The_same_catalog_loaded_twice_changes_no_measure()
    {
        var again = PolicyCatalog.Load(PolicyCatalog.EmbeddedFiles());
        Assert.NotSame(Embedded, again);
        Assert.Empty(CatalogChanges.ChangedMeasures(Embedded, again)!);
    }

    [Fact]
    public void A_changed_rate_changes_only_its_measure()
    {
        var changed = TestCatalogs.With("a02.yaml", "rate: { value: 0.20,", "rate: { value: 0.25,");
        Assert.Equal(["A02.1"], CatalogChanges.ChangedMeasures(Embedded, changed)!);
    }

    [Fact]
    public void A_changed_tier_amount_changes_only_its_measure()
    {
        var changed = TestCatalogs.With("a08.yaml", "tier: gazelle, amount: 2000000", "tier: gazelle, amount: 2100000");
        Assert.Equal(["A08.1"], CatalogChanges.ChangedMeasures(Embedded, changed)!);
    }

    [Fact]
    public void A_changed_common_rule_changes_every_measure()
    {
        var changed = TestCatalogs.With("policy.yaml", "titleEn: Measures to accelerate", "titleEn: Measures to speed up");
        Assert.Null(CatalogChanges.ChangedMeasures(Embedded, changed));
    }
}
