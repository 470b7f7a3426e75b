using Moq;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Simulations;
using NeoBay.Grants.Storage.Simulations;
using NeoBay.Grants.Tests.Renewals;
using NeoBay.Policy;
using NeoBay.Policy.Reforms;

namespace NeoBay.Grants.Tests.Simulations;

/// <summary>
/// The what-if job (#17) over the portfolio of <see cref="SimulationServiceTests"/> (A02.1 20% → 15% from 2027-01-01), in
/// list pages of two applications: the same hand-computed result, each page counted once under redelivery and crashes.
/// </summary>
public sealed class SimulationJobServiceTests
{
    private const string RateCut = SimulationServiceTests.RateCut;

    private static readonly SimulationPeriod Period = new(new DateOnly(2026, 11, 1), new DateOnly(2027, 1, 31));

    private sealed class RecordingQueue : ISimulationQueue
    {
        public Queue<string> Messages { get; } = new();

        public Task EnqueueAsync(string id, CancellationToken cancellationToken = default)
        {
            lock (Messages) Messages.Enqueue(id);
            return Task.CompletedTask;
        }
    }

    /// <summary>Writes, then "crashes" once after the <paramref name="crashAfterPage"/>th page is recorded (before the delivery is settled).</summary>
    private sealed class CrashingStore(ISimulationJobStore inner, int crashAfterPage) : ISimulationJobStore
    {
        private int pages;

        public Task<SimulationJob?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);
        public Task<bool> CreateAsync(SimulationJob job, CancellationToken cancellationToken = default) => inner.CreateAsync(job, cancellationToken);
        public Task<string?> ReplaceAsync(SimulationJob job, CancellationToken cancellationToken = default) => inner.ReplaceAsync(job, cancellationToken);
        public Task<IReadOnlyList<SimulationPart>> ReadPartsAsync(string id, CancellationToken cancellationToken = default) => inner.ReadPartsAsync(id, cancellationToken);

        public async Task<string?> RecordPageAsync(SimulationJob job, int page, SimulationPart part, CancellationToken cancellationToken = default)
        {
            var etag = await inner.RecordPageAsync(job, page, part, cancellationToken);
            if (etag is not null && ++pages == crashAfterPage) throw new IOException("crash after the page was recorded");
            return etag;
        }
    }

    private static SimulationJobService Service(RenewalHarness h, ISimulationJobStore store, RecordingQueue queue, int pagesPerMessage = 1) =>
        new(store, queue, h.Applications, new SimulationService(h.Applications, h.Grants, RenewalHarness.Catalog.Value),
            reform => reform.ApplyTo(PolicyCatalog.EmbeddedFiles()), h.Clock, new SimulationJobOptions(pagesPerMessage, PageSize: 2));

    private static void AssertHandComputed(SimulationJob job)
    {
        Assert.Equal(SimulationStatus.Completed, job.Status);
        Assert.Equal(4, job.Total);
        Assert.Equal(4, job.Processed);
        Assert.Equal(3, job.Pages); // five applications in pages of two
        var result = job.Result!;
        Assert.Equal(4, result.Applications);
        Assert.Equal(2, result.ApplicantsChanged);
        Assert.Equal(-100_000_000L, result.DifferenceFen);
        Assert.Equal(
            [new SimulationCell(2026, "A02", 240_000_000L, 240_000_000L, 0), new SimulationCell(2027, "A02", 700_000_000L, 600_000_000L, -100_000_000L)],
            result.ByYearAndArticle);
        Assert.Equal([-60_000_000L, -40_000_000L], result.LargestChanges.Select(c => c.DifferenceFen));
    }

    [Fact]
    public async Task A_job_runs_page_by_page_through_its_queue_to_the_hand_computed_result()
    {
        var h = await SimulationServiceTests.PortfolioAsync();
        var store = new TableSimulationJobStore(h.Tables);
        var queue = new RecordingQueue();
        var service = Service(h, store, queue);

        var started = await service.StartAsync(SimulationIds.New(), RateCut, Period, "admin-1");
        Assert.Equal(SimulationStatus.Queued, started.Status);
        Assert.Null(started.Total);
        Assert.Equal("A02.1 rate 15% from 2027", started.ReformName);

        var deliveries = 0;
        while (queue.Messages.TryDequeue(out var id))
        {
            deliveries++;
            await service.RunAsync(id);
            if (deliveries == 1) Assert.Equal((SimulationStatus.Running, 4, 2), await ProgressAsync(store, id));
        }

        // One page per delivery (the first also counts the total, the last also sums the parts).
        Assert.Equal(3, deliveries);
        AssertHandComputed((await store.GetAsync(started.Id))!);
    }

    [Fact]
    public async Task A_job_reads_whole_records_in_pages_and_makes_no_point_read_per_application()
    {
        var h = await SimulationServiceTests.PortfolioAsync();
        var table = h.Applications;
        var applications = new Mock<IApplicationStore>();
        applications.Setup(a => a.ListAsync(It.IsAny<string?>(), It.IsAny<string?>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns((string? u, string? t, int n, CancellationToken c) => table.ListAsync(u, t, n, c));
        applications.As<IApplicationRecordPages>().Setup(a => a.ListRecordsAsync(It.IsAny<string?>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns((string? t, int n, CancellationToken c) => table.ListRecordsAsync(t, n, c));
        var store = new TableSimulationJobStore(h.Tables);
        var queue = new RecordingQueue();
        var service = new SimulationJobService(store, queue, applications.Object, new SimulationService(applications.As<IApplicationRecordPages>().Object, h.Grants, RenewalHarness.Catalog.Value),
            reform => reform.ApplyTo(PolicyCatalog.EmbeddedFiles()), h.Clock, new SimulationJobOptions(PagesPerMessage: 10, PageSize: 2));

        var job = await service.StartAsync(SimulationIds.New(), RateCut, Period, "admin-1");
        while (queue.Messages.TryDequeue(out var id)) await service.RunAsync(id);

        AssertHandComputed((await store.GetAsync(job.Id))!);
        applications.As<IApplicationRecordPages>().Verify(a => a.ListRecordsAsync(It.IsAny<string?>(), 2, It.IsAny<CancellationToken>()), Times.Exactly(3));
        applications.Verify(a => a.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Redelivered_messages_and_a_crash_after_a_page_count_each_page_once()
    {
        var h = await SimulationServiceTests.PortfolioAsync();
        var queue = new RecordingQueue();
        var store = new TableSimulationJobStore(h.Tables);
        var crashing = Service(h, new CrashingStore(store, crashAfterPage: 1), queue, pagesPerMessage: 10);
        var job = await crashing.StartAsync(SimulationIds.New(), RateCut, Period, "admin-1");
        var message = queue.Messages.Dequeue();

        await Assert.ThrowsAsync<IOException>(() => crashing.RunAsync(message));
        Assert.Equal((SimulationStatus.Running, 4, 2), await ProgressAsync(store, job.Id));

        // The message is delivered again, twice, and a stale delivery races the first: every page still counts once.
        var service = Service(h, store, queue, pagesPerMessage: 10);
        await Task.WhenAll(service.RunAsync(message), service.RunAsync(message));
        await service.RunAsync(message);
        Assert.Empty(queue.Messages);
        AssertHandComputed((await store.GetAsync(job.Id))!);
        Assert.Equal(3, (await store.ReadPartsAsync(job.Id)).Count);
    }

    [Fact]
    public async Task The_same_id_starts_one_job_and_a_bad_reform_stores_nothing()
    {
        var h = await RenewalHarness.CreateAsync();
        var store = new TableSimulationJobStore(h.Tables);
        var queue = new RecordingQueue();
        var service = Service(h, store, queue);
        var id = SimulationIds.For("admin-1", "key-1");

        var first = await service.StartAsync(id, RateCut, Period, "admin-1");
        var again = await service.StartAsync(id, RateCut, Period, "admin-1");
        Assert.Equal(first.CreatedAt, again.CreatedAt);
        Assert.Single(queue.Messages);

        var bad = Assert.Throws<ReformException>(() => service.StartAsync(SimulationIds.New(), RateCut.Replace("A02.1", "Z99.9", StringComparison.Ordinal), Period, "admin-1")
            .GetAwaiter().GetResult());
        Assert.Equal("changes[0].measure", bad.Field);
        Assert.Single(queue.Messages);
    }

    private static async Task<(string, int?, int)> ProgressAsync(ISimulationJobStore store, string id) =>
        await store.GetAsync(id) is { } j ? (j.Status, j.Total, j.Processed) : default;
}
