using System.CommandLine;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Storage.Applications;
using NeoBay.Grants.Storage.Ledger;
using NeoBay.Grants.Storage.Renewals;
using NeoBay.Policy;

namespace NeoBay.Cli.Commands;

/// <summary>
/// `neobay renew --fiscal-year 2027 [--dry-run] [--csv FILE]`: with <c>--dry-run</c>, what the yearly run would issue,
/// open, lapse, invite or skip, grant by grant, without writing; without it, runs (or resumes) the run here and prints
/// the counts. Reads storage from <c>--account</c> (Entra ID), <c>--storage</c> or <c>AzureWebJobsStorage</c>.
/// </summary>
internal static class RenewCommand
{
    public static Command Create(TextWriter output, TextWriter error, TimeProvider time, Func<string, string?> environment, bool progress)
    {
        var fiscalYear = OperatorStorage.FiscalYearOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be done; write nothing." };
        var csv = new Option<FileInfo?>("--csv") { Description = "Write the rows to this CSV file instead of a table on the terminal." };
        var command = new Command("renew", "The yearly renewal run: operating years, claims, voucher quotas, allowances, invitations.") { fiscalYear, dryRun, csv };
        OperatorStorage.AddOptions(command);
        command.SetAction(async (parse, cancellation) =>
        {
            var opened = OperatorStorage.Open(OperatorStorage.Target(parse), environment, error, "renew");
            if (opened is not { } tables) return OperatorStorage.Usage;
            var year = parse.GetValue(fiscalYear);
            var catalog = PolicyCatalog.LoadEmbedded();
            var store = new TableRenewalStore(tables.Tables, tables.Renewals);
            var grants = new TableGrantStore(tables.Tables);
            var service = new RenewalService(store, grants, new TableApplicationStore(tables.Tables), new NoQueue(), catalog, time);
            try
            {
                return parse.GetValue(dryRun)
                    ? await DryRunAsync(service, store, grants, year, parse.GetValue(csv), output, new ProgressBar(error, GrantKeys.ShardCount, progress), cancellation)
                    : await RunAsync(service, year, output, error, new ProgressBar(error, GrantKeys.ShardCount, progress), cancellation);
            }
            catch (Azure.RequestFailedException e)
            {
                return OperatorStorage.StorageFailed(error, "renew", e, ". Run the same command again to resume.");
            }
        });
        return command;
    }

    /// <summary>One row of a dry run.</summary>
    internal sealed record Row(string GrantId, string Applicant, string Measure, string Component, string Action, long AmountFen, string Reason, bool Done);

    public static async Task<int> DryRunAsync(RenewalService service, IRenewalStore store, TableGrantStore grants, int fiscalYear, FileInfo? csv,
        TextWriter output, ProgressBar bar, CancellationToken cancellationToken)
    {
        var zone = await store.GetZoneDeparturesAsync(cancellationToken);
        var rows = new List<Row>();
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

    private static async Task<int> RunAsync(RenewalService service, int fiscalYear, TextWriter output, TextWriter error, ProgressBar bar, CancellationToken cancellationToken)
    {
        var started = await service.StartAsync("cli", fiscalYear, cancellationToken);
        if (!started.IsSuccess)
        {
            error.WriteLine($"neobay renew: {started.Error!.Code}: {started.Error.MessageEn}");
            return OperatorStorage.Usage;
        }

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
