using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace NeoBay.Cli.Tests;

/// <summary>`neobay match`: the profile, figures by hand (NeoBay.Policy.Tests' ProfileMatcherTests).</summary>
public sealed class MatchCommandTests
{
    private const string Profile = """
        { "submittedOn": "2026-03-01",
          "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "name": "示例科技", "inZone": true, "isSme": true },
          "facts": { "totalInvestment": 12000000, "nationalApproval": true, "computingCost": 800000 } }
        """;

    private static async Task<(int Exit, string Out, string Err)> MatchAsync(string stdin, params string[] extra)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await NeoBayCli.RunAsync(["match", .. extra], new StringReader(stdin), output, error, new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero)));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_profile_file_gives_items_and_the_summary()
    {
        var path = Path.Combine(Path.GetTempPath(), $"profile-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, Profile);
        try
        {
            var (exit, output, _) = await MatchAsync("", "--file", path);
            Assert.Equal(0, exit);
            using var result = JsonDocument.Parse(output);
            Assert.Equal("25940000.00", result.RootElement.GetProperty("summary").GetProperty("eligibleAmount").GetRawText());
            Assert.Equal("A07.2", result.RootElement.GetProperty("items")[0].GetProperty("measure").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_declared_history_counts_and_not_json_exits_2()
    {
        var withHistory = Profile.Replace("\"facts\"", "\"history\": [ { \"measure\": \"A08.1\", \"tier\": \"unicorn\", \"amount\": 4000000 } ], \"facts\"", StringComparison.Ordinal);
        var (_, output, _) = await MatchAsync(withHistory, "--en");
        using var result = JsonDocument.Parse(output);
        var a081 = result.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("measure").GetString() == "A08.1");
        Assert.Equal("ineligible", a081.GetProperty("status").GetString());
        Assert.Contains("already received", a081.GetProperty("reasons")[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        Assert.Equal(2, (await MatchAsync("{ not json")).Exit);
        var (exit, invalid, _) = await MatchAsync("""{ "applicant": { "kind": "robot", "uscc": "91330100799655058B" } }""");
        Assert.Equal(0, exit);
        Assert.Equal("InvalidKind", JsonDocument.Parse(invalid).RootElement.GetProperty("error").GetProperty("code").GetString());
    }
}
