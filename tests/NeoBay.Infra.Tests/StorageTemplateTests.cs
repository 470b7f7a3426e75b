using System.Text.Json;
using System.Text.RegularExpressions;
using NeoBay.Infra.Tests.Support;

namespace NeoBay.Infra.Tests;

/// <summary>Issue 7 §1/§3: one keyless storage account with the app's tables, queues and containers.</summary>
public class StorageTemplateTests
{
    private readonly JsonElement _main = BicepCli.CompiledMain();

    [Fact]
    public void Storage_account_refuses_shared_keys_plain_http_old_tls_and_public_blobs()
    {
        var account = ArmTemplate.Single(_main, "Microsoft.Storage/storageAccounts").Properties;

        Assert.False(account.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.True(account.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
        Assert.Equal("TLS1_2", account.GetProperty("minimumTlsVersion").GetString());
        Assert.False(account.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.True(account.GetProperty("defaultToOAuthAuthentication").GetBoolean());
    }

    [Fact]
    public void Queues_are_the_agreed_ones_with_their_poison_queues()
    {
        var queues = StringArrayPassedTo("storage", "queueNames");

        Assert.Equal(
            ["applications-evaluate", "applications-evaluate-poison", "notifications-send", "notifications-send-poison", "payments", "payments-poison",
             "profiles-rematch", "profiles-rematch-poison", "renewals", "renewals-poison", "simulations", "simulations-poison"],
            queues.Order(StringComparer.Ordinal));
        Assert.Single(ArmTemplate.OfType(_main, "Microsoft.Storage/storageAccounts/queueServices/queues"));
    }

    [Fact]
    public void Containers_are_documents_and_the_flex_deployment_container_both_private()
    {
        var containers = StringArrayPassedTo("storage", "containerNames");
        var deployment = ArmTemplate.Module(_main, "functionApp").ParameterValue("deploymentContainerName");

        Assert.Contains("documents", containers);
        Assert.Equal(2, containers.Count);
        Assert.Contains(MainVariableOrLiteral(deployment), containers);
        Assert.DoesNotContain(MainVariableOrLiteral(deployment), new[] { "documents" });
        var container = Assert.Single(ArmTemplate.OfType(_main, "Microsoft.Storage/storageAccounts/blobServices/containers"));
        Assert.Equal("None", container.Properties.GetProperty("publicAccess").GetString());
    }

    [Fact]
    public void Tables_are_exactly_those_of_the_storage_design()
    {
        var tables = _main.GetProperty("parameters").GetProperty("tableNames").GetProperty("defaultValue")
            .EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal("[parameters('tableNames')]", ArmTemplate.Module(_main, "storage").ParameterValue("tableNames"));
        Assert.All(tables, t => Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,62}$", t));

        var designed = TablesOfStorageDesign();
        Assert.Equal(designed.Distinct().Order(StringComparer.Ordinal), tables.Order(StringComparer.Ordinal));
    }

    // docs/storage.md, "## Tables": the first column of each row, in backticks.
    private static IReadOnlyList<string> TablesOfStorageDesign()
    {
        var path = Repo.Path("docs", "storage.md");
        var text = File.ReadAllText(path);
        var start = text.IndexOf("## Tables", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/storage.md has no '## Tables' section.");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];
        var names = Regex.Matches(section, @"^\|\s*`([a-z][a-z0-9]*)`\s*\|", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(names);
        return names;
    }

    private List<string> StringArrayPassedTo(string module, string parameter)
    {
        var value = ArmTemplate.Module(_main, module).ParameterValue(parameter);
        var variable = Regex.Match(value, @"^\[variables\('(\w+)'\)\]$");
        JsonElement array;
        if (variable.Success)
        {
            array = _main.GetProperty("variables").GetProperty(variable.Groups[1].Value);
        }
        else
        {
            array = ArmTemplate.Module(_main, module).Deployment.GetProperty("properties").GetProperty("parameters")
                .GetProperty(parameter).GetProperty("value");
        }

        Assert.Equal(JsonValueKind.Array, array.ValueKind);
        return array.EnumerateArray().Select(e => MainVariableOrLiteral(e.GetString()!)).ToList();
    }

    // "[variables('documentsContainerName')]" → the variable's literal value; a literal stays as it is.
    private string MainVariableOrLiteral(string value)
    {
        var variable = Regex.Match(value, @"^\[variables\('(\w+)'\)\]$");
        return variable.Success ? _main.GetProperty("variables").GetProperty(variable.Groups[1].Value).GetString()! : value;
    }
}
