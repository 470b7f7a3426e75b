using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using NeoBay.Functions.Http;
using NeoBay.Grants.Storage;
using Polly;
using Polly.Timeout;

namespace NeoBay.Functions.Auth;

/// <summary>
/// What the Azure SDK does not do for HTTP paths (docs/architecture.md): a time limit on the whole request, and the scope in
/// which storage calls take part in the storage circuit breakers (<see cref="StorageCircuitBreaker"/>: one per
/// service, in the SDK pipeline, counting only storage failures). A slow caller or a slow body is that request's
/// problem (408 from <see cref="RequestBody"/>), never a breaker's: a function that touches no storage never meets one.
/// The time limit cancels <c>HttpContext.RequestAborted</c>, which every function passes to its use case.
/// Queue and timer invocations pass through (they have their own retries: redelivery, the resumable yearly run).
/// </summary>
public sealed class HttpResilienceMiddleware : IFunctionsWorkerMiddleware
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Retry-After of a request that ran out of time.</summary>
    public const int TimeoutRetryAfterSeconds = 5;

    private readonly ResiliencePipeline pipeline;
    private readonly ILogger<HttpResilienceMiddleware> logger;

    public HttpResilienceMiddleware(ILogger<HttpResilienceMiddleware> logger)
        : this(logger, DefaultTimeout, TimeProvider.System)
    {
    }

    internal HttpResilienceMiddleware(ILogger<HttpResilienceMiddleware> logger, TimeSpan timeout, TimeProvider pacing)
    {
        this.logger = logger;
        pipeline = new ResiliencePipelineBuilder { TimeProvider = pacing }.AddTimeout(timeout).Build();
    }

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext();
        if (http is null)
        {
            await next(context);
            return;
        }

        var original = http.RequestAborted;
        try
        {
            using var guard = StorageCircuitBreaker.Guard();
            await pipeline.ExecuteAsync(async token =>
            {
                http.RequestAborted = token;
                await next(context);
            }, original);
        }
        catch (TimeoutRejectedException)
        {
            logger.LogWarning("{Function}: no answer within {Timeout}; answered 503", context.FunctionDefinition.Name, DefaultTimeout);
            await Problems.Create(StatusCodes.Status503ServiceUnavailable, "Timeout", http.Request)
                .WithHeader("Retry-After", TimeoutRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WriteToAsync(http.Response);
        }
        finally
        {
            http.RequestAborted = original;
        }
    }
}
