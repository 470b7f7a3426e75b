using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Applications;
using NeoBay.Policy;
using NeoBay.Testing;

namespace NeoBay.Cli.Tests;

/// <summary>`neobay simulate` (#17 what-if) over two applications stored straight into the tables.</summary>
public sealed class SimulateCommandTests
{
    [Fact]
    public async Task The_reform_lowers_the_2027_application_by_600_000_yuan_and_a_bad_reform_is_usage()
    {
        var connection = await Azurite.GetConnectionStringAsync();
        var prefix = Azurite.UniqueName("sim");
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 2, 0, 0, TimeSpan.Zero));
        var store = new TableApplicationStore(new GrantsTables(new TableServiceClient(connection), prefix));
        // A02.1, 12,000,000 invested: 20% = 2,400,000 on 2026-12-31 either way; on 2027-01-05 15% = 1,800,000 with the reform.
        await StoreAsync(store, "91310000MA1000001", new DateTimeOffset(2026, 12, 31, 2, 0, 0, TimeSpan.Zero));
        await StoreAsync(store, "91310000MA1000002", new DateTimeOffset(2027, 1, 5, 2, 0, 0, TimeSpan.Zero));
        var dir = Directory.CreateTempSubdirectory("neobay-sim");
        var reform = Path.Combine(dir.FullName, "reform.yaml");
        await File.WriteAllTextAsync(reform, "name: A02.1 rate 15% from 2027\nchanges:\n  - { measure: A02.1, parameter: rate, from: 2027-01-01, value: 0.15, citation: what-if }\n");
        string? Env(string name) => name switch { "AzureWebJobsStorage" => connection, "NeoBay__Storage__TablePrefix" => prefix, _ => null };

        var (code, json, err) = await RunAsync(Env, clock, "simulate", "--reform", reform, "--from", "2026-12-01", "--to", "2027-01-31");
        Assert.True(code == 0, err);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal((2, 1, -60_000_000L, "A02.1 rate 15% from 2027"), (root.GetProperty("applications").GetInt32(), root.GetProperty("applicantsChanged").GetInt32(),
            root.GetProperty("differenceFen").GetInt64(), root.GetProperty("reform").GetString()));
        var change = root.GetProperty("largestChanges").EnumerateArray().Single();
        Assert.Equal(("2027-01-05", 240_000_000L, 180_000_000L), (change.GetProperty("submittedOn").GetString(), change.GetProperty("baselineFen").GetInt64(), change.GetProperty("reformFen").GetInt64()));

        var (onlyFirst, firstJson, _) = await RunAsync(Env, clock, "simulate", "--reform", reform, "--to", "2026-12-31");
        Assert.Equal((0, 1, 0L), (onlyFirst, JsonDocument.Parse(firstJson).RootElement.GetProperty("applications").GetInt32(), JsonDocument.Parse(firstJson).RootElement.GetProperty("differenceFen").GetInt64()));

        await File.WriteAllTextAsync(reform, "name: bad\nchanges:\n  - { measure: A99.9, parameter: rate, from: 2027-01-01, value: 0.15 }\n");
        var (bad, _, badErr) = await RunAsync(Env, clock, "simulate", "--reform", reform);
        Assert.Equal(2, bad);
        Assert.Contains("A99.9", badErr, StringComparison.Ordinal);
        Assert.Equal(2, (await RunAsync(Env, clock, "simulate", "--reform", reform, "--from", "2027-13-01")).Code);
        dir.Delete(true);
    }

    private static async Task StoreAsync(TableApplicationStore store, string uscc17, DateTimeOffset at)
    {
        var uscc = uscc17 + Uscc.CheckCharacter(uscc17);
        var id = ApplicationKeys.NewId(at);
        var on = ChinaCalendar.DateOf(at);
        var request = new EvaluationRequest("A02.1", on, new Applicant(ApplicantKind.Enterprise, uscc, null, true, false), new ProjectRef("P-1", null),
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(12_000_000m), ["nationalApproval"] = FactValue.Of(true) }, []);
        var application = new ApplicationRecord(id, uscc, "A02.1", "P-1", on, at, "applicant-1", request, "hash", ApplicationStatus.Eligible, 1);
        Assert.True(await store.TryCreateAsync(application, new AuditEntry(id, 1, at, "applicant-1", "submit", null)));
        await store.UpsertIndexAsync(new ApplicationSummary(id, uscc, "A02.1", at, ApplicationStatus.Eligible) { Version = 1 });
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(Func<string, string?> environment, TimeProvider clock, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await NeoBayCli.RunAsync(args, new StringReader(""), output, error, clock, environment);
        return (code, output.ToString(), error.ToString());
    }
}
