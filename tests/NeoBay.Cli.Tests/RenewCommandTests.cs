using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Ledger;
using NeoBay.Policy;
using NeoBay.Testing;

namespace NeoBay.Cli.Tests;

/// <summary>`neobay renew` and `neobay export ledger` against Azurite, on grants written straight to the tables.</summary>
public sealed class RenewCommandTests
{
    private const string Uscc = "91330100799655058B";
    private static readonly DateTimeOffset Approved = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    private static async Task<(string Connection, string Prefix, TableGrantStore Grants)> SeedAsync()
    {
        var connection = await Azurite.GetConnectionStringAsync();
        var prefix = Azurite.UniqueName("cli");
        var grants = new TableGrantStore(new GrantsTables(new TableServiceClient(connection), prefix));
        // A05.1: construction 2,000,000.00 and operating 1,000,000.00 a year for three years (years 2 and 3 by the run).
        await AddAsync(grants, "G20260302020000-00000000a1", "A05.1",
            Line("G20260302020000-00000000a1", 2026, "construction", ScheduleTrigger.Approval, 200_000_000, LedgerStatus.Issued),
            Line("G20260302020000-00000000a1", 2026, "operating-1", ScheduleTrigger.Approval, 100_000_000, LedgerStatus.Issued),
            Line("G20260302020000-00000000a1", 2027, "operating-2", ScheduleTrigger.Renewal, 100_000_000, LedgerStatus.Scheduled),
            Line("G20260302020000-00000000a1", 2028, "operating-3", ScheduleTrigger.Renewal, 100_000_000, LedgerStatus.Scheduled));
        // A02.1: paid once on approval; nothing in 2027.
        await AddAsync(grants, "G20260302020000-00000000b2", "A02.1",
            Line("G20260302020000-00000000b2", 2026, "grant", ScheduleTrigger.Approval, 240_000_000, LedgerStatus.Issued));
        return (connection, prefix, grants);
    }

    private static LedgerLine Line(string grant, int year, string component, ScheduleTrigger trigger, long fen, LedgerStatus status) =>
        new(grant, year, component, trigger, fen, status, null, true) { IssuedAt = status == LedgerStatus.Issued ? Approved : null };

    private static async Task AddAsync(TableGrantStore grants, string id, string measure, params LedgerLine[] lines)
    {
        var grant = new GrantRecord(id, "A" + id[1..], Uscc, measure, "P-" + measure, null, lines.Sum(l => l.AmountFen ?? 0), Approved, 2026, "reviewer-1", 1);
        Assert.True(await grants.TryCreateAsync(grant, lines, new AuditEntry(id, 1, Approved, "reviewer-1", "approve", null)));
        await grants.UpsertIndexAsync(new GrantIndexEntry(id, Uscc, measure, grant.ProjectKey, null, grant.AmountFen, 2026, GrantStatuses.Active));
    }

    private static Task<(int Code, string Out, string Err)> RunAsync(DateTimeOffset now, Func<string, string?> environment, params string[] args) =>
        RunAsync(now, environment, terminal: false, args);

    private static async Task<(int Code, string Out, string Err)> RunAsync(DateTimeOffset now, Func<string, string?> environment, bool terminal, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await NeoBayCli.RunAsync(args, new StringReader(""), output, error, new FakeTimeProvider(now), environment, errorIsTerminal: terminal);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_dry_run_shows_what_2027_would_issue_with_a_progress_bar_and_writes_nothing_then_the_run_and_the_export_agree()
    {
        var (connection, prefix, grants) = await SeedAsync();
        string? Env(string name) => name switch { "AzureWebJobsStorage" => connection, "NeoBay__Storage__TablePrefix" => prefix, _ => null };

        var (code, output, error) = await RunAsync(Approved, Env, terminal: true, "renew", "--fiscal-year", "2027", "--dry-run");
        Assert.Equal(0, code);
        Assert.Matches(@"G20260302020000-00000000a1\s+91330100799655058B\s+A05\.1\s+operating-2\s+issued\s+1000000\.00", output);
        Assert.DoesNotContain("00000000b2", output);
        Assert.Contains("2 grants, 1 to issue (1000000.00)", output);
        Assert.Contains("[##############################] 16/16 shards, 2 grants", error);
        Assert.Equal(LedgerStatus.Scheduled, (await grants.GetAsync("G20260302020000-00000000a1"))!.Ledger.Single(l => l.Component == "operating-2").Status);
        Assert.DoesNotContain("shards", (await RunAsync(Approved, Env, "renew", "--fiscal-year", "2027", "--dry-run")).Err); // not a terminal: no bar

        var csv = Path.Combine(Path.GetTempPath(), Azurite.UniqueName("renew") + ".csv");
        Assert.Equal(0, (await RunAsync(Approved, Env, "renew", "--fiscal-year", "2027", "--dry-run", "--csv", csv)).Code);
        Assert.Equal("grant,applicant,measure,component,action,amount,reason,alreadyDone\nG20260302020000-00000000a1,91330100799655058B,A05.1,operating-2,issued,1000000.00,,false\n",
            await File.ReadAllTextAsync(csv));
        File.Delete(csv);

        // The real run refuses 2027 before it begins, then issues it on 1 January (CST).
        Assert.Equal(2, (await RunAsync(Approved, Env, "renew", "--fiscal-year", "2027")).Code);
        var newYear = new DateTimeOffset(2026, 12, 31, 16, 5, 0, TimeSpan.Zero);
        var run = await RunAsync(newYear, Env, "renew", "--fiscal-year", "2027");
        Assert.Equal(0, run.Code);
        Assert.Matches(@"total\s+2\s+1\s+1000000\.00", run.Out);

        var export = await RunAsync(newYear, Env, "export", "ledger", "--fiscal-year", "2027");
        Assert.Equal(0, export.Code);
        Assert.Equal("grant,applicant,measure,component,amount,status\nG20260302020000-00000000a1,91330100799655058B,A05.1,operating-2,1000000.00,issued\n", export.Out);
        var y2026 = await RunAsync(newYear, Env, "export", "ledger", "--fiscal-year", "2026", "--storage", connection, "--table-prefix", prefix);
        Assert.Equal(4, y2026.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header + construction, operating-1, A02.1 grant

        // A second dry run marks the issued line as already done.
        Assert.Contains("issued*", (await RunAsync(newYear, Env, "renew", "--fiscal-year", "2027", "--dry-run")).Out);
    }

    [Fact]
    public async Task Without_storage_the_operator_commands_say_how_to_give_it()
    {
        var (code, _, error) = await RunAsync(Approved, _ => null, "export", "ledger", "--fiscal-year", "2027");
        Assert.Equal(2, code);
        Assert.Contains("AzureWebJobsStorage", error);
    }

    [Fact]
    public async Task Export_streams_to_the_file_with_a_bar_by_shard_on_a_terminal_and_none_elsewhere()
    {
        var (connection, prefix, _) = await SeedAsync();
        string? Env(string name) => name switch { "AzureWebJobsStorage" => connection, "NeoBay__Storage__TablePrefix" => prefix, _ => null };
        var file = Path.Combine(Path.GetTempPath(), Azurite.UniqueName("ledger") + ".csv");
        try
        {
            var onTerminal = await RunAsync(Approved, Env, terminal: true, "export", "ledger", "--fiscal-year", "2026", "-o", file);
            var text = await File.ReadAllTextAsync(file);
            var piped = await RunAsync(Approved, Env, "export", "ledger", "--fiscal-year", "2026", "-o", file);

            Assert.Equal(0, onTerminal.Code);
            // 2026: construction 2,000,000.00 and operating-1 1,000,000.00 of A05.1, and A02.1's 2,400,000.00.
            Assert.Equal(3, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith('G')));
            Assert.Contains(",A05.1,construction,2000000.00,issued\n", text);
            Assert.Contains(",A02.1,grant,2400000.00,issued\n", text);
            Assert.Contains("[##############################] 16/16 shards, 3 lines", onTerminal.Err);
            Assert.Contains($"3 lines written to {file}.", onTerminal.Err);
            Assert.Equal($"3 lines written to {file}.\n", piped.Err.Replace("\r\n", "\n"));
            Assert.Equal(text, await File.ReadAllTextAsync(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("AzureCloud", "https://stneobay1.table.core.windows.net/")]
    [InlineData("AzureChinaCloud", "https://stneobay1.table.core.chinacloudapi.cn/")]
    [InlineData("AzureUSGovernment", "https://stneobay1.table.core.usgovcloudapi.net/")]
    public void Account_endpoints_come_from_the_name_and_the_cloud(string cloud, string endpoint)
    {
        Assert.Equal(endpoint, Commands.OperatorStorage.TableEndpoint("stneobay1", cloud)!.ToString());
    }

    [Theory]
    [InlineData("StNeoBay", "AzureCloud", "not a storage account name")]
    [InlineData("stneobay1", "AzureMoonCloud", "AzureChinaCloud")]
    public async Task A_bad_account_or_cloud_is_a_usage_error_before_any_call(string account, string cloud, string message)
    {
        var (code, _, error) = await RunAsync(Approved, _ => null, "export", "ledger", "--fiscal-year", "2027", "--account", account, "--cloud", cloud);

        Assert.Equal(2, code);
        Assert.Contains(message, error);
    }
}
