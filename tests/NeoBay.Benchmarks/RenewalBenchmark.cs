using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Applications;
using NeoBay.Grants.Storage.Ledger;
using NeoBay.Grants.Storage.Renewals;
using NeoBay.Policy;
using NeoBay.Testing;

namespace NeoBay.Benchmarks;

/// <summary>
/// Load driver of the yearly run (not BenchmarkDotNet, not in CI):
/// <c>dotnet run -c Release --project tests/NeoBay.Benchmarks -- renewals [--grants 100000] [--parallel 16]</c>.
/// Seeds N active grants approved in fiscal 2026 whose 2027 renewal is due, runs the 2027 renewal (16 shards at once,
/// as 16 queue messages would), then inserts the same number of ledger lines raw (one transaction per grant, same
/// concurrency) and prints wall time and storage requests of both. Storage: NEOBAY_TEST_STORAGE or an in-memory Azurite.
/// </summary>
public static class RenewalBenchmark
{
    private static readonly DateTimeOffset ApprovedAt = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RunAt = new(2026, 12, 31, 16, 5, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var grants = Option(args, "--grants", 100_000);
        var parallel = Option(args, "--parallel", 16);
        var connection = await Azurite.GetConnectionStringAsync();
        var prefix = Azurite.UniqueName("bench");
        Console.WriteLine($"Seeding {grants} grants (prefix {prefix})…");

        var seedClock = Stopwatch.StartNew();
        var seeding = new Counter();
        var seedTables = new GrantsTables(Client(connection, seeding), prefix);
        await SeedAsync(seedTables, grants, parallel);
        Console.WriteLine($"Seeded in {seedClock.Elapsed.TotalSeconds:F1} s ({seeding.Count} requests).");

        // The run: 16 shards at once, each page renewed with bounded parallelism.
        var runRequests = new Counter();
        var runService = Client(connection, runRequests);
        var tables = new GrantsTables(runService, prefix);
        var store = new TableRenewalStore(tables, new RenewalTables(runService, prefix));
        await tables.GetAsync(GrantsTables.Grants);
        await new RenewalTables(runService, prefix).GetAsync();
        var before = runRequests.Count;
        var perShard = Math.Max(1, parallel / GrantKeys.ShardCount);
        var run = new RenewalService(store, new TableGrantStore(tables), new TableApplicationStore(tables), new NoQueue(), PolicyCatalog.LoadEmbedded(),
            new FixedClock(RunAt), new RenewalOptions(PageSize: 200, Parallelism: perShard));
        var runClock = Stopwatch.StartNew();
        var started = await run.StartAsync("benchmark", 2027);
        if (!started.IsSuccess) throw new InvalidOperationException(started.Error!.Code);
        await Task.WhenAll(Enumerable.Range(0, GrantKeys.ShardCount).Select(s => Task.Run(() => run.ProcessShardAsync(2027, s))));
        runClock.Stop();
        var runCount = runRequests.Count - before;
        var report = (await run.ReportAsync(2027))!;
        var t = report.Tally.Total();
        var linesWritten = t.Issued + t.Skipped + t.QuotasIssued + t.QuotasLapsed;
        var transactions = t.Grants - t.NotDue - t.Failed;

        // The raw references, one transaction per grant into the same grants table (same size, same partitions) under row
        // keys the ledger does not read, same concurrency: the same number of ledger lines, then the same rows the run writes.
        var perGrant = LinesPerGrant(grants);
        var (rawSeconds, rawCount) = await RawInsertAsync(connection, prefix + GrantsTables.Grants, perGrant, "zraw", parallel);
        var rawLines = perGrant.Sum();
        var rowsPerGrant = RowsPerGrant(grants);
        var (rowsSeconds, rowsCount) = await RawInsertAsync(connection, prefix + GrantsTables.Grants, rowsPerGrant, "zrows", parallel);

        Console.WriteLine();
        Console.WriteLine($"| machine | {Environment.ProcessorCount} vCPU {CpuModel()}, {RamGiB()} GiB RAM, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, Azurite 3.37.0 in memory |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| grants seeded (all active, 2027 due) | {grants} |");
        Console.WriteLine($"| run: wall time | {runClock.Elapsed.TotalSeconds:F1} s |");
        Console.WriteLine($"| run: storage requests | {runCount} ({transactions} grant transactions; {(double)runCount / Math.Max(1, transactions):F2} per renewed grant) |");
        Console.WriteLine($"| run: ledger lines written | {linesWritten} (issued {t.Issued}, skipped {t.Skipped}; claims opened {t.ClaimsOpened}, invitations {t.Invited}) |");
        Console.WriteLine($"| raw batched insert of {rawLines} ledger lines: wall time | {rawSeconds:F1} s |");
        Console.WriteLine($"| raw: storage requests | {rawCount} |");
        Console.WriteLine($"| raw batched insert of the {rowsPerGrant.Sum()} rows the run writes (markers, lines, claims, invitations): wall time | {rowsSeconds:F1} s ({rowsCount} requests) |");
        Console.WriteLine($"| ratio wall time (run / raw) | {runClock.Elapsed.TotalSeconds / rawSeconds:F2} |");
        Console.WriteLine($"| ratio wall time (run / raw of the same rows) | {runClock.Elapsed.TotalSeconds / rowsSeconds:F2} |");
        Console.WriteLine($"| ratio requests (run / raw) | {(double)runCount / rawCount:F2} |");
        Console.WriteLine($"| ratio requests (run / one transaction per renewed grant) | {(double)runCount / Math.Max(1, transactions):F2} |");
        Console.WriteLine($"| failed | {t.Failed} |");
        return t.Failed == 0 && t.Grants == grants ? 0 : 1;
    }

    /// <summary>The portfolio mix by grant number: 40% A05.1, 30% A06.2 (one operating line each), 10% A11.2 (two persons: two lines),
    /// 10% A16.2 (a claim opened: no line), 10% A05.2 (an invitation: no line).</summary>
    private static string MeasureOf(int i) => (i % 10) switch
    {
        < 4 => "A05.1",
        < 7 => "A06.2",
        7 => "A11.2",
        8 => "A16.2",
        _ => "A05.2",
    };

    /// <summary>Inserts <paramref name="rowsPerGrant"/>[i] rows into grant i's partition, one transaction per grant; wall time and requests.</summary>
    private static async Task<(double Seconds, long Requests)> RawInsertAsync(string connection, string tableName, int[] rowsPerGrant, string keyPrefix, int parallel)
    {
        var counter = new Counter();
        var table = Client(connection, counter).GetTableClient(tableName);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, rowsPerGrant.Length).Where(i => rowsPerGrant[i] > 0), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            var id = GrantId(i);
            await table.SubmitTransactionAsync(Enumerable.Range(0, rowsPerGrant[i]).Select(k => new TableTransactionAction(TableTransactionActionType.Add, RawLine(id, keyPrefix, k))).ToList(), ct);
        });
        return (clock.Elapsed.TotalSeconds, counter.Count);
    }

    /// <summary>The rows of each grant's renewal transaction: its marker and its ledger lines, or its marker and a claim or an invitation.</summary>
    private static int[] RowsPerGrant(int grants) =>
        Enumerable.Range(0, grants).Select(i => 1 + MeasureOf(i) switch { "A05.1" or "A06.2" => 1, "A11.2" => 2, _ => 1 }).ToArray();

    private static int[] LinesPerGrant(int grants) =>
        Enumerable.Range(0, grants).Select(i => MeasureOf(i) switch { "A05.1" or "A06.2" => 1, "A11.2" => 2, _ => 0 }).ToArray();

    private static string GrantId(int i) => $"G20260302020000-{i:x10}";

    internal static string UsccOf(int i)
    {
        var first17 = $"91310000MA1{i % 1_000_000:D6}";
        return first17 + Uscc.CheckCharacter(first17);
    }

    private static int seeded;

    private static async Task SeedAsync(GrantsTables tables, int grants, int parallel)
    {
        var table = await tables.GetAsync(GrantsTables.Grants);
        var index = await tables.GetAsync(GrantsTables.GrantIndex);
        await Parallel.ForEachAsync(Enumerable.Range(0, grants), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            var (grant, lines) = Grant(i);
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, EntityMapping.ToEntity(grant)) };
            actions.AddRange(lines.Select(l => new TableTransactionAction(TableTransactionActionType.Add, EntityMapping.ToEntity(l))));
            await table.SubmitTransactionAsync(actions, ct);
            if (Interlocked.Increment(ref seeded) % 1000 == 0) Console.WriteLine($"  {seeded} grants seeded");
        });
        // The shard index, 100 rows per transaction (one partition per shard).
        var byShard = Enumerable.Range(0, grants).GroupBy(i => GrantKeys.Shard(GrantId(i)));
        await Parallel.ForEachAsync(byShard.SelectMany(g => g.Chunk(100)), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (chunk, ct) =>
        {
            var actions = chunk.Select(i =>
            {
                var (g, lines) = Grant(i);
                // As the lifecycle writes it at approval: with the renewal lines, so the run can write without reading.
                var e = EntityMapping.ToEntity(GrantIndexEntry.Of(g, lines), GrantKeys.ShardPartition(GrantKeys.Shard(g.Id)));
                return new TableTransactionAction(TableTransactionActionType.UpsertReplace, e);
            }).ToList();
            await index.SubmitTransactionAsync(actions, ct);
        });
    }

    private static (GrantRecord Grant, List<LedgerLine> Lines) Grant(int i)
    {
        var id = GrantId(i);
        var measure = MeasureOf(i);
        var lines = new List<LedgerLine>();
        void Add(int year, string component, ScheduleTrigger trigger, long fen, LedgerStatus status) =>
            lines.Add(new LedgerLine(id, year, component, trigger, fen, status, null, true) { IssuedAt = status == LedgerStatus.Issued ? ApprovedAt : null });
        switch (measure)
        {
            case "A05.1" or "A06.2":
                Add(2026, "construction", ScheduleTrigger.Approval, 100_000_000, LedgerStatus.Issued);
                for (var y = 1; y <= 3; y++) Add(2025 + y, "operating-" + y, y == 1 ? ScheduleTrigger.Approval : ScheduleTrigger.Renewal, 50_000_000, y == 1 ? LedgerStatus.Issued : LedgerStatus.Scheduled);
                break;
            case "A11.2":
                for (var p = 1; p <= 2; p++)
                for (var y = 1; y <= 3; y++) Add(2025 + y, $"person-{p}-year-{y}", y == 1 ? ScheduleTrigger.Approval : ScheduleTrigger.Renewal, 3_000_000, y == 1 ? LedgerStatus.Issued : LedgerStatus.Scheduled);
                break;
            case "A16.2":
                Add(2026, "startup", ScheduleTrigger.Approval, 300_000_000, LedgerStatus.Issued);
                Add(2026, "operating-1", ScheduleTrigger.Approval, 150_000_000, LedgerStatus.Issued);
                for (var y = 2; y <= 3; y++) Add(2025 + y, "operating-" + y, ScheduleTrigger.Claim, 200_000_000, LedgerStatus.AwaitingClaim);
                break;
            default:
                Add(2026, "claim-2025", ScheduleTrigger.Approval, 80_000_000, LedgerStatus.Issued);
                break;
        }

        var grant = new GrantRecord(id, "A" + id[1..], UsccOf(i), measure, "P", null, lines.Sum(l => l.AmountFen ?? 0), ApprovedAt, 2026, "reviewer", 1);
        return (grant, lines);
    }

    private static TableEntity RawLine(string grantId, string keyPrefix, int k) => new(grantId, $"{keyPrefix}-2027-{k}")
    {
        ["FiscalYear"] = 2027, ["Component"] = "raw-" + k.ToString(CultureInfo.InvariantCulture), ["Trigger"] = "renewal", ["Status"] = "issued",
        ["IsGrant"] = true, ["AmountFen"] = 50_000_000L, ["IssuedAt"] = RunAt,
    };

    internal static TableServiceClient Client(string connection, Counter counter)
    {
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        return new TableServiceClient(connection, options);
    }

    internal static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
    }

    internal static string CpuModel() =>
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "" : "";

    internal static string RamGiB() =>
        File.Exists("/proc/meminfo") && File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var kb, ..]
            ? (long.Parse(kb, CultureInfo.InvariantCulture) / 1024 / 1024).ToString(CultureInfo.InvariantCulture)
            : "?";

    /// <summary>Counts every request sent (each retry too).</summary>
    internal sealed class Counter : HttpPipelinePolicy
    {
        private long count;

        public long Count => Interlocked.Read(ref count);

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Interlocked.Increment(ref count);
            return ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Interlocked.Increment(ref count);
            ProcessNext(message, pipeline);
        }
    }

    internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class NoQueue : IRenewalQueue
    {
        public Task EnqueueAsync(int fiscalYear, int shard, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
