using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Queues;
using NeoBay.Grants.Notifications;

namespace NeoBay.Grants.Storage.Notifications;

/// <summary>Queue <c>profiles-rematch</c> (base64 messages, as the queue trigger reads them); also publishes grant events.</summary>
public sealed class QueueRematchQueue(QueueServiceClient service, string queueName = QueueRematchQueue.QueueName) : IRematchQueue, IGrantEvents
{
    public const string QueueName = "profiles-rematch";

    private readonly Lazy<Task<QueueClient>> queue = new(async () =>
    {
        var client = service.GetQueueClient(queueName);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public async Task EnqueueAsync(RematchMessage message, CancellationToken cancellationToken = default) =>
        await (await queue.Value.WaitAsync(cancellationToken)).SendMessageAsync(message.ToJson(), cancellationToken);

    public Task PublishAsync(GrantEvent grantEvent, CancellationToken cancellationToken = default) =>
        EnqueueAsync(new RematchMessage(grantEvent.Uscc, grantEvent), cancellationToken);
}

/// <summary>Queue <c>notifications-send</c>.</summary>
public sealed class QueueNotificationDeliveryQueue(QueueServiceClient service, string queueName = QueueNotificationDeliveryQueue.QueueName) : INotificationDeliveryQueue
{
    public const string QueueName = "notifications-send";

    private readonly Lazy<Task<QueueClient>> queue = new(async () =>
    {
        var client = service.GetQueueClient(queueName);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public async Task EnqueueAsync(string uscc, string id, CancellationToken cancellationToken = default) =>
        await (await queue.Value.WaitAsync(cancellationToken)).SendMessageAsync(new DeliveryMessage(uscc, id).ToJson(), cancellationToken);
}
