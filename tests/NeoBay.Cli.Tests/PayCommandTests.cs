using System.Security.Cryptography;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Ledger;
using NeoBay.Grants.Storage.Payments;
using NeoBay.Policy;
using NeoBay.Testing;

namespace NeoBay.Cli.Tests;

/// <summary>`neobay pay run/export/import` and `neobay audit verify` against Azurite, on grants and an account written straight to the tables.</summary>
public sealed class PayCommandTests
{
    private const string Uscc = "91330100799655058B";
    private const string GrantA = "G20260302020000-00000000a1";
    private const string GrantB = "G20260302020000-00000000b2";
    private static readonly DateTimeOffset Approved = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RunAt = new(2026, 3, 10, 2, 0, 0, TimeSpan.Zero);

    private static async Task<(string Connection, string Prefix)> SeedAsync()
    {
        var connection = await Azurite.GetConnectionStringAsync();
        var prefix = Azurite.UniqueName("pay");
        var tables = new GrantsTables(new TableServiceClient(connection), prefix);
        var grants = new TableGrantStore(tables);
        await AddAsync(grants, GrantA, "A05.1", Line(GrantA, 2026, "construction", 200_000_000), Line(GrantA, 2026, "operating-1", 100_000_000));
        await AddAsync(grants, GrantB, "A02.1", Line(GrantB, 2026, "grant", 240_000_000));
        var store = new TablePaymentStore(new PaymentTables(tables.Service, prefix), tables);
        await store.SavePayeeAsync(new PayeeAccount(Uscc, "零号湾示例科技有限公司", "中国工商银行", "上海闵行支行", "31001234567890123", "102290000011", "A20260302020000-00000000a1",
            "D20260302020000-00000000a1", PayeeStatuses.Verified, 1, Approved, "applicant-1") { VerifiedAt = Approved.AddDays(1), VerifiedBy = "reviewer-1" },
            new AuditEntry(PaymentKeys.PayeePartition(Uscc), 1, Approved.AddDays(1), "reviewer-1", "verify", "****0123"));
        return (connection, prefix);
    }

    private static LedgerLine Line(string grant, int year, string component, long fen) =>
        new(grant, year, component, ScheduleTrigger.Approval, fen, LedgerStatus.Issued, null, true) { IssuedAt = Approved };

    private static async Task AddAsync(TableGrantStore grants, string id, string measure, params LedgerLine[] lines)
    {
        var grant = new GrantRecord(id, "A" + id[1..], Uscc, measure, "P-" + measure, null, lines.Sum(l => l.AmountFen ?? 0), Approved, 2026, "reviewer-1", 1);
        Assert.True(await grants.TryCreateAsync(grant, lines, new AuditEntry(id, 1, Approved, "reviewer-1", "approve", null)));
        await grants.UpsertIndexAsync(new GrantIndexEntry(id, Uscc, measure, grant.ProjectKey, null, grant.AmountFen, 2026, GrantStatuses.Active));
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(Func<string, string?> environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await NeoBayCli.RunAsync(args, new StringReader(""), output, error, new FakeTimeProvider(RunAt), environment);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Run_export_import_and_verify_from_the_command_line()
    {
        var (connection, prefix) = await SeedAsync();
        string? Env(string name) => name switch { "AzureWebJobsStorage" => connection, "NeoBay__Storage__TablePrefix" => prefix, _ => null };

        var (code, output, error) = await RunAsync(Env, "pay", "run");
        Assert.True(code == 0, error);
        Assert.Contains("run 20260310 complete", output, StringComparison.Ordinal);
        Assert.Matches(@"20260310-2026-A05\.1\s+sealed\s+1 payees\s+2 lines\s+3000000\.00", output);
        Assert.Matches(@"20260310-2026-A02\.1\s+sealed\s+1 payees\s+1 lines\s+2400000\.00", output);

        var dir = Directory.CreateTempSubdirectory("neobay-pay-");
        (code, output, error) = await RunAsync(Env, "pay", "export", "--batch", "20260310-2026-A05.1", "-o", dir.FullName);
        Assert.True(code == 0, error);
        var file = await File.ReadAllBytesAsync(Path.Combine(dir.FullName, "20260310-2026-A05.1.csv"));
        Assert.Contains($"sha256 {Convert.ToHexStringLower(SHA256.HashData(file))}", output, StringComparison.Ordinal);
        Assert.Contains("1,零号湾示例科技有限公司,中国工商银行,上海闵行支行,31001234567890123,102290000011,3000000.00,2,91330100799655058B", System.Text.Encoding.UTF8.GetString(file), StringComparison.Ordinal);

        var results = Path.Combine(dir.FullName, "results.csv");
        await File.WriteAllTextAsync(results, "row,amount,result,paidOn,reason\n9,3000000.00,paid,2026-03-12,\n");
        (code, _, error) = await RunAsync(Env, "pay", "import", "--batch", "20260310-2026-A05.1", "--file", results);
        Assert.Equal((1, true), (code, error.Contains("UnknownRow at results[0]: Row 9 is not in this batch.", StringComparison.Ordinal)));
        await File.WriteAllTextAsync(results, "row,amount,result,paidOn,reason\n1,3000000.00,paid,2026-03-12,\n");
        (code, output, error) = await RunAsync(Env, "pay", "import", "--batch", "20260310-2026-A05.1", "--file", results);
        Assert.True(code == 0, error);
        Assert.Contains("20260310-2026-A05.1 closed: 1 paid (3000000.00), 0 returned (0.00), 0 pending", output, StringComparison.Ordinal);
        (_, output, _) = await RunAsync(Env, "pay", "import", "--batch", "20260310-2026-A05.1", "--file", results);
        Assert.Contains("nothing changed", output, StringComparison.Ordinal);
        (_, output, _) = await RunAsync(Env, "export", "ledger", "--fiscal-year", "2026");
        Assert.Contains($"{GrantA},{Uscc},A05.1,construction,2000000.00,paid", output, StringComparison.Ordinal);
        Assert.Contains($"{GrantB},{Uscc},A02.1,grant,2400000.00,issued", output, StringComparison.Ordinal);

        (code, output, _) = await RunAsync(Env, "audit", "verify", "--all");
        Assert.Equal((0, true), (code, output.StartsWith("ok: ", StringComparison.Ordinal)));
        (code, output, _) = await RunAsync(Env, "audit", "verify", "--grant", GrantA);
        Assert.Equal((0, "ok: 1 chains, 2 lines"), (code, output.Trim()));

        // Someone edits the approval line: the grant's chain breaks there, and --all finds it too.
        var grants = new TableServiceClient(connection).GetTableClient(prefix + GrantsTables.Grants);
        var line = (await grants.GetEntityAsync<TableEntity>(GrantA, "audit-000001")).Value;
        line["Who"] = "someone-else";
        await grants.UpdateEntityAsync(line, line.ETag, TableUpdateMode.Replace);
        (code, output, _) = await RunAsync(Env, "audit", "verify", "--grant", GrantA);
        Assert.Equal((3, $"BROKEN {prefix}grants {GrantA}/audit-000001: modified"), (code, output.Split(" (")[0]));
        (code, _, _) = await RunAsync(Env, "audit", "verify", "--all");
        Assert.Equal(3, code);
        (code, _, error) = await RunAsync(Env, "audit", "verify");
        Assert.Equal((2, true), (code, error.Contains("exactly one", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Verify_all_covers_the_identity_bindings_chain()
    {
        var connection = await Azurite.GetConnectionStringAsync();
        var prefix = Azurite.UniqueName("aud");
        string? Env(string name) => name switch { "AzureWebJobsStorage" => connection, "NeoBay__Storage__TablePrefix" => prefix, _ => null };
        var tables = new GrantsTables(new TableServiceClient(connection), prefix);
        var store = new NeoBay.Grants.Storage.Auth.TableIdentityStore(tables);
        const string person = "wx:person-1";
        var binding = new NeoBay.Grants.Auth.BindingRecord(NeoBay.Grants.Auth.BindingKeys.Id(person, Uscc), Uscc, "张三", "legalRepresentative",
            NeoBay.Grants.Auth.BindingStatus.Pending, 1, Approved);
        Assert.True(await store.TryCreateAsync(binding, person));
        var read = (await store.GetAsync(binding.Id))!;
        await store.ReplaceAsync(read with { Status = NeoBay.Grants.Auth.BindingStatus.Approved, Version = 2, DecidedBy = "reviewer-1", DecidedAt = Approved.AddHours(1) }, "reviewer-1", "approve");

        var (code, output, _) = await RunAsync(Env, "audit", "verify", "--all");
        Assert.Equal((0, "ok: 1 chains, 2 lines"), (code, output.Trim()));

        // The approval's line rewritten: --all reads the identities table and reports it.
        var identities = new TableServiceClient(connection).GetTableClient(prefix + GrantsTables.Identities);
        var partition = NeoBay.Grants.Auth.BindingKeys.Partition(person);
        var line = (await identities.GetEntityAsync<TableEntity>(partition, $"audit|{Uscc}|000002")).Value;
        line["Who"] = "someone-else";
        await identities.UpdateEntityAsync(line, line.ETag, TableUpdateMode.Replace);
        (code, output, _) = await RunAsync(Env, "audit", "verify", "--all");
        Assert.Equal((3, $"BROKEN {prefix}identities {partition}/audit|{Uscc}|000002: modified"), (code, output.Split(" (")[0]));
    }
}
