using NeoBay.Grants.Applications;
using NeoBay.Grants.Tests.Support;

namespace NeoBay.Grants.Tests.Applications;

/// <summary>
/// The reviewers' queue index on Azurite: status partitions in both orders, submitted dates in China Standard Time as key ranges,
/// measure, paging, counts, and index writes arriving out of order. Ids carry the UTC submission time: 2026-11-30 16:00:00 UTC is
/// 2026-12-01 00:00 CST (the first instant of that day), 2026-12-01 15:59:59 UTC its last second, 16:00:00 UTC already 12-02.
/// </summary>
public sealed class ApplicationQueueServiceTests
{
    private const string First = "A20261130160000-aaaaaaaaaa";
    private const string Last = "A20261201155959-bbbbbbbbbb";
    private const string NextDay = "A20261201160000-cccccccccc";

    private static ApplicationSummary Summary(string id, string measure, ApplicationStatus status, int version) =>
        new(id, GrantsHarness.UsccA, measure, DateTimeOffset.ParseExact(id[1..15], "yyyyMMddHHmmss", null, System.Globalization.DateTimeStyles.AssumeUniversal), status) { Version = version };

    private static async Task<(TableApplicationStoreQueue Queue, GrantsHarness H)> SeedAsync()
    {
        var h = await GrantsHarness.CreateAsync();
        foreach (var (id, measure) in new[] { (First, "A02.1"), (Last, "A09.1"), (NextDay, "A02.1") })
        {
            await h.Applications.UpsertIndexAsync(Summary(id, measure, ApplicationStatus.Submitted, 1));
            await h.Applications.UpsertIndexAsync(Summary(id, measure, ApplicationStatus.Eligible, 3));
        }

        // A delayed write of version 2 (evaluating) after version 3: changes nothing.
        await h.Applications.UpsertIndexAsync(Summary(First, "A02.1", ApplicationStatus.Evaluating, 2));
        return (new TableApplicationStoreQueue(new ApplicationQueueService(h.Applications, GrantsHarness.Catalog.Value)), h);
    }

    private sealed record TableApplicationStoreQueue(ApplicationQueueService Service)
    {
        public async Task<string[]> IdsAsync(ApplicationQuery query, int take = 10)
        {
            var ids = new List<string>();
            string? token = null;
            do
            {
                var page = (await Service.QueryAsync(query, token, take)).Value!;
                ids.AddRange(page.Items.Select(i => i.Id));
                token = page.ContinuationToken;
            }
            while (token is not null);
            return [.. ids];
        }
    }

    private static readonly DateOnly December1 = new(2026, 12, 1);

    [Fact]
    public async Task Filters_by_status_cst_dates_and_measure_in_both_orders_and_pages()
    {
        var (queue, _) = await SeedAsync();
        var eligible = new ApplicationQuery(ApplicationStatus.Eligible, null, null, null, null, false);

        Assert.Equal([First, Last, NextDay], await queue.IdsAsync(eligible, take: 1));
        Assert.Equal([NextDay, Last, First], await queue.IdsAsync(eligible with { Newest = true }, take: 2));
        Assert.Equal([First, Last], await queue.IdsAsync(eligible with { From = December1, To = December1 }));
        Assert.Equal([Last, First], await queue.IdsAsync(eligible with { From = December1, To = December1, Newest = true }));
        Assert.Equal([NextDay], await queue.IdsAsync(eligible with { From = December1.AddDays(1), Newest = true }));
        Assert.Equal([First, NextDay], await queue.IdsAsync(eligible with { Measure = "A02.1" }));
        Assert.Empty(await queue.IdsAsync(eligible with { Status = ApplicationStatus.Evaluating }));
        Assert.Empty(await queue.IdsAsync(eligible with { Status = ApplicationStatus.Submitted }));
        // The applicant's partition with the status as a filter in it.
        Assert.Equal([First, Last, NextDay], await queue.IdsAsync(eligible with { Uscc = GrantsHarness.UsccA }));
    }

    [Fact]
    public async Task Counts_per_status_follow_the_latest_version()
    {
        var (queue, h) = await SeedAsync();
        await h.Applications.UpsertIndexAsync(Summary(Last, "A09.1", ApplicationStatus.Approved, 5));

        var counts = await queue.Service.CountAsync(null);
        Assert.Equal((2, 1, 0, 0), (counts[ApplicationStatus.Eligible], counts[ApplicationStatus.Approved], counts[ApplicationStatus.Submitted], counts[ApplicationStatus.Evaluating]));
        Assert.Equal(2, (await queue.Service.CountAsync(GrantsHarness.UsccA))[ApplicationStatus.Eligible]);
        Assert.Equal([Last], await queue.IdsAsync(new ApplicationQuery(ApplicationStatus.Approved, null, null, null, null, true)));
    }

    [Fact]
    public async Task Refuses_newest_first_without_a_status_dates_the_wrong_way_round_and_an_unknown_measure()
    {
        var (queue, _) = await SeedAsync();
        Assert.Equal("sort", (await queue.Service.QueryAsync(new ApplicationQuery(null, null, null, null, null, true), null, 10)).Error!.Field);
        Assert.Equal("InvalidDate", (await queue.Service.QueryAsync(new ApplicationQuery(null, null, null, December1, December1.AddDays(-1), false), null, 10)).Error!.Code);
        Assert.Equal("UnknownMeasure", (await queue.Service.QueryAsync(new ApplicationQuery(null, "A99.9", null, null, null, false), null, 10)).Error!.Code);
    }
}
