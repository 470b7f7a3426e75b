using NeoBay.Infra.Tests.Support;

namespace NeoBay.Infra.Tests;

/// <summary>Issue 14: the Bicep as written gives the app everything real sign-ins need (WeChat, Entra ID), secrets by Key Vault reference.</summary>
public class SignInSettingsTests
{
    private readonly System.Text.Json.JsonElement _main = BicepCli.CompiledMain();

    private IReadOnlyDictionary<string, string> Settings => ArmTemplate.LiteralAppSettings(ArmTemplate.Single(_main, "Microsoft.Web/sites"));

    [Fact]
    public void The_WeChat_AppSecret_is_a_key_vault_reference_to_its_own_secret_and_the_AppId_and_base_URL_are_parameters()
    {
        Assert.Equal("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('wechatAppSecretUri'))]", Settings["NeoBay__WeChat__AppSecret"]);
        Assert.Equal("[reference('keyVault').outputs.wechatAppSecretUri.value]", ArmTemplate.Module(_main, "functionApp").ParameterValue("wechatAppSecretUri"));
        Assert.Equal("[parameters('wechatAppId')]", Settings["NeoBay__WeChat__AppId"]);
        Assert.Equal("[parameters('wechatBaseUrl')]", Settings["NeoBay__WeChat__BaseUrl"]);
        var parameters = _main.GetProperty("parameters");
        Assert.Equal("https://api.weixin.qq.com", parameters.GetProperty("wechatBaseUrl").GetProperty("defaultValue").GetString());
        Assert.Equal("securestring", parameters.GetProperty("wechatAppSecret").GetProperty("type").GetString());
    }

    [Fact]
    public void The_Entra_authority_comes_from_the_cloud_and_tenant_of_the_deployment_and_is_set_only_with_an_audience()
    {
        var passed = ArmTemplate.Module(_main, "functionApp").Deployment.GetProperty("properties").GetProperty("parameters").GetProperty("entraAuthority").ToString();
        var authority = _main.GetProperty("variables").GetProperty("entraAuthority").GetString()!;

        // environment() names login.microsoftonline.com, or login.chinacloudapi.cn on Azure operated by 21Vianet: no host is written.
        Assert.Contains("environment().authentication.loginEndpoint", authority);
        Assert.Contains("tenant().tenantId", authority);
        Assert.Contains("/v2.0", authority);
        Assert.Contains("empty(parameters('entraAudience'))", passed);
        Assert.Contains("variables('entraAuthority')", passed);
        Assert.Equal("[parameters('entraAuthority')]", Settings["NeoBay__Auth__Entra__Authority"]);
        Assert.Equal("[parameters('entraAudience')]", Settings["NeoBay__Auth__Entra__Audience"]);
    }

    [Fact]
    public void The_token_lifetime_cap_is_deployed_with_its_24_hour_default()
    {
        Assert.Equal("[string(parameters('maxTokenLifetimeHours'))]", Settings["NeoBay__Auth__MaxTokenLifetimeHours"]);
        Assert.Equal(24, _main.GetProperty("parameters").GetProperty("maxTokenLifetimeHours").GetProperty("defaultValue").GetInt32());
    }
}
