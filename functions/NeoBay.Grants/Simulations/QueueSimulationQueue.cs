using Azure.Storage.Queues;

namespace NeoBay.Grants.Simulations;

/// <summary>The <c>simulations</c> queue (base64, as the queue trigger expects); message <c>{"id":"…"}</c>.</summary>
public sealed class QueueSimulationQueue(QueueServiceClient service, string queueName = QueueSimulationQueue.QueueName) : ISimulationQueue
{
    public const string QueueName = "simulations";

    private readonly Lazy<Task<QueueClient>> queue = new(async () =>
    {
        var client = service.GetQueueClient(queueName);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public async Task EnqueueAsync(string id, CancellationToken cancellationToken = default)
    {
        var client = await queue.Value.WaitAsync(cancellationToken);
        await client.SendMessageAsync(Write(id), cancellationToken);
    }

    public static string Write(string id) => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = id });

    /// <summary>The job id, or null when the text is not such a message.</summary>
    public static string? Read(string text)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && doc.RootElement.TryGetProperty("id", out var id) &&
                   id.ValueKind == System.Text.Json.JsonValueKind.String && SimulationIds.IsValid(id.GetString()) ? id.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>Job ids: 32 lower-case hex digits, random, or derived from the caller and an <c>Idempotency-Key</c>.</summary>
public static class SimulationIds
{
    public static string New() => Guid.NewGuid().ToString("N");

    public static string For(string caller, string idempotencyKey) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(caller + "\n" + idempotencyKey)))[..32];

    public static bool IsValid(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}
