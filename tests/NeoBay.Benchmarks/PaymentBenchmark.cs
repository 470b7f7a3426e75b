using System.Diagnostics;
using System.Runtime.InteropServices;
using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Domain;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Storage;
using NeoBay.Policy;
using NeoBay.Testing;
using static NeoBay.Benchmarks.RenewalBenchmark;

namespace NeoBay.Benchmarks;

/// <summary>
/// Load driver of the payment run (not BenchmarkDotNet, not in CI):
/// <c>dotnet run -c Release --project tests/NeoBay.Benchmarks -- payments [--lines 100000] [--parallel 16]</c>.
/// Seeds N active grants with one issued line each (four funding lines, 1,000 payees with verified accounts) and their
/// shard index, runs the payment run, then reads every grant's partition and writes the same line back (one query and one
/// transaction per grant, same concurrency): the raw batched read-and-write of the same lines. Prints both.
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
        Console.WriteLine($"Seeding {lines} grants with one issued line each and {Payees} verified accounts (prefix {prefix})…");
        await SeedAsync(tables, store, lines, parallel);

        var runRequests = new Counter();
        var runTables = new GrantsTables(Client(connection, runRequests), prefix);
        var run = new PaymentRunService(new TablePaymentStore(new PaymentTables(runTables.Service, prefix), runTables), new TableGrantStore(runTables),
            new FixedClock(RunAt), new PaymentRunOptions(PageSize: 200, Parallelism: parallel));
        await runTables.GetAsync(GrantsTables.Grants);
        var before = runRequests.Count;
        var runClock = Stopwatch.StartNew();
        var report = await run.RunAsync("benchmark");
        runClock.Stop();
        var runCount = runRequests.Count - before;

        var rawRequests = new Counter();
        var grants = Client(connection, rawRequests).GetTableClient(prefix + GrantsTables.Grants);
        var rawClock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, lines), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            var id = $"G20260302020000-{i:x10}";
            var rows = new List<TableEntity>();
            await foreach (var e in grants.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), cancellationToken: ct)) rows.Add(e);
            var line = rows.Single(r => r.RowKey.StartsWith("line-", StringComparison.Ordinal));
            await grants.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(id, line.RowKey) { ["RawMark"] = 1 }, line.ETag)], ct);
        });
        rawClock.Stop();

        var listed = report.Batches.Sum(b => b.Lines);
        Console.WriteLine();
        Console.WriteLine($"| machine | {Environment.ProcessorCount} vCPU {CpuModel()}, {RamGiB()} GiB RAM, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, Azurite 3.37.0 in memory |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| issued lines seeded | {lines} ({Measures.Length} funding lines, {Payees} payees) |");
        Console.WriteLine($"| run: wall time | {runClock.Elapsed.TotalSeconds:F1} s ({report.Batches.Count} batches, {listed} lines, {Money.FormatYuan(report.Batches.Sum(b => b.TotalFen))}) |");
        Console.WriteLine($"| run: storage requests | {runCount} ({(double)runCount / lines:F2} per line) |");
        Console.WriteLine($"| raw read-and-write of the same lines: wall time | {rawClock.Elapsed.TotalSeconds:F1} s ({rawRequests.Count} requests) |");
        Console.WriteLine($"| ratio wall time (run / raw) | {runClock.Elapsed.TotalSeconds / rawClock.Elapsed.TotalSeconds:F2} |");
        return listed == lines ? 0 : 1;
    }

    private static async Task SeedAsync(GrantsTables tables, TablePaymentStore store, int lines, int parallel)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, Math.Min(Payees, lines)), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (p, ct) =>
        {
            var uscc = UsccOf(p);
            await store.SavePayeeAsync(new PayeeAccount(uscc, "收款单位 " + p, "中国工商银行", "上海闵行支行", $"{31001234567890000L + p}", "102290000011", "A", "D",
                PayeeStatuses.Verified, 1, IssuedAt, "benchmark") { VerifiedAt = IssuedAt }, new AuditEntry(TablePaymentStore.PayeePartition(uscc), 1, IssuedAt, "benchmark", "verify", null), ct);
        });
        var table = await tables.GetAsync(GrantsTables.Grants);
        var index = await tables.GetAsync(GrantsTables.GrantIndex);
        await Parallel.ForEachAsync(Enumerable.Range(0, lines), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            var (grant, line) = Grant(i);
            await table.SubmitTransactionAsync([new(TableTransactionActionType.Add, EntityMapping.ToEntity(grant)), new(TableTransactionActionType.Add, EntityMapping.ToEntity(line))], ct);
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
