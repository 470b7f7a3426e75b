using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Grants.Budget;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Budget;
using NeoBay.Policy;
using NeoBay.Testing;

namespace NeoBay.Cli.Tests;

/// <summary>`neobay report` over counters counted straight into the budgets table (docs/budget.md).</summary>
public sealed class ReportCommandTests
{
    [Fact]
    public async Task The_report_sums_measures_into_articles_by_planned_year_as_json_and_as_csv_with_a_bom()
    {
        var connection = await Azurite.GetConnectionStringAsync();
        var prefix = Azurite.UniqueName("rep");
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 2, 0, 0, TimeSpan.Zero));
        var budgets = new BudgetService(new TableBudgetStore(new GrantsTables(new TableServiceClient(connection), prefix)), PolicyCatalog.LoadEmbedded(), clock);
        // 2026: A05.1 committed 25,000,000.00 all issued; A05.2 1,000,000.00 committed of which 400,000.00 issued;
        // A09.4 300,000.00 committed, 50,000.00 issued, then 250,000.00 lapsed. 2027: A05.1 10,000,000.00 scheduled.
        await budgets.RecordAsync(
        [
            new BudgetEvent("approve-G1", 2026, new BudgetDelta("A05.1", 2_500_000_000, 2_500_000_000, 0)),
            new BudgetEvent("approve-G1", 2027, new BudgetDelta("A05.1", 1_000_000_000, 0, 0)),
            new BudgetEvent("approve-G2", 2026, new BudgetDelta("A05.2", 100_000_000, 40_000_000, 0)),
            new BudgetEvent("approve-G3", 2026, new BudgetDelta("A09.4", 30_000_000, 0, 0)),
            new BudgetEvent("issue-G3-2026-redemption-1", 2026, new BudgetDelta("A09.4", 0, 5_000_000, 0)),
            new BudgetEvent("lapse-G3-2026-quota", 2026, new BudgetDelta("A09.4", -25_000_000, 0, 25_000_000)),
            new BudgetEvent("lapse-G3-2026-quota", 2026, new BudgetDelta("A09.4", -25_000_000, 0, 25_000_000)), // a repeat: counted once
        ]);
        string? Env(string name) => name switch { "AzureWebJobsStorage" => connection, "NeoBay__Storage__TablePrefix" => prefix, _ => null };

        var (code, csv, _) = await RunAsync(Env, clock, "report", "--from", "2026", "--to", "2027", "--format", "csv");
        Assert.Equal(0, code);
        Assert.StartsWith("\uFEFF财年 fiscalYear,", csv, StringComparison.Ordinal);
        Assert.Equal(
        [
            "2026,A05,26000000.00,600000.00,25400000.00,0.00",
            "2026,A09,300000.00,0.00,50000.00,250000.00",
            "2027,A05,10000000.00,10000000.00,0.00,0.00",
        ], csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1));

        var (jsonCode, json, _) = await RunAsync(Env, clock, "report", "--from", "2026", "--to", "2026");
        Assert.Equal(0, jsonCode);
        var rows = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("rows");
        Assert.Equal(("A09", "250000.00", "plannedYear"), (rows[1].GetProperty("article").GetString(), rows[1].GetProperty("lapsed").GetRawText(),
            System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("basis").GetString()));
        // Indented as before the contract record replaced the hand-written writer: two spaces, "name": value.
        Assert.Contains("\n  \"basis\": \"plannedYear\",\n  \"rows\": [\n    {\n      \"fiscalYear\": 2026,", json, StringComparison.Ordinal);
        Assert.Contains("\"lapsed\": 250000.00", json, StringComparison.Ordinal);
        Assert.Equal(2, (await RunAsync(Env, clock, "report", "--format", "xml")).Code);
        Assert.Equal(2, (await RunAsync(Env, clock, "report", "--from", "2030", "--to", "2026")).Code);
    }

    [Fact]
    public async Task The_days_part_reports_average_and_nearest_rank_p90_as_json_and_csv()
    {
        var connection = await Azurite.GetConnectionStringAsync();
        var prefix = Azurite.UniqueName("rep");
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 2, 0, 0, TimeSpan.Zero));
        var store = new TableServiceTimeStore(new GrantsTables(new TableServiceClient(connection), prefix));
        // Complete 2026-11-26 10:00 CST; decided 5, 8, 10, 19 and 20 CST days later → average 12.4, p90 (5th of 5) 20.
        var complete = new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);
        var days = new[] { 5, 8, 10, 19, 20 };
        for (var i = 0; i < days.Length; i++)
        {
            await store.RecordDecisionAsync($"A{i}", "A02.1", complete, complete.AddDays(days[i]));
            await store.RecordDecisionAsync($"A{i}", "A02.1", complete, complete.AddDays(days[i])); // redelivered: one row
        }

        await store.RecordPaidAsync("A0", new DateOnly(2026, 12, 11)); // 15 days
        string? Env(string name) => name switch { "AzureWebJobsStorage" => connection, "NeoBay__Storage__TablePrefix" => prefix, _ => null };

        var (code, csv, _) = await RunAsync(Env, clock, "report", "--part", "days", "--format", "csv");
        Assert.Equal(0, code);
        Assert.StartsWith("\uFEFF措施 measure,", csv, StringComparison.Ordinal);
        Assert.Equal(["*,5,12.4,20,1,15.0,15", "A02.1,5,12.4,20,1,15.0,15"], csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1));

        var (jsonCode, json, _) = await RunAsync(Env, clock, "report", "--part", "days");
        Assert.Equal(0, jsonCode);
        var decision = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("overall").GetProperty("decision");
        Assert.Equal((5, 12.4m, 20), (decision.GetProperty("count").GetInt32(), decision.GetProperty("averageDays").GetDecimal(), decision.GetProperty("p90Days").GetInt32()));
        Assert.Equal(2, (await RunAsync(Env, clock, "report", "--part", "payments")).Code);
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(Func<string, string?> environment, TimeProvider clock, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await NeoBayCli.RunAsync(args, new StringReader(""), output, error, clock, environment);
        return (code, output.ToString(), error.ToString());
    }
}
