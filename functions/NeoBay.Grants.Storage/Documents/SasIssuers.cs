using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using NeoBay.Grants.Documents;

namespace NeoBay.Grants.Storage.Documents;

/// <summary>The clock SAS start and expiry are computed with: the real one in the app (storage checks SAS against real time).</summary>
public sealed record DocumentSasClock(TimeProvider Time);

/// <summary>What both issuers share: the SAS of one blob, create-only for uploads, read-only for downloads.</summary>
public static class DocumentSas
{
    /// <summary>Starts a little before now so a client clock a few minutes behind still accepts it.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Create only: the blob can be written once, never read, listed, overwritten or deleted with it (a
    /// verified document cannot be swapped afterwards). HTTPS only on Azure; Azurite serves HTTP.
    /// </summary>
    public static BlobSasBuilder Upload(string container, string blobName, DateTimeOffset now, DateTimeOffset expiresOn, bool httpsOnly) =>
        OneBlob(BlobSasPermissions.Create, container, blobName, now, expiresOn, httpsOnly);

    /// <summary>Read only; the response carries the declared type and an attachment disposition.</summary>
    public static BlobSasBuilder Read(string container, string blobName, DateTimeOffset now, DateTimeOffset expiresOn, string contentType, string fileName, bool httpsOnly)
    {
        var builder = OneBlob(BlobSasPermissions.Read, container, blobName, now, expiresOn, httpsOnly);
        builder.ContentType = contentType;
        builder.ContentDisposition = "attachment; filename*=UTF-8''" + Uri.EscapeDataString(fileName);
        return builder;
    }

    private static BlobSasBuilder OneBlob(BlobSasPermissions permissions, string container, string blobName, DateTimeOffset now, DateTimeOffset expiresOn, bool httpsOnly) =>
        new(permissions, expiresOn)
        {
            BlobContainerName = container,
            BlobName = blobName,
            Resource = "b",
            StartsOn = now - ClockSkew,
            Protocol = httpsOnly ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
}

/// <summary>Account-key SAS, where the connection string carries the key (Azurite, or an account with shared keys).</summary>
public sealed class AccountKeySasIssuer(BlobContainerClient container, TimeProvider clock) : IDocumentSasIssuer
{
    private readonly bool httpsOnly = container.Uri.Scheme == Uri.UriSchemeHttps;

    public Task<Uri> IssueUploadAsync(string blobName, DateTimeOffset expiresOn, CancellationToken cancellationToken = default) =>
        Task.FromResult(Sign(DocumentSas.Upload(container.Name, blobName, clock.GetUtcNow(), expiresOn, httpsOnly)));

    public Task<Uri> IssueReadAsync(string blobName, DateTimeOffset expiresOn, string contentType, string fileName, CancellationToken cancellationToken = default) =>
        Task.FromResult(Sign(DocumentSas.Read(container.Name, blobName, clock.GetUtcNow(), expiresOn, contentType, fileName, httpsOnly)));

    private Uri Sign(BlobSasBuilder builder)
    {
        var blob = container.GetBlobClient(builder.BlobName);
        if (!blob.CanGenerateSasUri) throw new InvalidOperationException("The blob client has no account key: use the user-delegation SAS issuer.");
        return blob.GenerateSasUri(builder);
    }
}

/// <summary>
/// User-delegation SAS, signed with a key the managed identity obtains from Entra ID (needs
/// <c>generateUserDelegationKey</c>, part of Storage Blob Data Owner/Contributor). The key is cached and
/// renewed an hour before it ends; each SAS ends before its key does.
/// </summary>
public sealed class UserDelegationSasIssuer(BlobServiceClient service, string containerName, TimeProvider clock) : IDocumentSasIssuer
{
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(6);
    public static readonly TimeSpan KeyRenewBefore = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim gate = new(1, 1);
    private UserDelegationKey? key;

    public async Task<Uri> IssueUploadAsync(string blobName, DateTimeOffset expiresOn, CancellationToken cancellationToken = default) =>
        await SignAsync(DocumentSas.Upload(containerName, blobName, clock.GetUtcNow(), expiresOn, httpsOnly: true), cancellationToken);

    public async Task<Uri> IssueReadAsync(string blobName, DateTimeOffset expiresOn, string contentType, string fileName, CancellationToken cancellationToken = default) =>
        await SignAsync(DocumentSas.Read(containerName, blobName, clock.GetUtcNow(), expiresOn, contentType, fileName, httpsOnly: true), cancellationToken);

    private async Task<Uri> SignAsync(BlobSasBuilder builder, CancellationToken cancellationToken)
    {
        var delegation = await KeyAsync(builder.ExpiresOn, cancellationToken);
        var uri = new BlobUriBuilder(service.GetBlobContainerClient(containerName).GetBlobClient(builder.BlobName).Uri)
        {
            Sas = builder.ToSasQueryParameters(delegation, service.AccountName),
        };
        return uri.ToUri();
    }

    private async Task<UserDelegationKey> KeyAsync(DateTimeOffset needUntil, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            if (key is null || key.SignedExpiresOn - KeyRenewBefore < needUntil || key.SignedStartsOn > now - DocumentSas.ClockSkew)
            {
                key = (await service.GetUserDelegationKeyAsync(now - DocumentSas.ClockSkew - TimeSpan.FromMinutes(1), now + KeyLifetime, cancellationToken)).Value;
            }

            return key;
        }
        finally
        {
            gate.Release();
        }
    }
}
