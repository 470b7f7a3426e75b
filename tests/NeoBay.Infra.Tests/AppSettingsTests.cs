using System.Text.Json;
using NeoBay.Infra.Tests.Support;

namespace NeoBay.Infra.Tests;

/// <summary>Issue 7 §3: every setting the app reads is deployed; none carries a key.</summary>
public class AppSettingsTests
{
    /// <summary>Settings of local.settings.sample.json that only make sense on a developer's machine.</summary>
    private static readonly Dictionary<string, string> LocalOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AzureWebJobsStorage"] = "Azurite connection string; Azure uses the identity-based AzureWebJobsStorage__* settings",
        ["FUNCTIONS_WORKER_RUNTIME"] = "set by functionAppConfig.runtime on Flex Consumption (which rejects the setting)",
        ["NeoBay__DevClock"] = "replaces the clock outside production only",
    };

    /// <summary>Whole sections that only the Kestrel local host (functions/NeoBay.LocalHost) reads: it never runs on Azure.</summary>
    private static readonly string[] LocalOnlyPrefixes = ["LocalHost__"];

    private readonly JsonElement _main = BicepCli.CompiledMain();

    private IReadOnlyDictionary<string, string> Settings =>
        ArmTemplate.LiteralAppSettings(ArmTemplate.Single(_main, "Microsoft.Web/sites"));

    [Fact]
    public void Every_setting_of_the_local_sample_except_local_only_ones_is_deployed()
    {
        // Read at test time: the sample grows as the app reads new settings.
        var sample = SampleSettingNames();
        var deployed = Settings;

        var missing = sample
            .Where(name => !LocalOnly.ContainsKey(name) && !LocalOnlyPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .Where(name => !deployed.ContainsKey(name))
            .ToList();

        Assert.True(missing.Count == 0,
            "Settings of local.settings.sample.json missing from the Function App (infra/modules/functionapp.bicep), "
            + "or add them to the local-only list of this test with a reason: " + string.Join(", ", missing));
        Assert.Contains("AzureWebJobsStorage", sample);
    }

    [Fact]
    public void Storage_is_reached_by_managed_identity_not_by_a_connection_string()
    {
        var settings = Settings;

        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("[parameters('identityClientId')]", settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal("[parameters('blobEndpoint')]", settings["AzureWebJobsStorage__blobServiceUri"]);
        Assert.Equal("[parameters('queueEndpoint')]", settings["AzureWebJobsStorage__queueServiceUri"]);
        Assert.Equal("[parameters('tableEndpoint')]", settings["AzureWebJobsStorage__tableServiceUri"]);
        // Issue 18 §9: beside the URIs (host start-up race), the account's name as the storage module reports it.
        Assert.Equal("[parameters('storageAccountName')]", settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal("[reference('storage').outputs.name.value]", ArmTemplate.Module(_main, "functionApp").ParameterValue("storageAccountName"));
    }

    [Fact]
    public void Production_settings_are_set()
    {
        var settings = Settings;

        Assert.Equal("Production", settings["NeoBay__Environment"]);
        Assert.Equal("[parameters('applicationInsightsConnectionString')]", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.DoesNotContain("NeoBay__DevClock", settings.Keys);
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("LocalHost__", StringComparison.Ordinal));
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys); // Flex: functionAppConfig.runtime
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);
        var main = _main.GetProperty("parameters");
        Assert.Equal(20971520, main.GetProperty("documentsMaxBytes").GetProperty("defaultValue").GetInt32());
        Assert.Equal("0 5 16 31 12 *", main.GetProperty("renewalsSchedule").GetProperty("defaultValue").GetString());
        Assert.Equal("", settings["NeoBay__Storage__TablePrefix"]);
        // Issue 18 §6: the timer binds %RenewalsSchedule% and nothing reads NeoBay:Renewals:Schedule: one setting.
        Assert.Equal("[parameters('renewalsSchedule')]", settings["RenewalsSchedule"]);
        Assert.DoesNotContain("NeoBay__Renewals__Schedule", settings.Keys);
        Assert.Equal(200, main.GetProperty("renewalsPageSize").GetProperty("defaultValue").GetInt32());
        Assert.Equal(8, main.GetProperty("renewalsParallelism").GetProperty("defaultValue").GetInt32());
        Assert.Equal(50, main.GetProperty("renewalsPagesPerMessage").GetProperty("defaultValue").GetInt32());
    }

    [Fact]
    public void Max_dequeue_count_lives_in_host_json_only()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Repo.Path("host.json")));
        Assert.Equal(5, host.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());

        // Issue 18 §6: no app setting, no template parameter, no sample value can disagree with host.json.
        Assert.DoesNotContain(Settings.Keys, k => k.Contains("maxDequeueCount", StringComparison.OrdinalIgnoreCase));
        Assert.False(_main.GetProperty("parameters").TryGetProperty("queueMaxDequeueCount", out _));
        Assert.DoesNotContain(SampleSettingNames(), k => k.Contains("maxDequeueCount", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Signing_key_is_a_key_vault_reference()
    {
        var value = Settings["NeoBay__Auth__SigningKey"];

        Assert.Equal("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('signingKeySecretUri'))]", value);
        Assert.Equal("[reference('keyVault').outputs.signingKeySecretUri.value]",
            ArmTemplate.Module(_main, "functionApp").ParameterValue("signingKeySecretUri"));
    }

    [Fact]
    public void Person_identity_key_is_a_key_vault_reference_to_its_own_secret()
    {
        // common.14: A11.2 identity numbers are compared only as an HMAC under this secret.
        var value = Settings["NeoBay__PersonIdentityHmacKey"];

        Assert.Equal("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('personIdentityKeySecretUri'))]", value);
        Assert.Equal("[reference('keyVault').outputs.personIdentityKeySecretUri.value]",
            ArmTemplate.Module(_main, "functionApp").ParameterValue("personIdentityKeySecretUri"));
    }

    [Fact]
    public void Previous_signing_key_is_a_key_vault_reference_to_its_own_secret()
    {
        var value = Settings["NeoBay__Auth__PreviousSigningKey"];

        // The secret exists only during a rotation window; the app reads the unresolved reference as "no previous key".
        Assert.Equal("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('previousSigningKeySecretUri'))]", value);
        Assert.Equal("[reference('keyVault').outputs.previousSigningKeySecretUri.value]",
            ArmTemplate.Module(_main, "functionApp").ParameterValue("previousSigningKeySecretUri"));
    }

    [Fact]
    public void No_setting_and_no_expression_of_the_template_carries_a_key_or_a_storage_connection_string()
    {
        var text = BicepCli.BuildMain().Stdout;
        string[] forbidden =
        [
            "AccountKey=", "listKeys(", "listkeys", "listAccountSas", "listServiceSas", "SharedAccessKey",
            "SharedAccessSignature", "DefaultEndpointsProtocol", "InstrumentationKey=", "primaryKey", "secondaryKey",
        ];

        var found = forbidden.Where(f => text.Contains(f, StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.True(found.Count == 0, "Compiled template contains: " + string.Join(", ", found));
        Assert.All(Settings, s => Assert.DoesNotContain("AccountKey", s.Value, StringComparison.OrdinalIgnoreCase));
    }

    // "NeoBay:Auth:Issuer" is deployed as "NeoBay__Auth__Issuer" (Linux app settings cannot hold ':').
    private static IReadOnlyList<string> SampleSettingNames()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Repo.Path("local.settings.sample.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return sample.RootElement.GetProperty("Values").EnumerateObject()
            .Select(p => p.Name.Replace(":", "__", StringComparison.Ordinal))
            .ToList();
    }
}
