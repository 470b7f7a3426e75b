using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NeoBay.LocalHost.Discovery;

namespace NeoBay.LocalHost.Timers;

/// <summary>Runs each timer function at the occurrences of its 6-field NCRONTAB schedule, in UTC, one run at a time.</summary>
internal sealed class TimerTriggerService(LocalFunctionRuntime runtime, ILogger<TimerTriggerService> logger) : BackgroundService
{
    /// <summary>A run that starts later than this after its occurrence is reported as past due.</summary>
    private static readonly TimeSpan PastDueTolerance = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(runtime.EnabledFunctions.Where(f => f.Trigger == TriggerKind.Timer).Select(f => RunScheduleAsync(f, stoppingToken)));

    private async Task RunScheduleAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        string expression;
        NCrontab.CrontabSchedule schedule;
        try
        {
            expression = runtime.Resolve(function.Timer!.Schedule);
            schedule = LocalFunctionRuntime.ParseSchedule(expression);
        }
        catch (Exception error) when (error is InvalidOperationException or NCrontab.CrontabException)
        {
            logger.LogError("Timer function '{Function}' will not run: {Error}", function.Name, error.Message);
            return;
        }

        var clock = runtime.Timers;
        DateTime? last = null;
        var cursor = clock.GetUtcNow().UtcDateTime;
        logger.LogInformation("Timer '{Function}' on '{Schedule}' (UTC); next run {Next:u}", function.Name, expression, schedule.GetNextOccurrence(cursor));
        if (function.Timer!.RunOnStartup)
        {
            await RunOnceAsync(function, last, cursor, isPastDue: false, "Timer fired on startup (runOnStartup).", stoppingToken);
            last = cursor;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            // Never before the occurrence just run, so a timer waking a little early cannot run it twice.
            var next = schedule.GetNextOccurrence(now > cursor ? now : cursor);
            var wait = next - clock.GetUtcNow().UtcDateTime;
            try
            {
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var late = clock.GetUtcNow().UtcDateTime - next;
            await RunOnceAsync(function, last, next, late > PastDueTolerance, $"Timer fired at {next:O}", stoppingToken);
            last = next;
            cursor = next;
        }
    }

    private async Task RunOnceAsync(FunctionDescriptor function, DateTime? last, DateTime scheduled, bool isPastDue, string reason, CancellationToken stoppingToken)
    {
        try
        {
            await runtime.RunAsync(function, runtime.TimerInfoFor(function, last, scheduled, isPastDue), new Dictionary<string, object?>(), reason, stoppingToken);
        }
        catch (Exception)
        {
            // Logged by the invoker. Like the Functions host, a failed run is not retried before its next occurrence.
        }
    }
}
