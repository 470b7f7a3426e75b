using System.Text.Json;
using NeoBay.Infra.Tests.Support;

namespace NeoBay.Infra.Tests;

/// <summary>Issue 7 §3: the template and its parameter files compile offline with no warning at all.</summary>
public class BicepBuildTests
{
    [Fact]
    public void Main_template_builds_without_any_diagnostic()
    {
        var result = BicepCli.BuildMain();

        result.AssertClean("build infra/main.bicep");
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(
            "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            doc.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void Main_template_uses_no_registry_module()
    {
        // CI has no network: br:/ts: references would need a registry.
        var sources = Directory.EnumerateFiles(Repo.Path("infra"), "*.bicep", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("'br:", StringComparison.Ordinal) ||
                        File.ReadAllText(f).Contains("'br/", StringComparison.Ordinal) ||
                        File.ReadAllText(f).Contains("'ts:", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(sources);
    }

    [Theory]
    [InlineData("main.dev.bicepparam", "neobay-dev", "Standard_LRS", false)]
    [InlineData("main.prod.bicepparam", "neobay-prod", "Standard_ZRS", true)]
    public void Parameter_files_build_without_any_diagnostic(string file, string environment, string storageSku, bool purgeProtection)
    {
        var result = BicepCli.BuildParams(file);

        result.AssertClean($"build-params infra/{file}");
        using var outer = JsonDocument.Parse(result.Stdout);
        using var parameters = JsonDocument.Parse(outer.RootElement.GetProperty("parametersJson").GetString()!);
        var values = parameters.RootElement.GetProperty("parameters");
        Assert.Equal(environment, values.GetProperty("environmentName").GetProperty("value").GetString());
        Assert.Equal("FlexConsumption", values.GetProperty("hostingPlan").GetProperty("value").GetString());
        Assert.Equal(storageSku, values.GetProperty("storageSku").GetProperty("value").GetString());
        Assert.Equal(purgeProtection, values.GetProperty("keyVaultPurgeProtection").GetProperty("value").GetBoolean());
        // The key comes from NEOBAY_SIGNING_KEY at deployment time; none is written in a file.
        Assert.Equal("", values.GetProperty("signingKey").GetProperty("value").GetString());
        Assert.Equal("", values.GetProperty("previousSigningKey").GetProperty("value").GetString());
        Assert.Equal("", values.GetProperty("personIdentityKey").GetProperty("value").GetString());
    }

    [Fact]
    public void Azd_parameters_name_only_parameters_of_the_template()
    {
        var main = BicepCli.CompiledMain();
        var declared = main.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet();
        using var azd = JsonDocument.Parse(File.ReadAllText(Repo.Path("infra", "main.parameters.json")));

        var given = azd.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("environmentName", given);
        Assert.Contains("signingKey", given);
        Assert.Contains("previousSigningKey", given);
        Assert.All(given, name => Assert.Contains(name, declared));
    }

    [Fact]
    public void Azure_yaml_deploys_the_functions_project_as_service_api()
    {
        var yaml = File.ReadAllLines(Repo.Path("azure.yaml")).Select(l => l.Trim()).ToList();

        Assert.Contains("api:", yaml);
        Assert.Contains("project: functions/NeoBay.Functions", yaml);
        Assert.Contains("language: dotnet", yaml);
        Assert.Contains("host: function", yaml);
        Assert.True(Directory.Exists(Repo.Path("functions", "NeoBay.Functions")));
    }

    [Fact]
    public void Linter_keeps_every_rule_at_warning_or_above_except_the_two_documented_ones()
    {
        using var config = JsonDocument.Parse(
            File.ReadAllText(Repo.Path("infra", "bicepconfig.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var core = config.RootElement.GetProperty("analyzers").GetProperty("core");
        Assert.True(core.GetProperty("enabled").GetBoolean());

        var rules = core.GetProperty("rules").EnumerateObject()
            .ToDictionary(r => r.Name, r => r.Value.GetProperty("level").GetString());
        var off = rules.Where(r => r.Value == "off").Select(r => r.Key).Order().ToList();

        // Date-dependent (would turn red by itself) and network-dependent (no registry in CI).
        Assert.Equal(["use-recent-api-versions", "use-recent-module-versions"], off);
        Assert.All(rules.Values, level => Assert.Contains(level, new[] { "warning", "error", "off" }));
        Assert.Equal("error", rules["no-hardcoded-env-urls"]);
        Assert.Equal("error", rules["outputs-should-not-contain-secrets"]);
        Assert.True(rules.Count >= 40, $"Only {rules.Count} rules are listed.");
    }
}
