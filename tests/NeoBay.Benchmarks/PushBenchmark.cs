using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Azure.Data.Tables;
using NeoBay.Grants.Matching;
using NeoBay.Grants.Notifications;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Ledger;
using NeoBay.Grants.Storage.Matching;
using NeoBay.Grants.Storage.Notifications;
using NeoBay.Policy;
using NeoBay.Policy.Matching;
using NeoBay.Testing;
using static NeoBay.Benchmarks.RenewalBenchmark;

namespace NeoBay.Benchmarks;

/// <summary>
/// Load driver of the catalog re-match (issue 15, not BenchmarkDotNet, not in CI):
/// <c>dotnet run -c Release --project tests/NeoBay.Benchmarks -- push [--profiles 10000] [--page 500] [--parallel 8] [--workers 4]</c>
/// (docs/matching.md). Seeds N profiles' re-match inputs (an enterprise in the zone, a nationally approved project of
/// 4,000,000 … 19,000,000 yuan for <c>--with-project</c> percent of them, a computing cost only for the others), then times reading them once (every page, in order) and the catalog run of the day a dated
/// value takes effect (A02.1 from 20% to 25% on 2027-01-01: projects below 15,000,000 get more), its pages drained by
/// <c>--workers</c> concurrent consumers as queue instances would. Prints both and the ratio.
/// </summary>
public static class PushBenchmark
{
    private static readonly DateOnly Day = new(2027, 1, 1);
    private const string SeedRate = "      rate: { value: 0.20, cite: A02.1, text: 给予不超过项目总投入 20% }";
    private const string DatedRate = "      rate:\n        versions:\n" +
        "          - { from: 2024-07-11, value: 0.20, cite: A02.1, text: 给予不超过项目总投入 20% }\n" +
        "          - { from: 2027-01-01, value: 0.25, cite: A02.1, text: 给予不超过项目总投入 25%, source: 基准测试 }";

    public static async Task<int> RunAsync(string[] args)
    {
        var profiles = Option(args, "--profiles", 10_000);
        var pageSize = Option(args, "--page", PushOptions.DefaultPageSize);
        var parallel = Option(args, "--parallel", PushOptions.DefaultParallelism);
        var workers = Option(args, "--workers", 4);
        // Percent of the profiles with a nationally approved project (the others declare only their computing cost).
        var withProject = Math.Min(100, Option(args, "--with-project", 100));
        var connection = await Azurite.GetConnectionStringAsync();
        var prefix = Azurite.UniqueName("pushbench");
        var catalog = PolicyCatalog.Load(PolicyCatalog.EmbeddedFiles().Select(f =>
            f.Key == "a02.yaml" ? new KeyValuePair<string, string>(f.Key, f.Value.Replace(SeedRate, DatedRate, StringComparison.Ordinal)) : f));
        if (ReferenceEquals(catalog.At(Day), catalog.At(Day.AddDays(-1)))) throw new InvalidOperationException("The dated A02.1 rate did not load.");
        var loadBefore = PaymentBenchmark.LoadAverage();

        Console.WriteLine($"Seeding {profiles} profiles (prefix {prefix})…");
        var seed = new TableMatchedProfileStore(new GrantsTables(new TableServiceClient(connection), prefix));
        var seedClock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, profiles), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var uscc = UsccOf(i);
            var profile = new EvaluationRequest("", Day, new Applicant(ApplicantKind.Enterprise, uscc, "基准企业", true, i % 2 == 0), null,
                HasProject(i, withProject)
                    ? new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(Invested(i)), ["nationalApproval"] = FactValue.Of(true) }
                    : new Dictionary<string, FactValue> { ["computingCost"] = FactValue.Of(800_000m) }, []);
            if (!await seed.TryWriteAsync(new MatchedProfile(uscc, 1, profile, []), ct)) throw new InvalidOperationException($"Profile {i} was seeded before.");
        });
        seedClock.Stop();

        // Reading those profiles once: every page, in order, as the run reads them.
        var readRequests = new Counter();
        var reader = new TableMatchedProfileStore(new GrantsTables(Client(connection, readRequests), prefix));
        var readClock = Stopwatch.StartNew();
        var read = 0;
        string? token = null;
        do
        {
            var page = await reader.ListAsync(token, pageSize);
            read += page.Items.Count;
            token = page.ContinuationToken;
        }
        while (token is not null);
        readClock.Stop();

        // The catalog run: the timer's first page, then each page queues the next; workers drain the queue concurrently.
        var runRequests = new Counter();
        var runService = Client(connection, runRequests);
        var queue = new ChannelQueue();
        var delivery = new CountingDelivery();
        var runTables = new GrantsTables(runService, prefix);
        var push = new PushService(new ProfileMatcher(new PolicyEngine(catalog)), new TableProfileStore(runTables), new TableMatchedProfileStore(runTables),
            new TableGrantStore(runTables), new TableNotificationStore(runService, prefix), delivery, queue,
            new FixedClock(new DateTimeOffset(2027, 1, 1, 0, 5, 0, ChinaCalendar.Offset)), new PushOptions(pageSize, parallel));
        await new TableNotificationStore(runService, prefix).GetSubscriptionAsync(UsccOf(0)); // creates the table before the clock starts
        var before = runRequests.Count;
        var runClock = Stopwatch.StartNew();
        if (!await push.StartCatalogChangeAsync(Day)) throw new InvalidOperationException("No edition starts on the day.");
        var recorded = await queue.DrainAsync(workers, m => push.HandleAsync(m, redelivered: false));
        runClock.Stop();
        var runCount = runRequests.Count - before;

        // A02.1 pays more where 20% of the investment is below the 3,000,000 cap: below 15,000,000 (12,000,000 × 25% = the cap).
        var improved = Enumerable.Range(0, profiles).Count(i => HasProject(i, withProject) && Invested(i) < 15_000_000m);
        var ratio = runClock.Elapsed.TotalSeconds / readClock.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"| machine | {Environment.ProcessorCount} vCPU {CpuModel()}, {RamGiB()} GiB RAM, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, Azurite 3.37.0 in memory |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| load average (1, 5, 15 min) before / after | {loadBefore} / {PaymentBenchmark.LoadAverage()} |");
        Console.WriteLine($"| profiles seeded | {profiles}, {withProject}% with a national project of 4,000,000 … 19,000,000 (seeding {seedClock.Elapsed.TotalSeconds:F0} s) |");
        Console.WriteLine($"| read them once (pages of {pageSize}): wall time | {readClock.Elapsed.TotalSeconds:F2} s ({read} profiles, {readRequests.Count} requests) |");
        Console.WriteLine($"| catalog run (pages of {pageSize}, {workers} workers, {parallel} profiles matched at once): wall time | {runClock.Elapsed.TotalSeconds:F2} s ({queue.Handled} messages, {runCount} requests) |");
        Console.WriteLine($"| newOpportunity recorded (expected: A02.1 for each project below 15,000,000) | {recorded} ({improved} expected), {delivery.Count} queued for delivery |");
        Console.WriteLine($"| ratio wall time (run / read once) | {ratio:F2} |");
        return recorded == improved && read == profiles ? 0 : 1;
    }

    private static bool HasProject(int i, int percent) => i % 100 < percent;

    private static decimal Invested(int i) => 4_000_000m + i / 100 % 16 * 1_000_000m;

    /// <summary>The <c>profiles-rematch</c> queue in memory: consumers take messages until none is left and none is being handled.</summary>
    private sealed class ChannelQueue : IRematchQueue
    {
        private readonly ConcurrentQueue<RematchMessage> messages = new();
        private int busy;
        private int handled;

        public int Handled => handled;

        public Task EnqueueAsync(RematchMessage message, CancellationToken cancellationToken = default)
        {
            messages.Enqueue(message);
            return Task.CompletedTask;
        }

        public async Task<int> DrainAsync(int workers, Func<RematchMessage, Task<int>> handle)
        {
            var total = 0;
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
            {
                while (true)
                {
                    Interlocked.Increment(ref busy);
                    if (messages.TryDequeue(out var message))
                    {
                        Interlocked.Add(ref total, await handle(message));
                        Interlocked.Increment(ref handled);
                        Interlocked.Decrement(ref busy);
                        continue;
                    }
                    if (Interlocked.Decrement(ref busy) == 0 && messages.IsEmpty) return;
                    await Task.Delay(1);
                }
            })));
            return total;
        }
    }

    private sealed class CountingDelivery : INotificationDeliveryQueue
    {
        private int count;

        public int Count => count;

        public Task EnqueueAsync(string uscc, string id, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref count);
            return Task.CompletedTask;
        }
    }
}
