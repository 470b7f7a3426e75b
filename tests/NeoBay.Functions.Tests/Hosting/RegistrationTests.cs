using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NeoBay.Functions.Hosting;
using NeoBay.Functions.Http;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Evaluation;
using NeoBay.Grants.Ledger;

namespace NeoBay.Functions.Tests.Hosting;

public sealed class RegistrationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Identity_based_storage_settings_are_read_when_there_is_no_connection_string()
    {
        var settings = ServiceCollectionExtensions.StorageSettingsFrom(Config(
            ("AzureWebJobsStorage:tableServiceUri", "https://neobay.table.core.windows.net"),
            ("AzureWebJobsStorage:queueServiceUri", "https://neobay.queue.core.windows.net"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001")));

        Assert.Null(settings.ConnectionString);
        Assert.Equal("https://neobay.table.core.windows.net/", settings.TableServiceUri!.ToString());
        Assert.Equal("00000000-0000-0000-0000-000000000001", settings.ClientId);
    }

    [Fact]
    public void Production_refuses_a_missing_or_development_signing_key()
    {
        Assert.Throws<InvalidOperationException>(() => ServiceCollectionExtensions.AuthSettingsFrom(Config(), production: true));
        Assert.Throws<InvalidOperationException>(() => ServiceCollectionExtensions.AuthSettingsFrom(Config(("NeoBay:Auth:SigningKey", DevelopmentTokens.SigningKey)), production: true));
        Assert.Equal(DevelopmentTokens.SigningKey, ServiceCollectionExtensions.AuthSettingsFrom(Config(), production: false).SigningKey);
    }

    [Fact]
    public void The_app_resolves_its_functions_and_middleware_and_the_dev_clock_starts_at_the_configured_instant()
    {
        var services = new ServiceCollection().AddLogging().AddNeoBayFunctionApp(Config(
            ("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("NeoBay:DevClock", "2029-07-10T15:59:00Z")));
        using var provider = services.BuildServiceProvider();

        using var scope = provider.CreateScope();
        Assert.IsType<ApplicationsFunctions>(scope.ServiceProvider.GetRequiredService<ApplicationsFunctions>());
        // Telemetry wraps the use cases (issue 18 §1): metrics and log scopes around evaluation and decisions.
        Assert.IsType<NeoBay.Functions.Telemetry.ObservedEvaluationUseCase>(provider.GetRequiredService<IEvaluationUseCase>());
        Assert.IsType<NeoBay.Functions.Telemetry.ObservedApplicationUseCases>(provider.GetRequiredService<IApplicationUseCases>());
        Assert.IsType<NeoBay.Functions.Telemetry.ObservedReviewUseCases>(provider.GetRequiredService<IReviewUseCases>());
        Assert.IsType<NeoBay.Grants.Decisions.DecisionService>(provider.GetRequiredService<IGrantQueries>());
        Assert.All(FunctionApp.Middleware, type => Assert.IsType(type, provider.GetRequiredService(type)));
        var now = provider.GetRequiredService<TimeProvider>().GetUtcNow();
        Assert.InRange(now, new DateTimeOffset(2029, 7, 10, 15, 59, 0, TimeSpan.Zero), new DateTimeOffset(2029, 7, 10, 16, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Production_requires_the_person_identity_secret_and_uses_it()
    {
        // common.14: A11.2 identity numbers are hashed under NeoBay:PersonIdentityHmacKey; no random key in production.
        var without = new ServiceCollection().AddNeoBayFunctionApp(Config(("NeoBay:Environment", "Production"),
            ("NeoBay:Auth:SigningKey", Convert.ToBase64String(new byte[32]))));
        using (var provider = without.BuildServiceProvider())
            Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<NeoBay.Policy.PersonIdentity>());

        var secret = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var with = new ServiceCollection().AddNeoBayFunctionApp(Config(("NeoBay:Environment", "Production"),
            ("NeoBay:Auth:SigningKey", Convert.ToBase64String(new byte[32])), (NeoBay.Policy.PersonIdentity.SecretSetting, Convert.ToBase64String(secret))));
        using var configured = with.BuildServiceProvider();
        Assert.Equal(new NeoBay.Policy.PersonIdentity(secret).KeyOf(NeoBay.Policy.PersonIdType.Resident, "11010519491231002X", null),
            configured.GetRequiredService<NeoBay.Policy.PersonIdentity>().KeyOf(NeoBay.Policy.PersonIdType.Resident, "11010519491231002X", null));
    }

    [Fact]
    public void Production_ignores_the_dev_clock()
    {
        var services = new ServiceCollection().AddNeoBayFunctionApp(Config(("NeoBay:Environment", "Production"),
            ("NeoBay:Auth:SigningKey", Convert.ToBase64String(new byte[32])), ("NeoBay:DevClock", "2000-01-01T00:00:00Z")));
        using var provider = services.BuildServiceProvider();

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }
}

/// <summary>Issue 18 §7: storage clients come from Microsoft.Extensions.Azure, reading AzureWebJobsStorage as the host does.</summary>
public sealed class StorageClientRegistrationTests
{
    private static ServiceProvider Provider(params (string Key, string Value)[] values) =>
        new ServiceCollection().AddNeoBayStorageClients(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build()).BuildServiceProvider();

    [Fact]
    public void Identity_based_settings_give_token_clients_at_the_configured_uris()
    {
        using var provider = Provider(
            ("AzureWebJobsStorage:tableServiceUri", "https://neobay.table.core.chinacloudapi.cn"),
            ("AzureWebJobsStorage:queueServiceUri", "https://neobay.queue.core.chinacloudapi.cn"),
            ("AzureWebJobsStorage:blobServiceUri", "https://neobay.blob.core.chinacloudapi.cn"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001"));

        var tables = provider.GetRequiredService<Azure.Data.Tables.TableServiceClient>();
        var queues = provider.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>();
        var blobs = provider.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>();

        Assert.Equal("https://neobay.table.core.chinacloudapi.cn/", tables.Uri.ToString());
        Assert.Equal("https://neobay.queue.core.chinacloudapi.cn/", queues.Uri.ToString());
        Assert.Equal("https://neobay.blob.core.chinacloudapi.cn/", blobs.Uri.ToString());
        // A token credential, no key: neither can sign a SAS (the user-delegation issuer is chosen for documents).
        Assert.False(queues.CanGenerateAccountSasUri);
        Assert.False(blobs.CanGenerateAccountSasUri);
        Assert.Equal("neobay", tables.AccountName);
    }

    [Fact]
    public void A_connection_string_gives_key_clients_and_base64_queue_messages()
    {
        using var provider = Provider(("AzureWebJobsStorage", "UseDevelopmentStorage=true"));

        var queues = provider.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>();
        var blobs = provider.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>();

        Assert.Equal("devstoreaccount1", queues.AccountName);
        Assert.True(blobs.CanGenerateAccountSasUri);
        Assert.Equal(Azure.Storage.Queues.QueueMessageEncoding.Base64,
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Azure.Storage.Queues.QueueClientOptions>>().Get("Default").MessageEncoding);
    }
}
