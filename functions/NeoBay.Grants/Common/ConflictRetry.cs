using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace NeoBay.Grants.Common;

/// <summary>
/// The re-read-and-apply loop for internal updates that lose an ETag race (evaluation, withdraw,
/// stage release, marking a failed evaluation). This is the one retry Polly adds: the Azure SDK already
/// retries transient faults (3 tries, exponential), and stacking a second retry on those would multiply
/// attempts and latency. Only <see cref="ConcurrencyConflictException"/> is handled; each attempt re-reads
/// the record, so the retried work always applies to the current version. Reviewer decisions are not
/// retried: a stale If-Match is the client's to resolve (412).
/// </summary>
public static class ConflictRetry
{
    public const int MaxAttempts = 8;

    /// <summary>
    /// Pacing of the retries is wall-clock time, not business time: it uses the system clock on purpose.
    /// With <paramref name="telemetry"/>, each retry is a resilience event in the logs and the <c>Polly</c> meter.
    /// </summary>
    public static ResiliencePipeline Create(TimeProvider? pacing = null, ILoggerFactory? telemetry = null)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = pacing ?? TimeProvider.System };
        if (telemetry is not null) builder.ConfigureTelemetry(telemetry);
        return builder
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ConcurrencyConflictException>(),
                MaxRetryAttempts = MaxAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(20),
                MaxDelay = TimeSpan.FromSeconds(1),
            })
            .Build();
    }
}
