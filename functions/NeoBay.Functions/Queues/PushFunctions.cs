using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Grants.Notifications;
using NeoBay.Grants.Storage.Notifications;
using NeoBay.Policy;

namespace NeoBay.Functions.Queues;

/// <summary>
/// Push (issue 15). Queue <c>profiles-rematch</c>: re-match an applicant (profile saved, application or grant event) or a page
/// of every profile (catalog change). Timer (setting <c>PushSchedule</c>, NCRONTAB in UTC; default <c>0 5 16 * * *</c> = 00:05
/// CST daily): queues the catalog re-match when an edition takes effect that day. Queue <c>notifications-send</c>: delivers one
/// notification; the last failed attempt marks it <c>failed</c> and the message goes to <c>notifications-send-poison</c>.
/// Logs name applicants by USCC and notifications by id, never a WeChat identity.
/// </summary>
public sealed class PushFunctions(IPushUseCases push, INotificationSender sender, EvaluationQueueOptions queueOptions, TimeProvider clock, ILogger<PushFunctions> logger)
{
    public const string ScheduleSetting = "PushSchedule";
    public const string DefaultSchedule = "0 5 16 * * *";

    [Function(nameof(RematchProfiles))]
    public async Task RematchProfiles([QueueTrigger(QueueRematchQueue.QueueName, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
    {
        if (RematchMessage.Read(message.Body.ToString()) is not { } rematch)
        {
            logger.LogWarning("Message {MessageId} is not a re-match; dropped", message.MessageId);
            return;
        }

        var recorded = await push.HandleAsync(rematch, message.DequeueCount > 1, cancellationToken);
        logger.LogInformation("Re-match of {Target} recorded {Count} notifications (delivery {Delivery})",
            rematch.CatalogDay is { } day ? $"the catalog of {day:yyyy-MM-dd}" : rematch.Uscc, recorded, message.DequeueCount);
    }

    [Function(nameof(StartCatalogRematch))]
    public async Task StartCatalogRematch([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var today = ChinaCalendar.Today(clock);
        var started = await push.StartCatalogChangeAsync(today, cancellationToken);
        logger.LogInformation(started ? "A catalog edition takes effect on {Day}: every profile queued for re-matching" : "No catalog edition takes effect on {Day}", today);
    }

    [Function(nameof(SendNotification))]
    public async Task SendNotification([QueueTrigger(QueueNotificationDeliveryQueue.QueueName, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
    {
        if (DeliveryMessage.Read(message.Body.ToString()) is not { } delivery)
        {
            logger.LogWarning("Message {MessageId} is not a notification delivery; dropped", message.MessageId);
            return;
        }

        try
        {
            var state = await sender.SendAsync(delivery.Uscc, delivery.Id, cancellationToken);
            logger.LogInformation("Notification {Id} of {Uscc}: {State}", delivery.Id, delivery.Uscc, state ?? "not found");
        }
        catch (Exception e) when (message.DequeueCount >= queueOptions.MaxDequeueCount)
        {
            logger.LogError("Notification {Id} of {Uscc} failed its last delivery attempt ({Count}): {Error}; marked failed", delivery.Id, delivery.Uscc, message.DequeueCount, e.GetType().Name);
            await sender.MarkFailedAsync(delivery.Uscc, delivery.Id, e.GetType().Name + ": " + e.Message, CancellationToken.None);
            throw;
        }
    }
}
