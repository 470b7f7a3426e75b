using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Storage.Renewals;
using NeoBay.Policy;

namespace NeoBay.Functions.Timers;

/// <summary>How much of a shard one queue message processes before it re-queues the rest (function time limit).</summary>
public sealed record RenewalQueueOptions(int PagesPerMessage = RenewalQueueOptions.DefaultPagesPerMessage)
{
    public const int DefaultPagesPerMessage = 50;
}

/// <summary>
/// The yearly run. The timer (setting <c>RenewalsSchedule</c>, NCRONTAB in UTC; default <c>0 5 16 31 12 *</c> =
/// 00:05 on 1 January CST) records the run of the fiscal year that has just begun and queues one message per shard;
/// each message renews its shard from the saved progress. Both are thin: <see cref="RenewalService"/> does the work.
/// </summary>
public sealed class RenewalRunFunctions(IRenewalRunUseCases renewals, IRenewalQueue queue, RenewalQueueOptions options, TimeProvider clock, ILogger<RenewalRunFunctions> logger,
    Telemetry.BusinessMetrics? metrics = null)
{
    /// <summary>The app setting holding the schedule (a flat name: the Functions host resolves %…% against app settings).</summary>
    public const string ScheduleSetting = "RenewalsSchedule";
    public const string DefaultSchedule = "0 5 16 31 12 *";

    [Function(nameof(StartYearlyRenewal))]
    public async Task StartYearlyRenewal([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var fiscalYear = ChinaCalendar.FiscalYearOf(clock.GetUtcNow());
        using var _ = Telemetry.LogScopes.Run(logger, fiscalYear);
        var result = await renewals.StartAsync("timer", fiscalYear, cancellationToken);
        if (!result.IsSuccess)
        {
            logger.LogError("Renewal run {FiscalYear} not started: {Code}", fiscalYear, result.Error!.Code);
            return;
        }

        logger.LogInformation("Renewal run {FiscalYear} started: {Done}/16 shards already done", fiscalYear, result.Value!.ShardsDone);
    }

    [Function(nameof(RenewShard))]
    public async Task RenewShard([QueueTrigger(QueueRenewalQueue.QueueName, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
    {
        if (RenewalMessage.Read(message.Body.ToString()) is not { } work)
        {
            logger.LogWarning("Message {MessageId} is not a renewal shard; dropped", message.MessageId);
            return;
        }

        using var _ = Telemetry.LogScopes.Run(logger, work.FiscalYear, work.Shard);
        var progress = await renewals.ProcessShardAsync(work.FiscalYear, work.Shard, cancellationToken, options.PagesPerMessage);
        var total = progress.Tally.Total();
        if (!progress.Done)
        {
            metrics?.RenewalShardProgress(work.FiscalYear, work.Shard, progress.Pages);
            await queue.EnqueueAsync(work.FiscalYear, work.Shard, cancellationToken);
            logger.LogInformation("Renewal {FiscalYear} shard {Shard}: {Pages} pages so far, continued in a new message", work.FiscalYear, work.Shard, progress.Pages);
            return;
        }

        metrics?.RenewalShardDone(work.FiscalYear, work.Shard, total.Grants);
        foreach (var (measure, tally) in progress.Tally.ByMeasure.Where(m => m.Value.Issued > 0))
            metrics?.RenewalIssued(work.FiscalYear, measure, tally.Issued, tally.IssuedFen);
        logger.LogInformation("Renewal {FiscalYear} shard {Shard} done: {Grants} grants, {Issued} issued, {Skipped} skipped, {Failed} failed",
            work.FiscalYear, work.Shard, total.Grants, total.Issued, total.Skipped, total.Failed);
    }
}
