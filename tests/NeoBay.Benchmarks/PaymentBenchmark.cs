using System.Diagnostics;
using System.Runtime.InteropServices;
using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Ledger;
using NeoBay.Grants.Storage.Payments;
using NeoBay.Policy;
using NeoBay.Testing;
using static NeoBay.Benchmarks.RenewalBenchmark;

namespace NeoBay.Benchmarks;

/// <summary>
/// Load driver of the payment run (not BenchmarkDotNet, not in CI):
/// <c>dotnet run -c Release --project tests/NeoBay.Benchmarks -- payments [--lines 100000] [--parallel 16] [--page 1000]</c>
/// (docs/payments.md). Seeds N active grants with one issued line each (four funding lines, 1,000 payees with verified
/// accounts) and their shard index, times the payment run, then the issue's raw baseline — the same lines read in pages and
/// written back in transactions of up to 100 per partition — and the earlier baseline (a query per grant, then as many batch
/// rows in transactions of 100), at the same concurrency. Prints all three and the ratios.
/// </summary>
public static class PaymentBenchmark
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RunAt = new(2026, 4, 1, 1, 0, 0, TimeSpan.Zero);
    private const int Payees = 1000;
    private static readonly string[] Measures = ["A02.1", "A03.2", "A10.1", "A14.2"];

    public static async Task<int> RunAsync(string[] args)
    {
        var lines = Option(args, "--lines", 100_000);
        var parallel = Option(args, "--parallel", 16);
        var connection = await Azurite.GetConnectionStringAsync();
        var prefix = Azurite.UniqueName("paybench");
        var tables = new GrantsTables(new TableServiceClient(connection), prefix);
        var store = new TablePaymentStore(new PaymentTables(tables.Service, prefix), tables);
        var pageSize = Option(args, "--page", 1000);
        var loadBefore = LoadAverage();
        Console.WriteLine($"Seeding {lines} grants with one issued line each and {Payees} verified accounts (prefix {prefix})…");
        var seedClock = new CpuMeter();
        await SeedAsync(tables, store, lines, parallel);
        var seeded = seedClock.Describe();
        var seedSeconds = seedClock.Elapsed().Wall;

        var runRequests = new Counter();
        var runTables = new GrantsTables(Client(connection, runRequests), prefix);
        var run = new PaymentRunService(new TablePaymentStore(new PaymentTables(runTables.Service, prefix), runTables), new TableGrantStore(runTables),
            new FixedClock(RunAt), new PaymentRunOptions(PageSize: pageSize, Parallelism: parallel));
        await runTables.GetAsync(GrantsTables.Grants);
        var before = runRequests.Count;
        var runClock = Stopwatch.StartNew();
        var runCpu = new CpuMeter();
        var report = await run.RunAsync("benchmark");
        runClock.Stop();
        var runCost = runCpu.Describe();
        var runCount = runRequests.Count - before;

        // The issue's baseline: a raw batched read-and-write of the same lines — read them in pages (a range scan, 1,000 rows a
        // request, the next page read while this one is written) and write each line back in transactions of up to 100 per partition.
        var rawRequests = new Counter();
        var rawGrants = Client(connection, rawRequests).GetTableClient(prefix + GrantsTables.Grants);
        var rawClock = Stopwatch.StartNew();
        var rawCpu = new CpuMeter();
        var rawLines = await ReadAndWriteBackAsync(rawGrants, parallel);
        rawClock.Stop();
        var rawCost = rawCpu.Describe();

        // The earlier baseline, kept for comparison: the same query per grant to read the lines, then as many batch rows in transactions of 100.
        var oldRequests = new Counter();
        var oldService = Client(connection, oldRequests);
        var grants = oldService.GetTableClient(prefix + GrantsTables.Grants);
        var oldBatches = oldService.GetTableClient(prefix + PaymentTables.Payments);
        var read = new System.Collections.Concurrent.ConcurrentQueue<TableEntity>();
        var oldClock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, lines), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            var id = Grant(i).Grant.Id;
            await foreach (var e in grants.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {"grant"}"), cancellationToken: ct))
            {
                if (e.RowKey.StartsWith("line-", StringComparison.Ordinal)) read.Enqueue(e);
            }
        });
        var rows = read.Select(l => new TableEntity("rawbatch-" + Measures[int.Parse(l.PartitionKey[^10..], System.Globalization.NumberStyles.HexNumber) % Measures.Length], "item-" + l.PartitionKey + "-" + l.RowKey)
        {
            ["AmountFen"] = l.GetInt64("AmountFen"),
            ["FiscalYear"] = l.GetInt32("FiscalYear"),
        });
        await Parallel.ForEachAsync(rows.GroupBy(r => r.PartitionKey).SelectMany(p => p.Chunk(100)), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (chunk, ct) =>
            await oldBatches.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), ct));
        oldClock.Stop();

        var listed = report.Batches.Sum(b => b.Lines);
        Console.WriteLine();
        Console.WriteLine($"| machine | {Environment.ProcessorCount} vCPU {CpuModel()}, {RamGiB()} GiB RAM, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, Azurite 3.37.0 in memory{PreloadNote()} |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| load average (1, 5, 15 min) before / after | {loadBefore} / {LoadAverage()} |");
        Console.WriteLine($"| issued lines seeded | {lines} ({Measures.Length} funding lines, {Payees} payees; seeding {seeded}: {lines / seedSeconds:F0} grants/s) |");
        Console.WriteLine($"| run (scan page {pageSize}, parallel {parallel}): wall time | {runClock.Elapsed.TotalSeconds:F1} s ({report.Batches.Count} batches, {listed} lines, {Money.FormatYuan(report.Batches.Sum(b => b.TotalFen))}; {runCost}) |");
        Console.WriteLine($"| run: storage requests | {runCount} ({(double)runCount / lines:F2} per line) |");
        Console.WriteLine($"| raw (the issue's baseline): read the same {rawLines} lines in pages of 1000, write each back in transactions of ≤ 100 per partition: wall time | {rawClock.Elapsed.TotalSeconds:F1} s ({rawRequests.Count} requests; {rawCost}) |");
        Console.WriteLine($"| **ratio wall time (run / raw read-and-write)** | **{runClock.Elapsed.TotalSeconds / rawClock.Elapsed.TotalSeconds:F2}** |");
        Console.WriteLine($"| old baseline: a query per grant to read the same {read.Count} lines, then {read.Count} batch rows in transactions of 100: wall time | {oldClock.Elapsed.TotalSeconds:F1} s ({oldRequests.Count} requests) |");
        Console.WriteLine($"| ratio wall time (run / old baseline) | {runClock.Elapsed.TotalSeconds / oldClock.Elapsed.TotalSeconds:F2} |");
        return listed == lines && rawLines == lines ? 0 : 1;
    }

    /// <summary>
    /// The raw batched read-and-write: every issued ledger line of <c>grants</c> read by a range scan in pages of 1,000 (the next
    /// page read while this one is written), each written back (merged with its ETag) in transactions of up to 100 per partition,
    /// <paramref name="parallel"/> at once. Returns the number of lines.
    /// </summary>
    private static async Task<int> ReadAndWriteBackAsync(TableClient grants, int parallel)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {"line-"} and RowKey lt {"line."} and Status eq {"issued"}");
        var pages = grants.QueryAsync<TableEntity>(filter, maxPerPage: 1000).AsPages(pageSizeHint: 1000).GetAsyncEnumerator();
        var count = 0;
        var writing = Task.CompletedTask;
        while (await pages.MoveNextAsync())
        {
            await writing;
            var page = pages.Current.Values;
            count += page.Count;
            writing = Parallel.ForEachAsync(page.GroupBy(e => e.PartitionKey).SelectMany(p => p.Chunk(100)), new ParallelOptions { MaxDegreeOfParallelism = parallel },
                async (chunk, ct) => await grants.SubmitTransactionAsync(
                    chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(e.PartitionKey, e.RowKey) { ["RawMark"] = 1 }, e.ETag)), ct));
        }

        await writing;
        await pages.DisposeAsync();
        return count;
    }

    /// <summary>" with azurite-pk-first.js" when NODE_OPTIONS loads the benchmark preload into Azurite, else empty.</summary>
    internal static string PreloadNote() =>
        Environment.GetEnvironmentVariable("NODE_OPTIONS")?.Contains("azurite-pk-first", StringComparison.Ordinal) == true ? " with azurite-pk-first.js" : "";

    /// <summary>The first three fields of /proc/loadavg (empty where there is none).</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";

    private static async Task SeedAsync(GrantsTables tables, TablePaymentStore store, int lines, int parallel)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, Math.Min(Payees, lines)), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (p, ct) =>
        {
            var uscc = UsccOf(p);
            await store.SavePayeeAsync(new PayeeAccount(uscc, "收款单位 " + p, "中国工商银行", "上海闵行支行", $"{31001234567890000L + p}", "102290000011", "A", "D",
                PayeeStatuses.Verified, 1, IssuedAt, "benchmark") { VerifiedAt = IssuedAt }, new AuditEntry(PaymentKeys.PayeePartition(uscc), 1, IssuedAt, "benchmark", "verify", null), ct);
        });
        var table = await tables.GetAsync(GrantsTables.Grants);
        var index = await tables.GetAsync(GrantsTables.GrantIndex);
        await Parallel.ForEachAsync(Enumerable.Range(0, lines), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            // One transaction per grant (a grant is its own partition): header, line and the approval's audit line, as an approval writes them.
            var (grant, line) = Grant(i);
            var (audit, hash) = EntityMapping.ToChainedEntity(new AuditEntry(grant.Id, 1, IssuedAt, "benchmark", "approve", null), null);
            await table.SubmitTransactionAsync([new(TableTransactionActionType.Add, EntityMapping.ToEntity(grant with { AuditHash = hash })), new(TableTransactionActionType.Add, EntityMapping.ToEntity(line)),
                new(TableTransactionActionType.Add, audit)], ct);
        });
        await Parallel.ForEachAsync(Enumerable.Range(0, lines).GroupBy(i => GrantKeys.Shard(Grant(i).Grant.Id)).SelectMany(g => g.Chunk(100)),
            new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (chunk, ct) =>
                await index.SubmitTransactionAsync(chunk.Select(i =>
                {
                    var (g, l) = Grant(i);
                    return new TableTransactionAction(TableTransactionActionType.UpsertReplace, EntityMapping.ToEntity(GrantIndexEntry.Of(g, [l]), GrantKeys.ShardPartition(g.Shard)));
                }).ToList(), ct));
    }

    private static (GrantRecord Grant, LedgerLine Line) Grant(int i)
    {
        var id = $"G20260302020000-{i:x10}";
        var line = new LedgerLine(id, 2026, "grant", ScheduleTrigger.Approval, 10_000_000 + i, LedgerStatus.Issued, null, true) { IssuedAt = IssuedAt };
        return (new GrantRecord(id, "A" + id[1..], UsccOf(i % Payees), Measures[i % Measures.Length], "P", null, line.AmountFen!.Value, IssuedAt, 2026, "reviewer", 1), line);
    }
}
