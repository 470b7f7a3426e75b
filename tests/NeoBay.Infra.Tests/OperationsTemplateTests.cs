using System.Text.Json;
using NeoBay.Infra.Tests.Support;

namespace NeoBay.Infra.Tests;

/// <summary>Issue 18: the deploy blockers (§9), the health check path (§2), Event Grid (§5) and the alerts (§1).</summary>
public class OperationsTemplateTests
{
    private static readonly string[] TwentyOneVianetRegions = ["chinaeast2", "chinaeast3", "chinanorth2", "chinanorth3"];

    private readonly JsonElement _main = BicepCli.CompiledMain();

    [Fact]
    public void Location_is_restricted_to_flex_regions_and_21Vianet_with_azd_location_metadata()
    {
        var location = _main.GetProperty("parameters").GetProperty("location");
        var allowed = location.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()!).ToList();
        var flex = _main.GetProperty("variables").GetProperty("flexConsumptionRegions").EnumerateArray().Select(v => v.GetString()!).ToList();

        Assert.Equal("location", location.GetProperty("metadata").GetProperty("azd").GetProperty("type").GetString());
        Assert.Equal(flex.Concat(TwentyOneVianetRegions), allowed);
        Assert.Contains("eastasia", flex);
        Assert.DoesNotContain(flex, TwentyOneVianetRegions.Contains);
        Assert.False(location.TryGetProperty("defaultValue", out _)); // a resource group's region may not offer Flex
    }

    [Fact]
    public void Flex_consumption_outside_its_regions_fails_before_anything_is_created()
    {
        var appLocation = _main.GetProperty("variables").GetProperty("appLocation").GetString()!;

        Assert.StartsWith("[if(or(not(equals(parameters('hostingPlan'), 'FlexConsumption')), contains(variables('flexConsumptionRegions'), parameters('location'))), parameters('location'), fail(", appLocation);
        Assert.Equal("[variables('appLocation')]", ArmTemplate.Module(_main, "functionApp").ParameterValue("location"));
    }

    [Fact]
    public void Health_check_path_is_readiness_on_elastic_premium_and_absent_on_flex()
    {
        var site = ArmTemplate.Single(_main, "Microsoft.Web/sites");

        Assert.Equal("[if(variables('isFlex'), null(), variables('healthCheckPath'))]",
            site.Properties.GetProperty("siteConfig").GetProperty("healthCheckPath").GetString());
        Assert.Equal("/api/health/ready", site.Module!.Variable("healthCheckPath").GetString());
    }

    [Fact]
    public void Event_grid_sends_blob_created_of_the_documents_container_to_the_webhook_with_the_key_from_key_vault()
    {
        var module = ArmTemplate.Module(_main, "eventGrid");
        var topic = ArmTemplate.Single(_main, "Microsoft.EventGrid/systemTopics");
        var subscription = ArmTemplate.Single(_main, "Microsoft.EventGrid/systemTopics/eventSubscriptions");
        var key = ArmTemplate.Single(_main, "Microsoft.Web/sites/host/functionKeys");
        var destination = subscription.Properties.GetProperty("destination");
        var filter = subscription.Properties.GetProperty("filter");

        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.Properties.GetProperty("topicType").GetString());
        Assert.Equal("WebHook", destination.GetProperty("endpointType").GetString());
        Assert.Equal("[format('https://{0}/api/events/documents?code={1}', parameters('functionAppHostName'), parameters('functionKey'))]",
            destination.GetProperty("properties").GetProperty("endpointUrl").GetString());
        Assert.Equal(["Microsoft.Storage.BlobCreated"], filter.GetProperty("includedEventTypes").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("[format('/blobServices/default/containers/{0}/blobs/', parameters('documentsContainerName'))]", filter.GetProperty("subjectBeginsWith").GetString());
        Assert.Equal("[variables('documentsContainerName')]", module.ParameterValue("documentsContainerName"));
        Assert.Equal("documents", _main.GetProperty("variables").GetProperty("documentsContainerName").GetString());

        // One key, from Key Vault, both as the app's function key and in the subscription's URL.
        var functionKey = module.Deployment.GetProperty("properties").GetProperty("parameters").GetProperty("functionKey").GetProperty("reference");
        Assert.Equal("[variables('eventGridFunctionKeySecretName')]", functionKey.GetProperty("secretName").GetString());
        Assert.Contains("Microsoft.KeyVault/vaults", functionKey.GetProperty("keyVault").GetProperty("id").GetString());
        Assert.Equal("[parameters('functionKey')]", key.Properties.GetProperty("value").GetString());
        Assert.Equal("securestring", module.Template.GetProperty("parameters").GetProperty("functionKey").GetProperty("type").GetString());
        Assert.Equal("[parameters('deployEventGridSubscription')]", module.Deployment.GetProperty("condition").GetString());
        Assert.True(ArmTemplate.Single(_main, "Microsoft.KeyVault/vaults").Properties.GetProperty("enabledForTemplateDeployment").GetBoolean());
        Assert.Equal("[not(empty(parameters('eventGridFunctionKey')))]",
            Assert.Single(ArmTemplate.OfType(_main, "Microsoft.KeyVault/vaults/secrets"), s => s.Body.GetProperty("name").GetString()!.Contains("eventGridFunctionKeySecretName", StringComparison.Ordinal))
                .Body.GetProperty("condition").GetString());
    }

    [Fact]
    public void Alerts_watch_poison_queues_the_5xx_rate_and_a_stalled_renewal_run()
    {
        var alerts = ArmTemplate.Single(_main, "Microsoft.Insights/scheduledQueryRules");
        var rules = alerts.Module!.Variable("rules").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("query").GetString()!);

        Assert.Equal(["poison-queue-not-empty", "http-5xx-rate", "renewal-run-stalled"], rules.Keys);
        Assert.Contains("-poison", rules["poison-queue-not-empty"]);
        Assert.Contains("toint(resultCode) >= 500", rules["http-5xx-rate"]);
        // The metric names the renewal functions emit (NeoBay.Functions/Telemetry/BusinessMetrics.cs).
        Assert.Contains("NeoBay.Renewal.ShardProgress", rules["renewal-run-stalled"]);
        Assert.Contains("NeoBay.Renewal.ShardDone", rules["renewal-run-stalled"]);
        Assert.Contains("Done < 16", rules["renewal-run-stalled"]);
        Assert.Contains("microsoft.insights/components", alerts.Properties.GetProperty("scopes")[0].GetString()!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Operations_doc_holds_the_queries_of_the_alerts()
    {
        var doc = File.ReadAllText(Repo.Path("docs", "operations.md"));
        var alerts = ArmTemplate.Single(_main, "Microsoft.Insights/scheduledQueryRules");

        foreach (var rule in alerts.Module!.Variable("rules").EnumerateArray())
        {
            Assert.Contains(rule.GetProperty("name").GetString()!, doc);
        }
    }
}
