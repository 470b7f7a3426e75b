using System.Runtime.InteropServices;
using Azure.Data.Tables;
using NeoBay.Grants.Simulations;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Applications;
using NeoBay.Grants.Storage.Ledger;
using NeoBay.Policy;
using NeoBay.Policy.Reforms;
using NeoBay.Testing;
using static NeoBay.Benchmarks.RenewalBenchmark;

namespace NeoBay.Benchmarks;

/// <summary>
/// The what-if figure (#17, not BenchmarkDotNet, not in CI):
/// <c>dotnet run -c Release --project tests/NeoBay.Benchmarks -- simulate [--applications 100000] [--parallel 16] [--rounds 2]</c>.
/// Seeds N A02.1 applications by the fast path (<see cref="FastSeeding"/>: the use cases in memory, then batches; submitted and
/// evaluated, 1,000 applicants; a self-check first), then times, alternately,
/// reading them once (pages of 1,000 application records, as the simulation reads) and the simulation (the same reads, each
/// applicant's grants once, two evaluations; A02.1 20% → 15% from 2026-01-01).
/// Prints the machine, load, N, both times and the ratio (docs/budget.md, docs/benchmarks.md).
/// </summary>
public static class SimulationBenchmark
{
    private static readonly DateTimeOffset SubmittedAt = new(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);
    private const string RateCut = "{ name: A02.1 15%, changes: [ { measure: A02.1, parameter: rate, from: 2026-01-01, value: 0.15 } ] }";

    public static async Task<int> RunAsync(string[] args)
    {
        var count = Option(args, "--applications", 100_000);
        var parallel = Option(args, "--parallel", 16);
        var rounds = Option(args, "--rounds", 2);
        var connection = await Azurite.GetConnectionStringAsync();
        var prefix = Azurite.UniqueName("simbench");
        var tables = new GrantsTables(new TableServiceClient(connection), prefix);
        var applications = new TableApplicationStore(tables);
        var grants = new TableGrantStore(tables);
        var catalog = PolicyCatalog.LoadEmbedded();
        var clock = new FixedClock(SubmittedAt);
        var loadBefore = LoadAverage();
        // The self-check on its own tables: a fast-seeded application reads back as the use cases store it.
        await FastSeeding.CheckAsync(new GrantsTables(new TableServiceClient(connection), Azurite.UniqueName("simcheck")), catalog, clock, Request(0));
        Console.WriteLine($"Seeding {count} A02.1 applications (submitted and evaluated by the use cases in memory, stored in batches; prefix {prefix})…");
        var seedClock = new CpuMeter();
        await FastSeeding.SeedAsync(tables, catalog, clock, Enumerable.Range(0, count).Select(Request), parallel);
        var seeded = seedClock.Describe();
        var seedSeconds = seedClock.Elapsed().Wall;

        var period = new SimulationPeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        var reformed = Reform.Parse(RateCut).ApplyTo(PolicyCatalog.EmbeddedFiles());
        var simulation = new SimulationService(applications, grants, catalog);
        var reads = new List<(double Wall, double Client, double Azurite)>();
        var simulations = new List<(double Wall, double Client, double Azurite)>();
        SimulationResult? result = null;
        for (var round = 0; round < rounds; round++)
        {
            var read = new CpuMeter();
            var seen = 0;
            string? token = null;
            do
            {
                // Each application once, as the simulation reads them: pages of whole records.
                var page = await applications.ListRecordsAsync(token, SimulationService.RecordPageSize);
                seen += page.Items.Count(a => period.Contains(a.SubmittedAt));
                token = page.ContinuationToken;
            }
            while (token is not null);
            reads.Add(read.Elapsed());

            var simulated = new CpuMeter();
            result = await simulation.SimulateAsync("A02.1 15%", reformed, period);
            simulations.Add(simulated.Elapsed());
            if (seen != count || result.Applications != count) throw new InvalidOperationException($"read {seen}, simulated {result.Applications} of {count}");
        }

        Console.WriteLine();
        Console.WriteLine($"| machine | {Environment.ProcessorCount} vCPU {CpuModel()}, {RamGiB()} GiB RAM, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, Azurite 3.37.0 in memory{PaymentBenchmark.PreloadNote()} |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| load average (1, 5, 15 min) before / after | {loadBefore} / {LoadAverage()} |");
        Console.WriteLine($"| applications seeded | {count} (fast path: {seeded}; {count / seedSeconds:F0} applications/s, parallel {parallel}) |");
        Console.WriteLine($"| read once (pages of records), per round | {string.Join(", ", reads.Select(Seconds))} |");
        Console.WriteLine($"| simulation, per round | {string.Join(", ", simulations.Select(Seconds))} |");
        Console.WriteLine($"| ratio (simulation / read), per round: wall (CPU client + Azurite) | {string.Join(", ", reads.Zip(simulations, (r, s) => $"{s.Wall / r.Wall:F2} ({(s.Client + s.Azurite) / (r.Client + r.Azurite):F2})"))} |");
        Console.WriteLine($"| result | {result!.Applications} applications, {result.ApplicantsChanged} applicants changed, difference {Money.FormatYuan(result.DifferenceFen)} |");
        return 0;
    }

    /// <summary>Application <paramref name="i"/>: 1,000 applicants, investments 1,000,000 + 1,000 i.</summary>
    private static EvaluationRequest Request(int i)
    {
        var uscc = UsccOf(i % 1000);
        return new EvaluationRequest("A02.1", default, new Applicant(ApplicantKind.Enterprise, uscc, "申请人", true, false), new ProjectRef($"P-{i}", "项目"),
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(1_000_000m + i * 1000m), ["nationalApproval"] = FactValue.Of(true) }, []);
    }

    private static string Seconds((double Wall, double Client, double Azurite) t) => $"{t.Wall:F1} s (CPU {t.Client:F1} + {t.Azurite:F1} s)";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";

}
