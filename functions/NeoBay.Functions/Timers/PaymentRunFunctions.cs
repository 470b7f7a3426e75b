using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Storage.Payments;

namespace NeoBay.Functions.Timers;

/// <summary>
/// The payment run. The timer (setting <c>PaymentsSchedule</c>, NCRONTAB in UTC; default <c>0 0 1 1 * *</c> = 09:00 CST
/// on the 1st of each month) and <c>POST /api/admin/payments/runs</c> queue a message; the queue function carries out
/// (or resumes) the day's run. Both are thin: <see cref="PaymentRunService"/> does the work.
/// </summary>
public sealed class PaymentRunFunctions(IPaymentRunUseCases runs, IPaymentRunQueue queue, ILogger<PaymentRunFunctions> logger)
{
    /// <summary>The app setting holding the schedule (a flat name, as <c>RenewalsSchedule</c>).</summary>
    public const string ScheduleSetting = "PaymentsSchedule";
    public const string DefaultSchedule = "0 0 1 1 * *";

    [Function(nameof(StartScheduledPaymentRun))]
    public async Task StartScheduledPaymentRun([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await runs.StartAsync("timer", cancellationToken);
        await queue.EnqueueAsync("timer", cancellationToken);
        logger.LogInformation("Payment run {RunId} started by the timer", report.RunId);
    }

    [Function(nameof(RunPayments))]
    public async Task RunPayments([QueueTrigger(QueuePaymentRunQueue.QueueName, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
    {
        if (QueuePaymentRunQueue.Read(message.Body.ToString()) is not { } startedBy)
        {
            logger.LogWarning("Message {MessageId} is not a payment run; dropped", message.MessageId);
            return;
        }

        var report = await runs.RunAsync(startedBy, cancellationToken);
        logger.LogInformation("Payment run {RunId} {Status}: {Batches} batches, {Lines} lines, {Total} fen",
            report.RunId, report.Status, report.Batches.Count, report.Batches.Sum(b => b.Lines), report.Batches.Sum(b => b.TotalFen));
    }
}
