using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Grants.Evaluation;
using NeoBay.Grants.Storage.Evaluation;

namespace NeoBay.Functions.Queues;

/// <summary>How many deliveries the queue trigger makes before the poison queue (host.json <c>maxDequeueCount</c>).</summary>
public sealed record EvaluationQueueOptions(int MaxDequeueCount = EvaluationQueueOptions.DefaultMaxDequeueCount)
{
    public const int DefaultMaxDequeueCount = 5;

    /// <summary>
    /// host.json's <c>extensions.queues.maxDequeueCount</c>, the one place it is set: the file the worker runs beside
    /// (copied to the build output and deployed in the package), as the host reads it. Absent → the host's default.
    /// </summary>
    public static EvaluationQueueOptions FromHostJson(string path)
    {
        if (!File.Exists(path)) return new();
        using var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path),
            new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return host.RootElement.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("queues", out var queues)
            && queues.TryGetProperty("maxDequeueCount", out var max) && max.TryGetInt32(out var value) && value > 0
            ? new(value)
            : new();
    }
}

/// <summary>
/// Evaluates one application per message. Delivery is at least once; the use case is idempotent. On the last
/// delivery a failure marks the application <c>evaluationFailed</c> and is rethrown, so the message moves to
/// <c>applications-evaluate-poison</c> and stays there for inspection.
/// </summary>
public sealed class EvaluateApplicationFunction(IEvaluationUseCase evaluation, EvaluationQueueOptions options, ILogger<EvaluateApplicationFunction> logger)
{
    [Function(nameof(EvaluateApplication))]
    public async Task EvaluateApplication(
        [QueueTrigger(QueueEvaluationQueue.QueueName, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
    {
        var id = EvaluationMessage.Read(message.Body.ToString());
        if (id is null)
        {
            logger.LogWarning("Message {MessageId} is not an evaluation request; dropped", message.MessageId);
            return;
        }

        try
        {
            await evaluation.EvaluateAsync(id, cancellationToken);
            logger.LogInformation("Application {Id} evaluated (delivery {Count})", id, message.DequeueCount);
        }
        catch (Exception e) when (message.DequeueCount >= options.MaxDequeueCount)
        {
            logger.LogError(e, "Application {Id} failed its last evaluation attempt ({Count}); marked evaluationFailed", id, message.DequeueCount);
            await evaluation.MarkEvaluationFailedAsync(id, e.GetType().Name + ": " + e.Message, CancellationToken.None);
            throw;
        }
    }
}
