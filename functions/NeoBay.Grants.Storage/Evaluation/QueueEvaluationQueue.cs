using System.Text.Json;
using Azure.Storage.Queues;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Evaluation;

namespace NeoBay.Grants.Storage.Evaluation;

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
