using Microsoft.Extensions.Configuration;
using NeoBay.Grants.Auth;

namespace NeoBay.Functions.Tests.Auth;

/// <summary>NeoBay:Auth:PreviousSigningKey as the app reads it (key rotation window, docs/deploy.md).</summary>
public sealed class AuthSettingsRotationTests
{
    private static readonly string CurrentKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string PreviousKey = Convert.ToBase64String(Enumerable.Range(50, 32).Select(i => (byte)i).ToArray());

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Production_refuses_the_development_key_as_previous_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServiceCollectionExtensions.AuthSettingsFrom(Config(
            ("NeoBay:Auth:SigningKey", CurrentKey), ("NeoBay:Auth:PreviousSigningKey", DevelopmentTokens.SigningKey)), production: true));

        Assert.Contains("NeoBay:Auth:PreviousSigningKey", error.Message);
    }

    [Fact]
    public void Production_reads_a_real_previous_key_and_development_may_keep_the_development_key_as_previous()
    {
        var production = ServiceCollectionExtensions.AuthSettingsFrom(Config(
            ("NeoBay:Auth:SigningKey", CurrentKey), ("NeoBay:Auth:PreviousSigningKey", PreviousKey)), production: true);
        var development = ServiceCollectionExtensions.AuthSettingsFrom(Config(
            ("NeoBay:Auth:SigningKey", CurrentKey), ("NeoBay:Auth:PreviousSigningKey", DevelopmentTokens.SigningKey)), production: false);

        Assert.Equal((CurrentKey, PreviousKey), (production.SigningKey, production.PreviousSigningKey));
        Assert.Equal(2, production.ValidationKeyBytes().Count);
        Assert.Equal(DevelopmentTokens.SigningKey, development.PreviousSigningKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv-neobay.vault.example/secrets/NeoBay--Auth--PreviousSigningKey)")]
    public void An_empty_setting_or_an_unresolved_key_vault_reference_means_no_previous_key(string configured)
    {
        // On Azure the setting always references the secret, which exists only during a rotation window.
        var settings = ServiceCollectionExtensions.AuthSettingsFrom(Config(
            ("NeoBay:Auth:SigningKey", CurrentKey), ("NeoBay:Auth:PreviousSigningKey", configured)), production: true);

        Assert.Null(settings.PreviousSigningKey);
        Assert.Single(settings.ValidationKeyBytes());
    }
}
