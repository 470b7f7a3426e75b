using Azure.Storage.Blobs;
using NeoBay.Grants.Documents;

namespace NeoBay.Grants.Storage.Documents;

/// <summary>
/// The blob service and the SAS issuer that fits how the app reaches storage: a connection string with a key
/// (Azurite) → account-key SAS; <c>AzureWebJobsStorage__blobServiceUri</c> with a managed identity → user-delegation SAS.
/// </summary>
public static class DocumentStorageClients
{
    public static BlobServiceClient CreateBlobService(StorageSettings settings) =>
        settings.ConnectionString is { Length: > 0 } connection
            ? new BlobServiceClient(connection)
            : new BlobServiceClient(settings.BlobServiceUri ?? throw new InvalidOperationException(
                "Storage is not configured for documents: set AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__blobServiceUri."), StorageClients.Credential(settings));

    public static IDocumentSasIssuer CreateSasIssuer(BlobServiceClient service, string containerName, TimeProvider clock)
    {
        var container = service.GetBlobContainerClient(containerName);
        return container.CanGenerateSasUri
            ? new AccountKeySasIssuer(container, clock)
            : new UserDelegationSasIssuer(service, containerName, clock);
    }
}
