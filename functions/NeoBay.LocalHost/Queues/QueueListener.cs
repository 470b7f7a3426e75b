using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using NeoBay.LocalHost.Configuration;
using NeoBay.LocalHost.Discovery;

namespace NeoBay.LocalHost.Queues;

/// <summary>
/// Polls one queue as the Functions host's queue listener does: batches of <c>batchSize</c>, a new batch when no more
/// than <c>newBatchThreshold</c> are still running, exponential back-off up to <c>maxPollingInterval</c> while idle.
/// A message is deleted after success; after a failure it reappears after <c>visibilityTimeout</c>; after the
/// <c>maxDequeueCount</c>-th failure (or when it cannot be decoded) it moves to <c>{queue}-poison</c>. At least once.
/// While a function runs, its message's visibility is renewed every half <see cref="RunningVisibility"/> (by the host's
/// clock), as the host does, so a long run is never delivered a second time meanwhile.
/// </summary>
internal sealed class QueueListener
{
    /// <summary>
    /// How long a received message stays hidden while its function runs, renewed at half. Shorter than the Functions host's
    /// 10 minutes so a message whose receipt was lost (storage went away mid-receive, the host crashed) reappears within
    /// seconds (docs/security.md).
    /// </summary>
    internal static readonly TimeSpan RunningVisibility = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly FunctionDescriptor function;
    private readonly LocalFunctionRuntime runtime;
    private readonly ILogger logger;
    private readonly QueueSettings settings;
    private readonly ConcurrentDictionary<Task, byte> running = new();
    private readonly SemaphoreSlim finished = new(0);
    private QueueClient queue = null!;
    private QueueClient poison = null!;
    private int inFlight;
    private bool poisonCreated;

    public QueueListener(FunctionDescriptor function, LocalFunctionRuntime runtime, ILogger logger)
    {
        this.function = function;
        this.runtime = runtime;
        this.logger = logger;
        settings = runtime.HostSettings.Queues;
    }

    public string QueueName { get; private set; } = string.Empty;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            Connect();
            await CreateQueueAsync(stoppingToken);
            await PollAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception error) when (error is InvalidOperationException or FormatException or ArgumentException)
        {
            logger.LogError("Queue function '{Function}' cannot listen: {Error}", function.Name, error.Message);
            return;
        }

        await Task.WhenAll(running.Keys);
    }

    private void Connect()
    {
        QueueName = runtime.QueueNameFor(function);
        var connectionName = function.Queue!.Connection;
        var connection = runtime.Configuration[connectionName] ?? runtime.Configuration["AzureWebJobs" + connectionName];
        if (string.IsNullOrWhiteSpace(connection))
            throw new InvalidOperationException($"the connection setting '{connectionName}' is not configured (a storage connection string; the local host does not use identity-based connections)");
        // Raw text in and out: the listener decodes per host.json and copies poison messages unchanged.
        var service = new QueueServiceClient(connection, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        queue = service.GetQueueClient(QueueName);
        poison = service.GetQueueClient(QueueName + "-poison");
    }

    private async Task CreateQueueAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                logger.LogInformation("Queue function '{Function}' listens on queue '{Queue}' at {Endpoint}", function.Name, QueueName, queue.Uri.GetLeftPart(UriPartial.Authority));
                return;
            }
            catch (Exception error) when (error is RequestFailedException or AggregateException or HttpRequestException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Queue '{Queue}' is not reachable yet ({Error}); retrying in {Delay}s", QueueName, error.Message, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var idle = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (Volatile.Read(ref inFlight) > settings.NewBatchThreshold)
            {
                await finished.WaitAsync(stoppingToken);
                continue;
            }

            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, RunningVisibility, stoppingToken)).Value;
            }
            catch (Exception error) when (IsStorageFault(error) && !stoppingToken.IsCancellationRequested)
            {
                // Storage is away (the SDK's retries are spent): keep listening, back off, never let the listener die.
                logger.LogWarning("Receiving from '{Queue}' failed: {Error}", QueueName, error.Message);
                messages = [];
            }

            if (messages.Length == 0)
            {
                idle = idle == TimeSpan.Zero ? MinimumPollingInterval : TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, settings.MaxPollingInterval.Ticks));
                await Task.Delay(idle, stoppingToken);
                continue;
            }

            idle = TimeSpan.Zero;
            foreach (var message in messages)
            {
                Interlocked.Increment(ref inFlight);
                var task = Task.Run(() => ProcessAsync(message, stoppingToken), CancellationToken.None);
                running.TryAdd(task, 0);
                _ = task.ContinueWith(done =>
                {
                    running.TryRemove(done, out _);
                    Interlocked.Decrement(ref inFlight);
                    finished.Release();
                }, TaskScheduler.Default);
            }
        }
    }

    internal async Task ProcessAsync(QueueMessage received, CancellationToken stoppingToken)
    {
        try
        {
            if (!TryDecode(received, out var body))
            {
                logger.LogWarning("Message {MessageId} on '{Queue}' is not valid base64 (host.json messageEncoding is base64); moving it to '{Poison}' without running it",
                    received.MessageId, QueueName, poison.Name);
                await MoveToPoisonAsync(received);
                return;
            }

            if (received.DequeueCount > settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(received);
                return;
            }

            var message = QueuesModelFactory.QueueMessage(received.MessageId, received.PopReceipt, body, received.DequeueCount, received.NextVisibleOn, received.InsertedOn, received.ExpiresOn);
            var lease = new MessageLease(received.PopReceipt);
            using var running = new CancellationTokenSource();
            var renewal = RenewVisibilityAsync(received.MessageId, lease, running.Token);
            try
            {
                await runtime.RunAsync(function, message, LocalFunctionRuntime.QueueBindingData(message), $"New queue message detected on '{QueueName}'.",
                    stoppingToken, retryCount: (int)received.DequeueCount - 1, maxRetryCount: settings.MaxDequeueCount - 1);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: hand the message back at once; this attempt does not count as a failure of the function.
                await StopRenewingAsync(running, renewal);
                await queue.UpdateMessageAsync(received.MessageId, lease.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
                return;
            }
            catch (Exception)
            {
                // The invoker logged it.
                await StopRenewingAsync(running, renewal);
                if (received.DequeueCount >= settings.MaxDequeueCount)
                {
                    await MoveToPoisonAsync(received, lease.PopReceipt);
                }
                else
                {
                    await ReleaseAsync(received.MessageId, lease.PopReceipt, stoppingToken);
                }

                return;
            }

            await StopRenewingAsync(running, renewal);
            await queue.DeleteMessageAsync(received.MessageId, lease.PopReceipt, CancellationToken.None);
        }
        catch (Exception error) when (IsStorageFault(error))
        {
            // The message was received again elsewhere (its pop receipt changed) or the queue went away: it stays at least once.
            logger.LogWarning("Settling message {MessageId} on '{Queue}' failed: {Error}", received.MessageId, QueueName, error.Message);
        }
    }

    private bool TryDecode(QueueMessage received, out BinaryData body)
    {
        if (settings.MessageEncoding == QueueMessageEncodingSetting.None)
        {
            body = received.Body;
            return true;
        }

        try
        {
            body = BinaryData.FromBytes(Convert.FromBase64String(received.MessageText));
            return true;
        }
        catch (FormatException)
        {
            body = BinaryData.Empty;
            return false;
        }
    }

    /// <summary>The pop receipt of a message being processed: each visibility renewal replaces it.</summary>
    private sealed class MessageLease(string popReceipt)
    {
        public string PopReceipt { get; set; } = popReceipt;
    }

    /// <summary>Every half <see cref="RunningVisibility"/>: hide the message for another <see cref="RunningVisibility"/>.</summary>
    private async Task RenewVisibilityAsync(string messageId, MessageLease lease, CancellationToken running)
    {
        try
        {
            while (true)
            {
                await Task.Delay(RunningVisibility / 2, runtime.Timers, running);
                // Not cancelled midway: a renewal that happened must be known, or the message would be settled with a stale receipt.
                var renewed = await queue.UpdateMessageAsync(messageId, lease.PopReceipt, visibilityTimeout: RunningVisibility, cancellationToken: CancellationToken.None);
                lease.PopReceipt = renewed.Value.PopReceipt;
                logger.LogInformation("Renewed the visibility of message {MessageId} on '{Queue}' until {NextVisibleOn:O}", messageId, QueueName, renewed.Value.NextVisibleOn);
            }
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
            // The function finished.
        }
        catch (Exception error) when (IsStorageFault(error))
        {
            logger.LogWarning("Renewing the visibility of message {MessageId} on '{Queue}' failed: {Error}", messageId, QueueName, error.Message);
        }
    }

    /// <summary>
    /// Hands a failed message back after host.json's <c>visibilityTimeout</c>. When storage is away (the failure was
    /// probably that), the update is retried until it lands or <see cref="RunningVisibility"/> has passed (then the
    /// message reappears by itself), so a message failed by an outage runs again seconds after storage returns.
    /// </summary>
    private async Task ReleaseAsync(string messageId, string popReceipt, CancellationToken stoppingToken)
    {
        var giveUp = runtime.Timers.GetUtcNow() + RunningVisibility;
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await queue.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
                return;
            }
            catch (Exception error) when (IsStorageFault(error) && error is not RequestFailedException { Status: >= 400 and < 500 }
                                          && runtime.Timers.GetUtcNow() + delay < giveUp && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Handing message {MessageId} back to '{Queue}' failed ({Error}); retrying in {Delay}s", messageId, QueueName, error.Message, delay.TotalSeconds);
                await Task.Delay(delay, runtime.Timers, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 8));
            }
        }
    }

    private static bool IsStorageFault(Exception error) => error is RequestFailedException or AggregateException or HttpRequestException or IOException;

    private static async Task StopRenewingAsync(CancellationTokenSource running, Task renewal)
    {
        await running.CancelAsync();
        await renewal;
    }

    private Task MoveToPoisonAsync(QueueMessage received) => MoveToPoisonAsync(received, received.PopReceipt);

    private async Task MoveToPoisonAsync(QueueMessage received, string popReceipt)
    {
        if (!poisonCreated)
        {
            await poison.CreateIfNotExistsAsync();
            poisonCreated = true;
        }

        logger.LogWarning("Message {MessageId} has reached MaxDequeueCount of {Max}. Moving message to queue '{Poison}'.", received.MessageId, settings.MaxDequeueCount, poison.Name);
        await poison.SendMessageAsync(received.MessageText);
        await queue.DeleteMessageAsync(received.MessageId, popReceipt);
    }
}
