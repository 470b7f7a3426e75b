using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;

namespace NeoBay.Grants.Storage;

/// <summary>
/// Where storage is: the <c>AzureWebJobsStorage</c> connection string (Azurite locally), or the
/// identity-based service URIs (<c>AzureWebJobsStorage__tableServiceUri</c>, <c>__queueServiceUri</c>,
/// <c>__credential=managedidentity</c>, <c>__clientId</c>) on Azure, where no key is in the settings.
/// </summary>
public sealed record StorageSettings(
    string? ConnectionString,
    Uri? TableServiceUri = null,
    Uri? QueueServiceUri = null,
    Uri? BlobServiceUri = null,
    string? ClientId = null,
    string TablePrefix = "");

public static class StorageClients
{
    /// <summary>Queue clients encode messages in base64, as the queue trigger expects (host.json messageEncoding).</summary>
    public static QueueClientOptions QueueOptions() => new() { MessageEncoding = QueueMessageEncoding.Base64 };

    /// <summary>The user-assigned identity of <c>__clientId</c>, or the default credential chain.</summary>
    public static TokenCredential Credential(StorageSettings settings) =>
        settings.ClientId is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
}

/// <summary>The tables of this feature, created once on first use (names: prefix + name).</summary>
public sealed class GrantsTables(TableServiceClient service, string prefix = "")
{
    public const string Applications = "applications";
    public const string ApplicationIndex = "applicationindex";
    public const string Idempotency = "idempotency";
    public const string Grants = "grants";
    public const string GrantIndex = "grantindex";
    public const string Identities = "identities";

    private readonly Lazy<Task> created = new(() => CreateAllAsync(service, prefix));

    /// <summary>The service and prefix, for the tables of other features on the same account (payments).</summary>
    public TableServiceClient Service => service;

    public string Prefix => prefix;

    public async Task<TableClient> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await created.Value.WaitAsync(cancellationToken);
        return service.GetTableClient(prefix + name);
    }

    private static async Task CreateAllAsync(TableServiceClient service, string prefix)
    {
        foreach (var name in new[] { Applications, ApplicationIndex, Idempotency, Grants, GrantIndex, Identities })
        {
            await service.GetTableClient(prefix + name).CreateIfNotExistsAsync();
        }
    }
}
