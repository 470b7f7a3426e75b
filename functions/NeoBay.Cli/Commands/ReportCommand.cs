using System.CommandLine;
using NeoBay.Contracts.Reports;
using NeoBay.Grants.Budget;
using NeoBay.Policy;

namespace NeoBay.Cli.Commands;

/// <summary>
/// `neobay report [--from 2024] [--to 2031] [--format json|csv]`: the fund's commitments by fiscal year × article
/// (approved, scheduled, issued, lapsed; by planned year), read from the budget counters (docs/budget.md). Exit 0, 1 when storage fails, 2 on bad usage.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error, TimeProvider time, Func<string, string?> environment)
    {
        var from = new Option<int?>("--from") { Description = "First fiscal year (default: the policy's first)." };
        var to = new Option<int?>("--to") { Description = "Last fiscal year (default: 2031, the last a multi-year grant reaches)." };
        var format = new Option<string>("--format") { Description = "json or csv (UTF-8 with BOM, for Excel).", DefaultValueFactory = _ => "json" };
        var command = new Command("report", "Commitments of the special fund by fiscal year and article.") { from, to, format };
        OperatorStorage.AddOptions(command);
        command.SetAction(async (parse, cancellation) =>
        {
            var csv = parse.GetValue(format) switch { "csv" => true, "json" => false, _ => (bool?)null };
            if (csv is null)
            {
                error.WriteLine("neobay report: --format is json or csv.");
                return OperatorStorage.Usage;
            }

            var opened = OperatorStorage.Open(OperatorStorage.Target(parse), environment, error, "report");
            if (opened is not { } tables) return OperatorStorage.Usage;
            var budgets = new BudgetService(new TableBudgetStore(tables.Tables), PolicyCatalog.LoadEmbedded(), time);
            var first = parse.GetValue(from) ?? budgets.Options.FirstFiscalYear;
            var last = parse.GetValue(to) ?? budgets.Options.LastFiscalYear;
            try
            {
                var result = await budgets.CommitmentsAsync(first, last, cancellation);
                if (!result.IsSuccess)
                {
                    error.WriteLine($"neobay report: {result.Error!.MessageEn}");
                    return OperatorStorage.Usage;
                }

                if (csv == true) output.Write(System.Text.Encoding.UTF8.GetString(CommitmentReport.Csv(result.Value!)));
                else JsonOutput.WriteLine(output, CommitmentsView.Of(first, last, result.Value!), ReportsJsonContext.Default.CommitmentsView);
                return 0;
            }
            catch (Azure.RequestFailedException e)
            {
                error.WriteLine($"neobay report: storage failed ({e.Status} {e.ErrorCode}): {e.Message.Split('\n')[0]}");
                return OperatorStorage.Failed;
            }
        });
        return command;
    }
}
