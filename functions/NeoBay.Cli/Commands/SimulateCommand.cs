using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NeoBay.Grants.Simulations;
using NeoBay.Grants.Storage.Applications;
using NeoBay.Grants.Storage.Ledger;
using NeoBay.Policy;
using NeoBay.Policy.Reforms;

namespace NeoBay.Cli.Commands;

/// <summary>
/// `neobay simulate --reform reform.yaml [--from yyyy-MM-dd --to yyyy-MM-dd]` (#17 what-if): the stored applications
/// submitted in the period re-evaluated under the embedded catalog with and without the reform, as JSON (docs/budget.md).
/// Reads only. Exit 0, 1 when storage fails, 2 on bad usage or a reform the catalog refuses.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter output, TextWriter error, TimeProvider time, Func<string, string?> environment)
    {
        var reformFile = new Option<FileInfo>("--reform") { Description = "The reform: a YAML of dated parameter changes (docs/budget.md).", Required = true };
        var from = new Option<string?>("--from") { Description = "First submission date, yyyy-MM-dd (default: the policy's first day)." };
        var to = new Option<string?>("--to") { Description = "Last submission date, yyyy-MM-dd (default: today, China Standard Time)." };
        var command = new Command("simulate", "What-if: a period's applications re-evaluated under a reform, the difference by fiscal year and article.") { reformFile, from, to };
        OperatorStorage.AddOptions(command);
        command.SetAction(async (parse, cancellation) =>
        {
            var catalog = PolicyCatalog.LoadEmbedded();
            var first = Date(parse.GetValue(from), catalog.Policy.ValidFrom);
            var last = Date(parse.GetValue(to), ChinaCalendar.Today(time));
            if (first is null || last is null || last < first)
            {
                error.WriteLine("neobay simulate: --from and --to are dates yyyy-MM-dd, --from not after --to.");
                return OperatorStorage.Usage;
            }

            Reform reform;
            PolicyCatalog reformed;
            try
            {
                reform = Reform.Parse(await File.ReadAllTextAsync(parse.GetValue(reformFile)!.FullName, cancellation));
                reformed = reform.ApplyTo(PolicyCatalog.EmbeddedFiles());
            }
            catch (Exception e) when (e is ReformException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"neobay simulate: {e.Message}");
                return OperatorStorage.Usage;
            }

            var opened = OperatorStorage.Open(OperatorStorage.Target(parse), environment, error, "simulate");
            if (opened is not { } tables) return OperatorStorage.Usage;
            var service = new SimulationService(new TableApplicationStore(tables.Tables), new TableGrantStore(tables.Tables), catalog);
            try
            {
                var result = await service.SimulateAsync(reform.Name, reformed, new SimulationPeriod(first.Value, last.Value), cancellation);
                output.WriteLine(JsonSerializer.Serialize(result, Json.SimulationResult));
                return 0;
            }
            catch (Azure.RequestFailedException e)
            {
                return OperatorStorage.StorageFailed(error, "simulate", e);
            }
        });
        return command;
    }

    // Chinese left readable (not \u-escaped), as the other commands write it.
    private static readonly SimulationJsonContext Json = new(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static DateOnly? Date(string? text, DateOnly fallback) =>
        text is null ? fallback
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
