using NeoBay.LoadDriver;

// Load driver: start the host (./run.sh), then
//   dotnet run --project tests/NeoBay.LoadDriver -c Release -- --applications 1000 --clients 20
// Matching (issue 15): `-- match [--url U] [--clients 20] [--requests 2000]` (docs/benchmarks.md).
if (args is ["match", ..]) return await MatchRun.RunAsync(args[1..], Console.Out);

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine("usage: NeoBay.LoadDriver [--url http://localhost:7071] [--applications 1000] [--clients 20] [--poll-ms 100] [--timeout-s 120] [--measure A02.1] [--clock-offset-s 0] [--storage-outage 20s [--outage-after 12s] [--azurite-pid PID]]");
    return 2;
}

Console.WriteLine($"Submitting {options.Applications} applications from {options.Clients} clients to {options.BaseUrl} ...");
try
{
    var report = await new LoadRun(options, Console.Out).RunAsync();
    Console.WriteLine(report);
    return report.Passed ? 0 : 1;
}
catch (HttpRequestException error)
{
    Console.Error.WriteLine($"Could not reach {options.BaseUrl}: {error.Message}. Is the host running (./run.sh)?");
    return 1;
}
