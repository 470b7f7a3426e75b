using System.CommandLine;
using System.Globalization;
using System.Text;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Storage.Ledger;

namespace NeoBay.Cli.Commands;

/// <summary>
/// `neobay export ledger --fiscal-year 2027 [--output FILE]`: the finance bureau's CSV of every ledger line of the year
/// (grant, applicant, measure, component, amount in yuan, status), by renewal shard then grant id. Rows are written as
/// they are read (a year of ledger never sits in memory), with a progress bar by shard on a terminal.
/// </summary>
internal static class ExportCommand
{
    public const string Header = "grant,applicant,measure,component,amount,status";

    public static Command Create(TextWriter output, TextWriter error, Func<string, string?> environment, bool progress)
    {
        var fiscalYear = OperatorStorage.FiscalYearOption();
        var file = new Option<FileInfo?>("--output", "-o") { Description = "Write the CSV to this file (default: standard output)." };
        var ledger = new Command("ledger", "The ledger lines of a fiscal year as CSV.") { fiscalYear, file };
        OperatorStorage.AddOptions(ledger);
        ledger.SetAction(async (parse, cancellation) =>
        {
            var opened = OperatorStorage.Open(OperatorStorage.Target(parse), environment, error, "export ledger");
            if (opened is not { } tables) return OperatorStorage.Usage;
            var grants = new TableGrantStore(tables.Tables);
            var bar = new ProgressBar(error, GrantKeys.ShardCount, progress, "lines");
            try
            {
                if (parse.GetValue(file) is { } target)
                {
                    long lines;
                    await using (var writer = new StreamWriter(target.FullName, append: false, new UTF8Encoding(false)))
                    {
                        lines = await WriteLedgerCsvAsync(grants, parse.GetValue(fiscalYear), writer, bar, cancellation);
                    }

                    error.WriteLine($"{lines} lines written to {target.FullName}.");
                }
                else
                {
                    await WriteLedgerCsvAsync(grants, parse.GetValue(fiscalYear), output, bar, cancellation);
                }

                return 0;
            }
            catch (Azure.RequestFailedException e)
            {
                return OperatorStorage.StorageFailed(error, "export ledger", e);
            }
            catch (Azure.Identity.AuthenticationFailedException e)
            {
                error.WriteLine($"neobay export ledger: sign-in failed (az login, or --client-id for a managed identity): {e.Message.Split('\n')[0]}");
                return OperatorStorage.Failed;
            }
        });
        return new Command("export", "Exports for the finance bureau.") { ledger };
    }

    /// <summary>Writes the header and every ledger line of <paramref name="fiscalYear"/> as it is read; returns the lines written.</summary>
    public static async Task<long> WriteLedgerCsvAsync(TableGrantStore grants, int fiscalYear, TextWriter writer, ProgressBar bar, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(Header + "\n");
        long lines = 0;
        for (var shard = 0; shard < GrantKeys.ShardCount; shard++)
        {
            string? token = null;
            do
            {
                var page = await grants.ListByShardAsync(shard, token, 500, cancellationToken);
                foreach (var entry in page.Items.OrderBy(e => e.GrantId, StringComparer.Ordinal))
                {
                    var view = await grants.GetAsync(entry.GrantId, cancellationToken);
                    if (view is null) continue;
                    foreach (var line in view.Ledger.Where(l => l.FiscalYear == fiscalYear))
                    {
                        await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                            $"{OperatorStorage.Csv(view.Grant.Id)},{OperatorStorage.Csv(view.Grant.ApplicantUscc)},{OperatorStorage.Csv(view.Grant.Measure)},{OperatorStorage.Csv(line.Component)},{OperatorStorage.Yuan(line.AmountFen)},{line.Status.ToWire()}\n"));
                        lines++;
                    }
                }

                token = page.ContinuationToken;
            }
            while (token is not null);

            await writer.FlushAsync(cancellationToken);
            bar.Show(shard + 1, lines);
        }

        return lines;
    }
}
