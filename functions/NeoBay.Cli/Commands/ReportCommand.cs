using System.CommandLine;
using NeoBay.Contracts.Reports;
using NeoBay.Grants.Budget;
using NeoBay.Grants.Storage.Budget;
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
        var part = new Option<string>("--part") { Description = "commitments, or days (complete → decision and → first payment, docs/budget.md).", DefaultValueFactory = _ => "commitments" };
        var command = new Command("report", "Commitments of the special fund by fiscal year and article, or the service days.") { from, to, format, part };
        OperatorStorage.AddOptions(command);
        command.SetAction(async (parse, cancellation) =>
        {
            var csv = parse.GetValue(format) switch { "csv" => true, "json" => false, _ => (bool?)null };
            if (csv is null)
            {
                error.WriteLine("neobay report: --format is json or csv.");
                return OperatorStorage.Usage;
            }

            if (parse.GetValue(part) is not ("commitments" or "days"))
            {
                error.WriteLine("neobay report: --part is commitments or days.");
                return OperatorStorage.Usage;
            }

            var opened = OperatorStorage.Open(OperatorStorage.Target(parse), environment, error, "report");
            if (opened is not { } tables) return OperatorStorage.Usage;
            try
            {
                if (parse.GetValue(part) == "days") return await DaysAsync(new TableServiceTimeStore(tables.Tables), csv.Value, output, cancellation);
                var budgets = new BudgetService(new TableBudgetStore(tables.Tables), PolicyCatalog.LoadEmbedded(), time);
                var first = parse.GetValue(from) ?? budgets.Options.FirstFiscalYear;
                var last = parse.GetValue(to) ?? budgets.Options.LastFiscalYear;
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
                return OperatorStorage.StorageFailed(error, "report", e);
            }
        });
        return command;
    }

    /// <summary>The service days (one partition query): JSON as in <c>GET /admin/reports/applications</c>'s <c>serviceDays</c>, or CSV.</summary>
    private static async Task<int> DaysAsync(TableServiceTimeStore store, bool csv, TextWriter output, CancellationToken cancellation)
    {
        var days = ServiceDays.Report(await store.ListAsync(cancellation));
        if (csv) output.Write(System.Text.Encoding.UTF8.GetString(ServiceDaysCsv.Csv(days)));
        else JsonOutput.WriteLine(output, NeoBay.Contracts.Budget.ApplicationsReportJson.View(days), NeoBay.Contracts.Budget.ApplicationsReportJsonContext.Default.ServiceDaysView);
        return 0;
    }
}
