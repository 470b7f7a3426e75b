using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace NeoBay.Grants.Storage;

/// <summary>One storage service's answer to the readiness probe: <c>ok</c>, or why not (never a message text: it may hold a URL).</summary>
public sealed record ServiceReadiness(string Service, bool Ok, string? Failure);

/// <summary>The readiness of the app's storage, with the instant it was checked.</summary>
public sealed record StorageReadinessReport(IReadOnlyList<ServiceReadiness> Services, DateTimeOffset CheckedAt)
{
    public bool Ready => Services.All(s => s.Ok);
}

public interface IStorageReadiness
{
    Task<StorageReadinessReport> CheckAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// One cheap call to each service (an answer, 404 included, is ready; a refusal, an error or silence is not) the app needs (a one-row table listing, a queue's properties, a container's
/// properties), all at once, each bounded by <see cref="CallTimeout"/>. The report is cached for
/// <see cref="CacheFor"/>, so a probe every second costs three storage calls per five seconds per instance.
/// </summary>
public sealed class StorageReadiness(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs, string tableName, string queueName, string containerName, TimeProvider clock)
    : IStorageReadiness
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim gate = new(1, 1);
    private StorageReadinessReport? cached;

    public async Task<StorageReadinessReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        if (Fresh(cached) is { } hit) return hit;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(cached) is { } raced) return raced;
            var checks = await Task.WhenAll(
                Probe("tables", async token =>
                {
                    await foreach (var _ in tables.QueryAsync(t => t.Name == tableName, maxPerPage: 1, cancellationToken: token).AsPages(pageSizeHint: 1)) break;
                }, cancellationToken),
                Probe("queues", token => queues.GetQueueClient(queueName).GetPropertiesAsync(token), cancellationToken),
                Probe("blobs", token => blobs.GetBlobContainerClient(containerName).GetPropertiesAsync(cancellationToken: token), cancellationToken));
            cached = new StorageReadinessReport(checks, clock.GetUtcNow());
            return cached;
        }
        finally
        {
            gate.Release();
        }
    }

    private StorageReadinessReport? Fresh(StorageReadinessReport? report) =>
        report is not null && clock.GetUtcNow() - report.CheckedAt < CacheFor ? report : null;

    private async Task<ServiceReadiness> Probe(string service, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        try
        {
            await call(timeout.Token);
            return new ServiceReadiness(service, true, null);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Storage answered and let us in; a missing queue or container is created on first use.
            return new ServiceReadiness(service, true, null);
        }
        catch (RequestFailedException e)
        {
            return new ServiceReadiness(service, false, e.Status == 0 ? "unreachable" : $"status {e.Status} {e.ErrorCode}".TrimEnd());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ServiceReadiness(service, false, $"no answer within {CallTimeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ServiceReadiness(service, false, e.GetType().Name);
        }
    }
}
