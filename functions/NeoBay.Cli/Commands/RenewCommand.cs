using System.CommandLine;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using NeoBay.Grants.Domain;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Storage;
using NeoBay.Policy;

namespace NeoBay.Cli.Commands;

/// <summary>Where the operator commands find storage: <c>--storage</c> or <c>AzureWebJobsStorage</c>; <c>--table-prefix</c> or <c>NeoBay__Storage__TablePrefix</c>.</summary>
internal static class OperatorStorage
{
    public const int Failed = 1;
    public const int Usage = 2;

    public static Option<string?> StorageOption() => new("--storage") { Description = "Storage connection string (default: the AzureWebJobsStorage environment variable)." };

    public static Option<string?> PrefixOption() => new("--table-prefix") { Description = "Table name prefix (default: NeoBay__Storage__TablePrefix, else none)." };

    public static Option<int> FiscalYearOption() => new("--fiscal-year") { Description = "The fiscal year (calendar year in China Standard Time).", Required = true };

    /// <summary>The tables, or null (and a message) when no storage is configured.</summary>
    public static (GrantsTables Tables, RenewalTables Renewals)? Open(string? storage, string? prefix, Func<string, string?> environment, TextWriter error, string command)
    {
        var connection = storage ?? environment("AzureWebJobsStorage");
        if (string.IsNullOrWhiteSpace(connection))
        {
            error.WriteLine($"neobay {command}: no storage: give --storage or set AzureWebJobsStorage (a connection string; UseDevelopmentStorage=true for Azurite).");
            return null;
        }

        if (connection.Trim() == "UseDevelopmentStorage=true") connection = "UseDevelopmentStorage=true";
        var service = new TableServiceClient(connection);
        var tablePrefix = prefix ?? environment("NeoBay__Storage__TablePrefix") ?? "";
        return (new GrantsTables(service, tablePrefix), new RenewalTables(service, tablePrefix));
    }

    public static string Csv(string? value)
    {
        value ??= "";
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static string Yuan(long? fen) => fen is { } f ? Money.FormatYuan(f) : "";
}

/// <summary>A progress bar on the error stream: shards done and grants seen (one line, redrawn).</summary>
internal sealed class ProgressBar(TextWriter error, int total)
{
    private const int Width = 30;

    public void Show(int done, long grants)
    {
        var filled = total == 0 ? Width : done * Width / total;
        error.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total} shards, {grants} grants");
        if (done == total) error.WriteLine();
        error.Flush();
    }
}

/// <summary>
/// `neobay renew --fiscal-year 2027 [--dry-run] [--csv FILE]`: with <c>--dry-run</c>, what the yearly run would issue,
/// open, lapse, invite or skip, grant by grant, without writing; without it, runs (or resumes) the run here and prints
/// the counts. Reads storage from <c>AzureWebJobsStorage</c> or <c>--storage</c>.
/// </summary>
internal static class RenewCommand
{
    public static Command Create(TextWriter output, TextWriter error, TimeProvider time, Func<string, string?> environment)
    {
        var fiscalYear = OperatorStorage.FiscalYearOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be done; write nothing." };
        var csv = new Option<FileInfo?>("--csv") { Description = "Write the rows to this CSV file instead of a table on the terminal." };
        var storage = OperatorStorage.StorageOption();
        var prefix = OperatorStorage.PrefixOption();
        var command = new Command("renew", "The yearly renewal run: operating years, claims, voucher quotas, allowances, invitations.") { fiscalYear, dryRun, csv, storage, prefix };
        command.SetAction(async (parse, cancellation) =>
        {
            var opened = OperatorStorage.Open(parse.GetValue(storage), parse.GetValue(prefix), environment, error, "renew");
            if (opened is not { } tables) return OperatorStorage.Usage;
            var year = parse.GetValue(fiscalYear);
            var catalog = PolicyCatalog.LoadEmbedded();
            var store = new TableRenewalStore(tables.Tables, tables.Renewals);
            var grants = new TableGrantStore(tables.Tables);
            var service = new RenewalService(store, grants, new TableApplicationStore(tables.Tables), new NoQueue(), catalog, time);
            try
            {
                return parse.GetValue(dryRun)
                    ? await DryRunAsync(service, store, grants, year, parse.GetValue(csv), output, error, cancellation)
                    : await RunAsync(service, year, output, error, cancellation);
            }
            catch (Azure.RequestFailedException e)
            {
                error.WriteLine($"neobay renew: storage failed ({e.Status} {e.ErrorCode}): {e.Message.Split('\n')[0]}. Run the same command again to resume.");
                return OperatorStorage.Failed;
            }
        });
        return command;
    }

    /// <summary>One row of a dry run.</summary>
    internal sealed record Row(string GrantId, string Applicant, string Measure, string Component, string Action, long AmountFen, string Reason, bool Done);

    public static async Task<int> DryRunAsync(RenewalService service, IRenewalStore store, TableGrantStore grants, int fiscalYear, FileInfo? csv,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var zone = await store.GetZoneDeparturesAsync(cancellationToken);
        var rows = new List<Row>();
        var bar = new ProgressBar(error, GrantKeys.ShardCount);
        long seen = 0;
        var tally = new RenewalTally();
        for (var shard = 0; shard < GrantKeys.ShardCount; shard++)
        {
            string? token = null;
            do
            {
                var page = await grants.ListByShardAsync(shard, token, RenewalOptions.DefaultPageSize, cancellationToken);
                foreach (var entry in page.Items)
                {
                    var result = await service.RenewGrantAsync(entry, fiscalYear, zone, write: false, cancellationToken);
                    seen++;
                    if (result.Failure is not null)
                    {
                        tally.AddFailure(entry.Measure);
                        rows.Add(new Row(entry.GrantId, entry.ApplicantUscc, entry.Measure, "", "failed", 0, result.Failure, false));
                        continue;
                    }

                    tally.Add(result.Plan);
                    var done = result.Plan.Outcome == RenewalOutcome.AlreadyDone;
                    rows.AddRange(result.Plan.Items.Select(i => new Row(entry.GrantId, entry.ApplicantUscc, entry.Measure, i.Component, Camel(i.Action), i.AmountFen, i.Reason ?? "", done)));
                }

                token = page.ContinuationToken;
            }
            while (token is not null);

            bar.Show(shard + 1, seen);
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.Measure + a.GrantId + a.Component, b.Measure + b.GrantId + b.Component));
        if (csv is not null)
        {
            await File.WriteAllTextAsync(csv.FullName, ToCsv(rows), new UTF8Encoding(false), cancellationToken);
            output.WriteLine($"{rows.Count} rows written to {csv.FullName}.");
        }
        else
        {
            WriteTable(rows, output);
        }

        var t = tally.Total();
        output.WriteLine($"Dry run of fiscal {fiscalYear}: {t.Grants} grants, {t.Issued} to issue ({OperatorStorage.Yuan(t.IssuedFen)}), {t.ClaimsOpened} claims to open, " +
                         $"{t.QuotasIssued} quotas ({OperatorStorage.Yuan(t.QuotaFen)}), {t.QuotasLapsed} lapses ({OperatorStorage.Yuan(t.LapsedFen)}), {t.Invited} invitations, " +
                         $"{t.Skipped} skipped, {t.Failed} failed; {rows.Count(r => r.Done)} rows already done. Nothing was written.");
        return 0;
    }

    private static async Task<int> RunAsync(RenewalService service, int fiscalYear, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var started = await service.StartAsync("cli", fiscalYear, cancellationToken);
        if (!started.IsSuccess)
        {
            error.WriteLine($"neobay renew: {started.Error!.Code}: {started.Error.MessageEn}");
            return OperatorStorage.Usage;
        }

        var bar = new ProgressBar(error, GrantKeys.ShardCount);
        long seen = 0;
        for (var shard = 0; shard < GrantKeys.ShardCount; shard++)
        {
            var progress = await service.ProcessShardAsync(fiscalYear, shard, cancellationToken);
            seen += progress.Tally.Total().Grants;
            bar.Show(shard + 1, seen);
        }

        var report = (await service.ReportAsync(fiscalYear, cancellationToken))!;
        output.WriteLine($"{"measure",-8} {"grants",7} {"issued",7} {"amount",18} {"claims",7} {"quotas",7} {"lapsed",7} {"invited",8} {"skipped",8} {"failed",7}");
        foreach (var (measure, t) in report.Tally.ByMeasure.Append(new KeyValuePair<string, MeasureTally>("total", report.Tally.Total())))
            output.WriteLine($"{measure,-8} {t.Grants,7} {t.Issued,7} {OperatorStorage.Yuan(t.IssuedFen),18} {t.ClaimsOpened,7} {t.QuotasIssued,7} {t.QuotasLapsed,7} {t.Invited,8} {t.Skipped,8} {t.Failed,7}");
        return report.Tally.Total().Failed == 0 ? 0 : OperatorStorage.Failed;
    }

    internal static string ToCsv(IEnumerable<Row> rows)
    {
        var text = new StringBuilder("grant,applicant,measure,component,action,amount,reason,alreadyDone\n");
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{OperatorStorage.Csv(r.GrantId)},{OperatorStorage.Csv(r.Applicant)},{OperatorStorage.Csv(r.Measure)},{OperatorStorage.Csv(r.Component)},")
                .Append(CultureInfo.InvariantCulture, $"{r.Action},{OperatorStorage.Yuan(r.AmountFen)},{OperatorStorage.Csv(r.Reason)},{(r.Done ? "true" : "false")}\n");
        }

        return text.ToString();
    }

    private static void WriteTable(IReadOnlyList<Row> rows, TextWriter output)
    {
        output.WriteLine($"{"grant",-27} {"applicant",-18} {"measure",-7} {"component",-18} {"action",-12} {"amount",16}  reason");
        foreach (var r in rows)
            output.WriteLine($"{r.GrantId,-27} {r.Applicant,-18} {r.Measure,-7} {r.Component,-18} {r.Action + (r.Done ? "*" : ""),-12} {OperatorStorage.Yuan(r.AmountFen),16}  {r.Reason}");
        if (rows.Any(r => r.Done)) output.WriteLine("* already done by an earlier run.");
    }

    private static string Camel(RenewalAction action) => char.ToLowerInvariant(action.ToString()[0]) + action.ToString()[1..];

    /// <summary>The CLI processes every shard itself: nothing is queued.</summary>
    private sealed class NoQueue : IRenewalQueue
    {
        public Task EnqueueAsync(int fiscalYear, int shard, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
