using Azure.Storage.Queues;
using NeoBay.Grants.Payments;

namespace NeoBay.Grants.Storage.Payments;

/// <summary>The <c>payments</c> queue (base64, as the queue trigger expects); message <c>{"startedBy":"…"}</c>.</summary>
public sealed class QueuePaymentRunQueue(QueueServiceClient service, string queueName = QueuePaymentRunQueue.QueueName) : IPaymentRunQueue
{
    public const string QueueName = "payments";

    private readonly Lazy<Task<QueueClient>> queue = new(async () =>
    {
        var client = service.GetQueueClient(queueName);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public async Task EnqueueAsync(string startedBy, CancellationToken cancellationToken = default)
    {
        var client = await queue.Value.WaitAsync(cancellationToken);
        await client.SendMessageAsync(Write(startedBy), cancellationToken);
    }

    public static string Write(string startedBy) => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["startedBy"] = startedBy });

    /// <summary>Who started the run, or null when the text is not such a message.</summary>
    public static string? Read(string text)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && doc.RootElement.TryGetProperty("startedBy", out var by) &&
                   by.GetString() is { Length: > 0 and <= 200 } who ? who : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
