using System.CommandLine;
using NeoBay.Grants.Common;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Storage.Ledger;
using NeoBay.Grants.Storage.Payments;
using NeoBay.Policy;

namespace NeoBay.Cli.Commands;

/// <summary>
/// `neobay pay run` (today's payment run, here), `neobay pay export --batch B [-o DIR]` (the two payment files; the first
/// export records their SHA-256), `neobay pay import --batch B --file results.csv` (the bank's results, docs/payments.md).
/// </summary>
internal static class PayCommand
{
    public static Command Create(TextWriter output, TextWriter error, TimeProvider time, Func<string, string?> environment)
    {
        var batch = new Option<string>("--batch") { Description = "The batch id, e.g. 20270301-2027-A05.1.", Required = true };

        var run = new Command("run", "Start or resume today's payment run here and print its batches.");
        run.SetAction((parse, cancellation) => WithServicesAsync(parse, environment, error, time, "pay run", async services =>
        {
            var report = await services.Runs.RunAsync("cli", cancellation);
            output.WriteLine($"run {report.RunId} {report.Status}");
            foreach (var b in report.Batches)
                output.WriteLine($"{b.Id}  {b.Status,-8} {b.Payees,5} payees {b.Lines,6} lines {Money.FormatYuan(b.TotalFen),18}");
            return 0;
        }));

        var directory = new Option<DirectoryInfo?>("--output", "-o") { Description = "Directory for {batch}.csv and {batch}-lines.csv (default: the current one)." };
        var export = new Command("export", "Write the batch's payment file and its lines file.") { batch, directory };
        export.SetAction((parse, cancellation) => WithServicesAsync(parse, environment, error, time, "pay export", async services =>
        {
            var id = parse.GetValue(batch)!;
            var files = await services.Batches.ExportAsync(id, "cli", cancellation);
            if (!files.IsSuccess) return Refused(error, "pay export", files.Error!);
            var dir = parse.GetValue(directory)?.FullName ?? Directory.GetCurrentDirectory();
            Directory.CreateDirectory(dir);
            await File.WriteAllBytesAsync(Path.Combine(dir, id + ".csv"), files.Value!.Payees, cancellation);
            await File.WriteAllBytesAsync(Path.Combine(dir, id + "-lines.csv"), files.Value.Lines, cancellation);
            output.WriteLine($"{Path.Combine(dir, id + ".csv")} sha256 {files.Value.PayeesSha256}");
            output.WriteLine($"{Path.Combine(dir, id + "-lines.csv")} sha256 {files.Value.LinesSha256}");
            return 0;
        }));

        var file = new Option<FileInfo>("--file") { Description = $"The results as CSV: {PaymentResultsCsv.Header}.", Required = true };
        var import = new Command("import", "Import the bank's results of a batch.") { batch, file };
        import.SetAction((parse, cancellation) => WithServicesAsync(parse, environment, error, time, "pay import", async services =>
        {
            var rows = PaymentResultsCsv.Parse(await File.ReadAllTextAsync(parse.GetValue(file)!.FullName, cancellation));
            if (!rows.IsSuccess) return Refused(error, "pay import", rows.Error!);
            var result = await services.Batches.ImportAsync(parse.GetValue(batch)!, "cli", rows.Value!, cancellation);
            if (!result.IsSuccess) return Refused(error, "pay import", result.Error!);
            var s = result.Value!;
            output.WriteLine($"{s.Batch.Id} {s.Batch.Status}: {s.PaidRows} paid ({Money.FormatYuan(s.PaidFen)}), {s.ReturnedRows} returned ({Money.FormatYuan(s.ReturnedFen)}), " +
                             $"{s.PendingRows} pending{(s.Changed ? "" : "; nothing changed")}");
            return 0;
        }));

        foreach (var command in new[] { run, export, import }) OperatorStorage.AddOptions(command);
        return new Command("pay", "Payment runs, payment files and the bank's results.") { run, export, import };
    }

    private sealed record Services(PaymentRunService Runs, PaymentBatchService Batches);

    private static async Task<int> WithServicesAsync(ParseResult parse, Func<string, string?> environment, TextWriter error,
        TimeProvider time, string command, Func<Services, Task<int>> action)
    {
        var opened = OperatorStorage.Open(OperatorStorage.Target(parse), environment, error, command);
        if (opened is not { } tables) return OperatorStorage.Usage;
        var store = new TablePaymentStore(new PaymentTables(tables.Tables.Service, tables.Tables.Prefix), tables.Tables);
        var grants = new TableGrantStore(tables.Tables);
        try
        {
            return await action(new Services(new PaymentRunService(store, grants, time), new PaymentBatchService(store, grants, time)));
        }
        catch (Azure.RequestFailedException e)
        {
            return OperatorStorage.StorageFailed(error, command, e);
        }
    }

    private static int Refused(TextWriter error, string command, UseCaseError refusal)
    {
        error.WriteLine($"neobay {command}: {refusal.Code}{(refusal.Field is null ? "" : " at " + refusal.Field)}: {refusal.MessageEn}");
        return refusal.Kind is ErrorKind.NotFound or ErrorKind.Conflict or ErrorKind.Unprocessable ? OperatorStorage.Failed : OperatorStorage.Usage;
    }
}
