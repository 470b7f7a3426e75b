using BenchmarkDotNet.Running;

// The renewal load driver is a separate command (not BenchmarkDotNet): `-- renewals [--grants N]` (docs/renewals.md).
if (args is ["renewals", ..]) return await NeoBay.Benchmarks.RenewalBenchmark.RunAsync(args[1..]);
// The payment run's load driver: `-- payments [--lines N]` (docs/payments.md).
if (args is ["payments", ..]) return await NeoBay.Benchmarks.PaymentBenchmark.RunAsync(args[1..]);
// The what-if figure: `-- simulate [--applications N]` (docs/budget.md).
if (args is ["simulate", ..]) return await NeoBay.Benchmarks.SimulationBenchmark.RunAsync(args[1..]);
// The catalog re-match's load driver: `-- push [--profiles N]` (docs/matching.md).
if (args is ["push", ..]) return await NeoBay.Benchmarks.PushBenchmark.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
