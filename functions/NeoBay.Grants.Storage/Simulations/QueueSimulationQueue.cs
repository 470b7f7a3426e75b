using Azure.Storage.Queues;
using NeoBay.Grants.Simulations;

namespace NeoBay.Grants.Storage.Simulations;

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
