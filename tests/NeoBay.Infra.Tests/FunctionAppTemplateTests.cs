using System.Text.Json;
using NeoBay.Infra.Tests.Support;

namespace NeoBay.Infra.Tests;

/// <summary>Issue 7 §1/§2: Flex Consumption by default, a plan parameter for clouds without it, HTTPS and TLS 1.2.</summary>
public class FunctionAppTemplateTests
{
    private readonly JsonElement _main = BicepCli.CompiledMain();

    [Fact]
    public void Site_is_https_only_with_tls_1_2_and_no_ftp()
    {
        var site = ArmTemplate.Single(_main, "Microsoft.Web/sites");
        var config = site.Properties.GetProperty("siteConfig");

        Assert.Equal("functionapp,linux", site.Body.GetProperty("kind").GetString());
        Assert.True(site.Properties.GetProperty("httpsOnly").GetBoolean());
        Assert.Equal("1.2", config.GetProperty("minTlsVersion").GetString());
        Assert.Equal("1.2", config.GetProperty("scmMinTlsVersion").GetString());
        // Issue 18 §9: Flex Consumption has no FTPS (ARM error 51021): the setting is for the other plan only.
        Assert.Equal("[if(variables('isFlex'), null(), 'Disabled')]", config.GetProperty("ftpsState").GetString());
        var basicAuth = ArmTemplate.OfType(_main, "Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(2, basicAuth.Count);
        Assert.All(basicAuth, p => Assert.False(p.Properties.GetProperty("allow").GetBoolean()));
    }

    [Fact]
    public void Plan_parameter_defaults_to_flex_consumption_and_offers_elastic_premium_not_consumption()
    {
        var plan = _main.GetProperty("parameters").GetProperty("hostingPlan");

        Assert.Equal("FlexConsumption", plan.GetProperty("defaultValue").GetString());
        // Issue 18 §9: Linux Consumption cannot run .NET 10 (Flex, Elastic Premium and Dedicated only).
        Assert.Equal(
            ["FlexConsumption", "ElasticPremium"],
            plan.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()));
        var module = ArmTemplate.Module(_main, "functionApp");
        Assert.Equal("[parameters('hostingPlan')]", module.ParameterValue("hostingPlan"));
        var skus = module.Variable("planSkus");
        Assert.Equal("FC1", skus.GetProperty("FlexConsumption").GetProperty("name").GetString());
        Assert.Equal("EP1", skus.GetProperty("ElasticPremium").GetProperty("name").GetString());
        Assert.False(skus.TryGetProperty("Consumption", out _));
    }

    [Fact]
    public void Other_plans_name_their_runtime_and_run_from_the_package_blob_with_the_identity()
    {
        var site = ArmTemplate.Single(_main, "Microsoft.Web/sites");
        var extras = site.Module!.Variable("hostingSettings").GetString()!;
        var linuxFx = site.Properties.GetProperty("siteConfig").GetProperty("linuxFxVersion").GetString()!;

        // Flex gets none of these (it rejects them); Elastic Premium needs them.
        Assert.StartsWith("[if(variables('isFlex'), createArray(), createArray(", extras);
        Assert.Contains("'FUNCTIONS_EXTENSION_VERSION', 'value', '~4'", extras);
        Assert.Contains("'FUNCTIONS_WORKER_RUNTIME', 'value', 'dotnet-isolated'", extras);
        Assert.Contains("'WEBSITE_RUN_FROM_PACKAGE', 'value', format('{0}{1}/{2}', parameters('blobEndpoint')", extras);
        Assert.Contains("'WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID', 'value', parameters('identityId')", extras);
        Assert.DoesNotContain("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", extras); // would need an account key
        Assert.Equal("[if(variables('isFlex'), null(), format('DOTNET-ISOLATED|{0}', parameters('dotnetVersion')))]", linuxFx);
        Assert.Equal("[if(variables('isFlex'), variables('flexConfig'), null())]",
            site.Properties.GetProperty("functionAppConfig").GetString());
    }

    [Fact]
    public void Flex_config_runs_dotnet_isolated_10_and_deploys_from_the_container_with_the_user_assigned_identity()
    {
        var site = ArmTemplate.Single(_main, "Microsoft.Web/sites");
        var module = site.Module!;
        var flex = ArmTemplate.ResolveVariable(site, site.Properties.GetProperty("functionAppConfig"));

        Assert.Equal("dotnet-isolated", flex.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("[parameters('dotnetVersion')]", flex.GetProperty("runtime").GetProperty("version").GetString());
        Assert.Equal("10.0", module.ParameterValue("dotnetVersion"));
        var storage = flex.GetProperty("deployment").GetProperty("storage");
        Assert.Equal("blobContainer", storage.GetProperty("type").GetString());
        Assert.Equal("[format('{0}{1}', parameters('blobEndpoint'), parameters('deploymentContainerName'))]",
            storage.GetProperty("value").GetString());
        Assert.Equal("UserAssignedIdentity", storage.GetProperty("authentication").GetProperty("type").GetString());
        Assert.Equal("[parameters('identityId')]",
            storage.GetProperty("authentication").GetProperty("userAssignedIdentityResourceId").GetString());
    }

    [Fact]
    public void Site_runs_as_the_user_assigned_identity_and_resolves_key_vault_references_with_it()
    {
        var site = ArmTemplate.Single(_main, "Microsoft.Web/sites");
        var identity = site.Body.GetProperty("identity");

        Assert.Equal("UserAssigned", identity.GetProperty("type").GetString());
        var assigned = Assert.Single(identity.GetProperty("userAssignedIdentities").EnumerateObject());
        Assert.Contains("parameters('identityId')", assigned.Name);
        Assert.Equal("[parameters('identityId')]", site.Properties.GetProperty("keyVaultReferenceIdentity").GetString());
        Assert.Equal("[reference('identity').outputs.id.value]", site.Module!.ParameterValue("identityId"));
        Assert.Equal("[reference('identity').outputs.clientId.value]", site.Module.ParameterValue("identityClientId"));
    }

    [Fact]
    public void Storage_endpoints_come_from_the_account_never_from_a_written_host()
    {
        var module = ArmTemplate.Module(_main, "functionApp");

        Assert.Equal("[reference('storage').outputs.blobEndpoint.value]", module.ParameterValue("blobEndpoint"));
        Assert.Equal("[reference('storage').outputs.queueEndpoint.value]", module.ParameterValue("queueEndpoint"));
        Assert.Equal("[reference('storage').outputs.tableEndpoint.value]", module.ParameterValue("tableEndpoint"));
        var outputs = ArmTemplate.Module(_main, "storage").Template.GetProperty("outputs");
        Assert.Contains("primaryEndpoints.blob", outputs.GetProperty("blobEndpoint").GetProperty("value").GetString());
        Assert.Contains("primaryEndpoints.queue", outputs.GetProperty("queueEndpoint").GetProperty("value").GetString());
        Assert.Contains("primaryEndpoints.table", outputs.GetProperty("tableEndpoint").GetProperty("value").GetString());
    }

    [Fact]
    public void Application_insights_sends_to_a_log_analytics_workspace()
    {
        var insights = ArmTemplate.Single(_main, "Microsoft.Insights/components");
        ArmTemplate.Single(_main, "Microsoft.OperationalInsights/workspaces");

        Assert.Contains("Microsoft.OperationalInsights/workspaces",
            insights.Properties.GetProperty("WorkspaceResourceId").GetString());
        Assert.Equal("[reference('monitoring').outputs.applicationInsightsConnectionString.value]",
            ArmTemplate.Module(_main, "functionApp").ParameterValue("applicationInsightsConnectionString"));
    }

    [Fact]
    public void Key_vault_uses_rbac_and_holds_the_signing_key_secret()
    {
        var vault = ArmTemplate.Single(_main, "Microsoft.KeyVault/vaults");
        var secret = Secret("signingKeySecretName");

        Assert.True(vault.Properties.GetProperty("enableRbacAuthorization").GetBoolean());
        Assert.True(vault.Properties.GetProperty("enableSoftDelete").GetBoolean());
        Assert.Equal("[parameters('signingKey')]", secret.Properties.GetProperty("value").GetString());
        Assert.Equal("securestring", vault.Module!.Template.GetProperty("parameters").GetProperty("signingKey").GetProperty("type").GetString());
        Assert.Equal("securestring", _main.GetProperty("parameters").GetProperty("signingKey").GetProperty("type").GetString());
        Assert.Equal("NeoBay--Auth--SigningKey", _main.GetProperty("variables").GetProperty("signingKeySecretName").GetString());
        Assert.Equal("[variables('signingKeySecretName')]", vault.Module.ParameterValue("signingKeySecretName"));
        // Versionless URI built from the vault's own vaultUri: a new version is picked up without a redeploy.
        Assert.Equal("[format('{0}secrets/{1}', reference('vault').vaultUri, parameters('signingKeySecretName'))]",
            vault.Module.Template.GetProperty("outputs").GetProperty("signingKeySecretUri").GetProperty("value").GetString());
    }

    [Fact]
    public void Previous_signing_key_secret_exists_only_when_a_value_is_passed_and_is_referenced_versionless()
    {
        var vault = ArmTemplate.Single(_main, "Microsoft.KeyVault/vaults");
        var secret = Secret("previousSigningKeySecretName");
        var current = Secret("signingKeySecretName");

        Assert.Equal(5, ArmTemplate.OfType(_main, "Microsoft.KeyVault/vaults/secrets").Count); // signing key, previous key, person identity key, Event Grid function key, WeChat AppSecret
        Assert.Equal("[not(empty(parameters('previousSigningKey')))]", secret.Body.GetProperty("condition").GetString());
        Assert.Equal("[not(empty(parameters('signingKey')))]", current.Body.GetProperty("condition").GetString());
        Assert.Equal("[parameters('previousSigningKey')]", secret.Properties.GetProperty("value").GetString());
        Assert.Equal("securestring", vault.Module!.Template.GetProperty("parameters").GetProperty("previousSigningKey").GetProperty("type").GetString());
        var main = _main.GetProperty("parameters").GetProperty("previousSigningKey");
        Assert.Equal("securestring", main.GetProperty("type").GetString());
        Assert.Equal("", main.GetProperty("defaultValue").GetString());
        Assert.Equal("NeoBay--Auth--PreviousSigningKey", _main.GetProperty("variables").GetProperty("previousSigningKeySecretName").GetString());
        Assert.Equal("[variables('previousSigningKeySecretName')]", vault.Module.ParameterValue("previousSigningKeySecretName"));
        Assert.Equal("[format('{0}secrets/{1}', reference('vault').vaultUri, parameters('previousSigningKeySecretName'))]",
            vault.Module.Template.GetProperty("outputs").GetProperty("previousSigningKeySecretUri").GetProperty("value").GetString());
    }

    private ArmResource Secret(string secretNameParameter) =>
        Assert.Single(ArmTemplate.OfType(_main, "Microsoft.KeyVault/vaults/secrets"),
            s => s.Body.GetProperty("name").GetString()!.Contains($"parameters('{secretNameParameter}')", StringComparison.Ordinal));
}
