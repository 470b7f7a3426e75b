using System.Buffers;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using NeoBay.Grants.Documents;

namespace NeoBay.Grants.Storage.Documents;

/// <summary>The document blobs in one container (created on first use, private).</summary>
public sealed class BlobDocumentStorage(BlobContainerClient container) : IDocumentBlobs
{
    private const int ChunkBytes = 81920;
    private readonly Lazy<Task> created = new(() => container.CreateIfNotExistsAsync(PublicAccessType.None));

    public BlobContainerClient Container => container;

    public Task EnsureContainerAsync(CancellationToken cancellationToken = default) => created.Value.WaitAsync(cancellationToken);

    public async Task<BlobClient> BlobAsync(string blobName, CancellationToken cancellationToken = default)
    {
        await created.Value.WaitAsync(cancellationToken);
        return container.GetBlobClient(blobName);
    }

    public async Task<BlobInspection?> InspectAsync(string blobName, long maxBytes, int headLength, CancellationToken cancellationToken = default)
    {
        var blob = await BlobAsync(blobName, cancellationToken);
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }

        var etag = properties.ETag.ToString();
        if (properties.ContentLength > maxBytes) return new BlobInspection(properties.ContentLength, etag, [], null);

        // One streamed read, pinned to the ETag just seen: hash, count and keep the first bytes as they pass.
        var download = await blob.DownloadStreamingAsync(new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = new byte[headLength];
        var headCount = 0;
        long total = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            await using var stream = download.Value.Content;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, ChunkBytes), cancellationToken)) > 0)
            {
                if (headCount < headLength)
                {
                    var take = Math.Min(read, headLength - headCount);
                    Array.Copy(buffer, 0, head, headCount, take);
                    headCount += take;
                }

                total += read;
                if (total > maxBytes) return new BlobInspection(total, etag, head[..headCount], null);
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new BlobInspection(total, etag, head[..headCount], Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public async Task<byte[]> ReadRangeAsync(string blobName, long offset, int length, string etag, CancellationToken cancellationToken = default)
    {
        if (length == 0) return [];
        var blob = await BlobAsync(blobName, cancellationToken);
        var content = await blob.DownloadContentAsync(new BlobDownloadOptions
        {
            Range = new HttpRange(offset, length),
            Conditions = new BlobRequestConditions { IfMatch = new ETag(etag) },
        }, cancellationToken);
        return content.Value.Content.ToArray();
    }

    public async Task<string?> GetETagAsync(string blobName, CancellationToken cancellationToken = default)
    {
        var blob = await BlobAsync(blobName, cancellationToken);
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string blobName, CancellationToken cancellationToken = default)
    {
        var blob = await BlobAsync(blobName, cancellationToken);
        await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
    }
}
