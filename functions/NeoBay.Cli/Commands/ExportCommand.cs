using System.CommandLine;
using System.Globalization;
using System.Text;
using NeoBay.Grants.Domain;
using NeoBay.Grants.Storage;

namespace NeoBay.Cli.Commands;

/// <summary>
/// `neobay export ledger --fiscal-year 2027 [--output FILE]`: the finance bureau's CSV of every ledger line of the year
/// (grant, applicant, measure, component, amount in yuan, status), by renewal shard then grant id.
/// </summary>
internal static class ExportCommand
{
    public const string Header = "grant,applicant,measure,component,amount,status";

    public static Command Create(TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        var fiscalYear = OperatorStorage.FiscalYearOption();
        var file = new Option<FileInfo?>("--output", "-o") { Description = "Write the CSV to this file (default: standard output)." };
        var storage = OperatorStorage.StorageOption();
        var prefix = OperatorStorage.PrefixOption();
        var ledger = new Command("ledger", "The ledger lines of a fiscal year as CSV.") { fiscalYear, file, storage, prefix };
        ledger.SetAction(async (parse, cancellation) =>
        {
            var opened = OperatorStorage.Open(parse.GetValue(storage), parse.GetValue(prefix), environment, error, "export ledger");
            if (opened is not { } tables) return OperatorStorage.Usage;
            try
            {
                var csv = await LedgerCsvAsync(new TableGrantStore(tables.Tables), parse.GetValue(fiscalYear), cancellation);
                if (parse.GetValue(file) is { } target)
                {
                    await File.WriteAllTextAsync(target.FullName, csv, new UTF8Encoding(false), cancellation);
                    error.WriteLine($"{csv.Count(c => c == '\n') - 1} lines written to {target.FullName}.");
                }
                else
                {
                    await output.WriteAsync(csv);
                }

                return 0;
            }
            catch (Azure.RequestFailedException e)
            {
                error.WriteLine($"neobay export ledger: storage failed ({e.Status} {e.ErrorCode}): {e.Message.Split('\n')[0]}");
                return OperatorStorage.Failed;
            }
        });
        return new Command("export", "Exports for the finance bureau.") { ledger };
    }

    public static async Task<string> LedgerCsvAsync(TableGrantStore grants, int fiscalYear, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(Header).Append('\n');
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
                        text.Append(CultureInfo.InvariantCulture,
                            $"{OperatorStorage.Csv(view.Grant.Id)},{OperatorStorage.Csv(view.Grant.ApplicantUscc)},{OperatorStorage.Csv(view.Grant.Measure)},{OperatorStorage.Csv(line.Component)},{OperatorStorage.Yuan(line.AmountFen)},{line.Status.ToWire()}\n");
                    }
                }

                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        return text.ToString();
    }
}
