using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Telemetry;

namespace NeoBay.Grants.Storage;

/// <summary>
/// A circuit breaker for one storage service (tables, queues or blobs), placed in the Azure SDK's pipeline per call:
/// it sees each call's outcome after the SDK's own retries, counts only storage failures (a transport fault, a 5xx,
/// a 408 from the service), and while open refuses calls to that service at once with <see cref="BrokenCircuitException"/>
/// (the HTTP edge answers 503 + Retry-After). Calls of another service, and functions that touch no storage, never
/// see it. Only calls made inside <see cref="Guard"/> take part: the HTTP paths. Queue and timer work keep their own
/// retries (redelivery, the resumable yearly run) and are never refused by it, so an outage cannot burn their
/// dequeue counts into the poison queue.
/// </summary>
public sealed class StorageCircuitBreaker : HttpPipelinePolicy
{
    public static readonly TimeSpan DefaultBreakDuration = TimeSpan.FromSeconds(15);

    private static readonly AsyncLocal<bool> Guarded = new();

    private readonly ResiliencePipeline<Response> pipeline;

    public StorageCircuitBreaker(string service, TimeProvider? clock = null, int minimumThroughput = 10, TimeSpan? breakDuration = null,
        ILoggerFactory? telemetry = null)
    {
        Service = service;
        BreakDuration = breakDuration ?? DefaultBreakDuration;
        var builder = new ResiliencePipelineBuilder<Response> { Name = "storage-" + service, TimeProvider = clock ?? TimeProvider.System };
        if (telemetry is not null) builder.ConfigureTelemetry(telemetry); // breaker opened/half-open/closed as Polly's resilience events
        pipeline = builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<Response>
            {
                ShouldHandle = new PredicateBuilder<Response>()
                    .Handle<RequestFailedException>(e => e.Status is 0 or 408 or >= 500)
                    .Handle<IOException>()
                    .Handle<HttpRequestException>()
                    .HandleResult(IsFailure),
                FailureRatio = 0.5,
                MinimumThroughput = minimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = BreakDuration,
            })
            .Build();
    }

    /// <summary>tables, queues or blobs: named in the 503 and the logs.</summary>
    public string Service { get; }

    public TimeSpan BreakDuration { get; }

    /// <summary>Storage calls made until the returned scope ends take part in the breakers (the HTTP middleware's scope).</summary>
    public static IDisposable Guard()
    {
        var previous = Guarded.Value;
        Guarded.Value = true;
        return new Scope(previous);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!Guarded.Value)
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            return;
        }

        try
        {
            await this.pipeline.ExecuteAsync(async _ =>
            {
                await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
                return message.Response;
            }, message.CancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException open)
        {
            throw Unavailable(open);
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!Guarded.Value)
        {
            ProcessNext(message, pipeline);
            return;
        }

        try
        {
            this.pipeline.Execute(_ =>
            {
                ProcessNext(message, pipeline);
                return message.Response;
            }, message.CancellationToken);
        }
        catch (BrokenCircuitException open)
        {
            throw Unavailable(open);
        }
    }

    private StorageUnavailableException Unavailable(BrokenCircuitException open) => new(Service, open.RetryAfter ?? BreakDuration, open);

    private static bool IsFailure(Response response) => response.Status is 408 or >= 500;

    private sealed class Scope(bool previous) : IDisposable
    {
        public void Dispose() => Guarded.Value = previous;
    }
}

/// <summary>A storage service's breaker is open: calls to it are refused for <see cref="RetryAfter"/>.</summary>
public sealed class StorageUnavailableException(string service, TimeSpan retryAfter, Exception inner)
    : Exception($"Storage ({service}) is unavailable; retry after {retryAfter.TotalSeconds:0} s.", inner)
{
    public string Service { get; } = service;

    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>One breaker per storage service, shared by every client of that service in the app.</summary>
public sealed class StorageCircuitBreakers(TimeProvider? clock = null, int minimumThroughput = 10, TimeSpan? breakDuration = null, ILoggerFactory? telemetry = null)
{
    public StorageCircuitBreaker Tables { get; } = new("tables", clock, minimumThroughput, breakDuration, telemetry);

    public StorageCircuitBreaker Queues { get; } = new("queues", clock, minimumThroughput, breakDuration, telemetry);

    public StorageCircuitBreaker Blobs { get; } = new("blobs", clock, minimumThroughput, breakDuration, telemetry);

    /// <summary>Adds <paramref name="breaker"/> to a client's options, per call (after the SDK's retries).</summary>
    public static TOptions With<TOptions>(TOptions options, StorageCircuitBreaker? breaker) where TOptions : ClientOptions
    {
        if (breaker is not null) options.AddPolicy(breaker, HttpPipelinePosition.PerCall);
        return options;
    }
}
