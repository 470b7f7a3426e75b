using Azure.Data.Tables;
using NeoBay.Grants.Simulations;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Tests.Budget;
using NeoBay.Grants.Tests.Renewals;
using NeoBay.Policy;
using NeoBay.Policy.Reforms;

namespace NeoBay.Grants.Tests.Simulations;

/// <summary>#17 what-if over a small stored portfolio (Azurite): A02.1 at 15% instead of 20% from 2027-01-01.</summary>
public sealed class SimulationServiceTests
{
    internal const string RateCut = """
        name: A02.1 rate 15% from 2027
        changes:
          - { measure: A02.1, parameter: rate, from: 2027-01-01, value: 0.15, citation: "what-if" }
        """;

    private static IReadOnlyDictionary<string, FactValue> Investment(decimal yuan) =>
        FundHarness.Facts(("totalInvestment", yuan), ("nationalApproval", true));

    /// <summary>Five A02.1 applications: four submitted 2026-11-26…2027-01-05 (two approved), one on 2027-02-10.</summary>
    internal static async Task<RenewalHarness> PortfolioAsync()
    {
        var h = await RenewalHarness.CreateAsync();
        // 2026-11-26: 12,000,000 → 2,400,000 either way (the reform starts 2027-01-01).
        await h.ApproveAsync("A02.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(1), Investment(12_000_000m));
        h.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 5, 2, 0, 0, TimeSpan.Zero));
        // Approved: its own grant is not history (else 不重复 would zero it). 2,400,000 → 1,800,000.
        await h.ApproveAsync("A02.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(2), Investment(12_000_000m));
        // 20,000,000: 4,000,000 and 3,000,000 capped at 3,000,000 either way.
        await h.PrepareAsync("A02.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(3), Investment(20_000_000m));
        // 8,000,000: 1,600,000 → 1,200,000.
        await h.PrepareAsync("A02.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(4), Investment(8_000_000m));
        h.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 10, 2, 0, 0, TimeSpan.Zero));
        // Outside the period.
        await h.PrepareAsync("A02.1", ApplicantKind.Enterprise, RenewalHarness.UsccOf(5), Investment(12_000_000m));

        return h;
    }

    [Fact]
    public async Task The_reform_changes_the_2027_applications_only_and_writes_nothing()
    {
        var h = await PortfolioAsync();
        var before = await SnapshotAsync(h);
        var reformed = Reform.Parse(RateCut).ApplyTo(PolicyCatalog.EmbeddedFiles());
        var service = new SimulationService(h.Applications, h.Grants, RenewalHarness.Catalog.Value);
        var result = await service.SimulateAsync("A02.1 rate 15% from 2027", reformed, new SimulationPeriod(new DateOnly(2026, 11, 1), new DateOnly(2027, 1, 31)));

        Assert.Equal(4, result.Applications);
        Assert.Equal(2, result.ApplicantsChanged);
        Assert.Equal(-100_000_000L, result.DifferenceFen);
        Assert.Equal(
            [new SimulationCell(2026, "A02", 240_000_000L, 240_000_000L, 0), new SimulationCell(2027, "A02", 700_000_000L, 600_000_000L, -100_000_000L)],
            result.ByYearAndArticle);
        Assert.Equal([(240_000_000L, 180_000_000L, -60_000_000L), (160_000_000L, 120_000_000L, -40_000_000L)],
            result.LargestChanges.Select(c => (c.BaselineFen, c.ReformFen, c.DifferenceFen)));
        Assert.All(result.LargestChanges, c => Assert.Equal("A02.1", c.Measure));
        Assert.Equal(before, await SnapshotAsync(h));
    }

    private static async Task<IReadOnlyList<string>> SnapshotAsync(RenewalHarness h)
    {
        var rows = new List<string>(await h.SnapshotAsync());
        foreach (var name in new[] { GrantsTables.Applications, GrantsTables.ApplicationIndex, GrantsTables.GrantIndex })
        {
            var table = await h.Tables.GetAsync(name);
            await foreach (var e in table.QueryAsync<TableEntity>()) rows.Add($"{name}/{e.PartitionKey}/{e.RowKey}/{e.ETag}");
        }
        return rows;
    }
}
