using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NeoBay.Grants.Storage;

namespace NeoBay.Functions.Hosting;

/// <summary>
/// The table, queue and blob service clients through <c>Microsoft.Extensions.Azure</c>, from the <c>AzureWebJobsStorage</c>
/// settings the Functions host reads: a connection string (Azurite), or <c>__tableServiceUri</c>/<c>__queueServiceUri</c>/
/// <c>__blobServiceUri</c> with <c>__credential</c> (<c>managedidentity</c>), <c>__clientId</c> and the other credential
/// settings, so the worker authenticates exactly as the host's triggers do. Queue messages are base64 (host.json).
/// </summary>
public static class StorageClientRegistration
{
    public const string Section = "AzureWebJobsStorage";

    public static IServiceCollection AddNeoBayStorageClients(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAzureClients(clients =>
        {
            // Each service's circuit breaker (docs/security.md) sits in its clients' pipelines, after the SDK's retries.
            clients.AddTableServiceClient(ServiceSection(configuration, "tableServiceUri", "endpoint"))
                .ConfigureOptions((options, provider) => StorageCircuitBreakers.With(options, Breakers(provider)?.Tables));
            clients.AddQueueServiceClient(ServiceSection(configuration, "queueServiceUri", "serviceUri"))
                .ConfigureOptions((options, provider) =>
                {
                    options.MessageEncoding = StorageClients.QueueOptions().MessageEncoding;
                    StorageCircuitBreakers.With(options, Breakers(provider)?.Queues);
                });
            clients.AddBlobServiceClient(ServiceSection(configuration, "blobServiceUri", "serviceUri"))
                .ConfigureOptions((options, provider) => StorageCircuitBreakers.With(options, Breakers(provider)?.Blobs));
        });
        return services;
    }

    private static StorageCircuitBreakers? Breakers(IServiceProvider provider) => provider.GetService<StorageCircuitBreakers>();

    /// <summary>
    /// One service's view of the section, in the shape the client factory binds: <c>connectionString</c> when the
    /// setting is a connection string; else every credential setting of the section plus the service's URI under the
    /// name of the client constructor's parameter (tables: <c>endpoint</c>; queues and blobs: <c>serviceUri</c>).
    /// (The host itself accepts <c>__accountName</c> alone too; infra always sets the URIs beside it.)
    /// </summary>
    public static IConfiguration ServiceSection(IConfiguration configuration, string hostSetting, string constructorParameter)
    {
        var section = configuration.GetSection(Section);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            values["connectionString"] = section.Value;
        }
        else
        {
            foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true).Where(p => p.Value is not null)) values[key] = value;
            // Missing: the factory refuses when the client is first resolved (hosts that never use storage still start).
            if (section[hostSetting] is { Length: > 0 } uri) values[constructorParameter] = uri;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
