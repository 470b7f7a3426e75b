using System.Text.Json;
using Azure.Storage.Queues;
using NeoBay.Grants.UseCases;

namespace NeoBay.Grants.Storage;

/// <summary>The <c>applications-evaluate</c> queue; messages are base64 (<see cref="StorageClients.QueueOptions"/>).</summary>
public sealed class QueueEvaluationQueue(QueueServiceClient service, string queueName = QueueEvaluationQueue.QueueName) : IEvaluationQueue
{
    public const string QueueName = "applications-evaluate";

    private readonly Lazy<Task<QueueClient>> queue = new(async () =>
    {
        var client = service.GetQueueClient(queueName);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public async Task EnqueueAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var client = await queue.Value.WaitAsync(cancellationToken);
        await client.SendMessageAsync(EvaluationMessage.Write(applicationId), cancellationToken);
    }
}

/// <summary>The evaluation message: <c>{"applicationId":"…"}</c>.</summary>
public static class EvaluationMessage
{
    public static string Write(string applicationId) => JsonSerializer.Serialize(new { applicationId });

    /// <summary>The application id, or null when the message is not ours.</summary>
    public static string? Read(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object &&
                   doc.RootElement.TryGetProperty("applicationId", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
