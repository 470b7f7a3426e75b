using Microsoft.Extensions.Configuration;
using NeoBay.LocalHost.Configuration;
using NeoBay.LocalHost.Storage;
using NeoBay.LocalHost.Tests.TestApp;
using NeoBay.Testing;

namespace NeoBay.LocalHost.Tests;

public sealed class ConfigurationTests
{
    private const string RealAccount = "DefaultEndpointsProtocol=https;AccountName=neobayprod;AccountKey=AAAA;EndpointSuffix=core.windows.net";

    [Theory]
    [InlineData("UseDevelopmentStorage=true", true)]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=k;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;", true)]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=k;BlobEndpoint=http://localhost:5/a;QueueEndpoint=http://127.0.0.1:6/a;", true)]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=k;BlobEndpoint=http://localhost:5/a;QueueEndpoint=https://x.queue.core.windows.net;", false)]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=k", false)]
    [InlineData(RealAccount, false)]
    public void Only_loopback_endpoints_or_development_storage_count_as_the_emulator(string connectionString, bool emulator) =>
        Assert.Equal(emulator, StorageGuard.IsEmulator(connectionString));

    [Fact]
    public void The_host_refuses_a_production_account_and_an_identity_based_service_uri()
    {
        var refused = Assert.Throws<ProductionStorageRefusedException>(() => Build(new() { ["AzureWebJobsStorage"] = RealAccount }));
        var identity = Assert.Throws<ProductionStorageRefusedException>(() => Build(new() { ["AzureWebJobsStorage:queueServiceUri"] = "https://neobay.queue.core.windows.net" }));

        Assert.Contains("account 'neobayprod'", refused.Message);
        Assert.Contains("--allow-production-storage", refused.Message);
        Assert.Contains("queueServiceUri", identity.Message);
    }

    [Fact]
    public async Task The_host_starts_against_production_storage_only_when_told_explicitly()
    {
        await using var app = Build(new() { ["AzureWebJobsStorage"] = RealAccount }, ["--allow-production-storage"]);

        Assert.NotNull(app);
    }

    [Fact]
    public void The_repository_host_json_is_read_with_its_queue_settings()
    {
        var settings = HostJsonSettings.Load(Path.Combine(Azurite.RepositoryRoot(), "host.json"));

        Assert.Equal("api", settings.RoutePrefix);
        Assert.Equal(new QueueSettings
        {
            BatchSize = 16, NewBatchThreshold = 8, MaxDequeueCount = 5, VisibilityTimeout = TimeSpan.FromSeconds(5),
            MaxPollingInterval = TimeSpan.FromSeconds(2), MessageEncoding = QueueMessageEncodingSetting.Base64,
        }, settings.Queues);
    }

    [Fact]
    public void Host_json_settings_are_overridden_by_AzureFunctionsJobHost_settings_and_default_as_the_host_does()
    {
        var overrides = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:queues:batchSize"] = "4",
            ["AzureFunctionsJobHost:extensions:queues:messageEncoding"] = "none",
        }).Build();

        var overridden = HostJsonSettings.Load(Path.Combine(Azurite.RepositoryRoot(), "host.json"), overrides);
        var defaults = HostJsonSettings.Load(hostJsonPath: null);

        Assert.Equal(4, overridden.Queues.BatchSize);
        Assert.Equal(QueueMessageEncodingSetting.None, overridden.Queues.MessageEncoding);
        Assert.Equal(5, overridden.Queues.MaxDequeueCount);
        Assert.Equal(new QueueSettings(), defaults.Queues);
        Assert.Equal(TimeSpan.FromMinutes(1), defaults.Queues.MaxPollingInterval);
        Assert.Equal(TimeSpan.Zero, defaults.Queues.VisibilityTimeout);
    }

    [Fact]
    public void Local_settings_values_come_first_then_environment_then_command_line()
    {
        var root = Directory.CreateTempSubdirectory("neobay-settings-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "local.settings.sample.json"), """{"Values": {"A": "sample", "B": "sample"}}""");
            File.WriteAllText(Path.Combine(root, "local.settings.json"), """
                { "IsEncrypted": false, "Values": { "A": "local", "B": "local", "NeoBay__Auth__Issuer": "dev", "C": "local" }, "Host": { "LocalHttpPort": 7099 } }
                """);
            Environment.SetEnvironmentVariable("NEOBAY_LOCALHOST_TEST_B", null);

            var configuration = LocalSettings.Build(root, ["--C=cli", "--allow-production-storage"]);

            Assert.Equal("local", configuration["A"]);
            Assert.Equal("dev", configuration["NeoBay:Auth:Issuer"]);
            Assert.Equal("cli", configuration["C"]);
            Assert.Equal("http://localhost:7099", LocalHostSettings.Urls(configuration));
            Assert.True(LocalHostSettings.Flag(configuration, LocalHostSettings.AllowProductionStorageKey));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("UseDevelopmentStorage=true", true)]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=k;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;", true)]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=k;QueueEndpoint=http://127.0.0.1:41001/devstoreaccount1;", false)]
    public void Azurite_is_started_only_for_the_default_emulator(string? connectionString, bool start) =>
        Assert.Equal(start, AzuriteLauncher.UsesDefaultEmulator(connectionString));

    private static Microsoft.AspNetCore.Builder.WebApplication Build(Dictionary<string, string?> settings, string[]? args = null)
    {
        settings["LocalHost:Urls"] = "http://127.0.0.1:0";
        return LocalFunctionHost.Build(new LocalHostOptions
        {
            FunctionAssembly = typeof(TestFunctions).Assembly,
            ContentRoot = Path.GetTempPath(),
            Settings = settings,
            Args = args ?? [],
        });
    }
}
