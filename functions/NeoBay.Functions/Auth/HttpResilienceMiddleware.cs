using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using NeoBay.Functions.Http;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace NeoBay.Functions.Auth;

/// <summary>
/// What the Azure SDK does not do for HTTP paths (DESIGN.md): a time limit on the whole request and a circuit
/// breaker over storage failures. The SDK already retries each call (3 tries, exponential), so there is no
/// retry here; when storage keeps failing after those retries, the breaker opens and requests answer 503 at
/// once instead of queueing behind a dead dependency. The time limit cancels <c>HttpContext.RequestAborted</c>,
/// which every function passes to its use case. Queue and timer invocations pass through (they have their
/// own retries: redelivery, and the resumable yearly run).
/// </summary>
public sealed class HttpResilienceMiddleware : IFunctionsWorkerMiddleware
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(15);

    private readonly ResiliencePipeline pipeline;
    private readonly ILogger<HttpResilienceMiddleware> logger;

    public HttpResilienceMiddleware(ILogger<HttpResilienceMiddleware> logger)
        : this(logger, DefaultTimeout, minimumThroughput: 20, TimeProvider.System)
    {
    }

    internal HttpResilienceMiddleware(ILogger<HttpResilienceMiddleware> logger, TimeSpan timeout, int minimumThroughput, TimeProvider pacing)
    {
        this.logger = logger;
        pipeline = new ResiliencePipelineBuilder { TimeProvider = pacing }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<RequestFailedException>(e => e.Status is 0 or >= 500)
                    .Handle<TimeoutRejectedException>(),
                FailureRatio = 0.5,
                MinimumThroughput = minimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = BreakDuration,
            })
            .AddTimeout(timeout)
            .Build();
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
            await pipeline.ExecuteAsync(async token =>
            {
                http.RequestAborted = token;
                await next(context);
            }, original);
        }
        catch (BrokenCircuitException)
        {
            logger.LogWarning("{Function}: storage circuit open; answered 503", context.FunctionDefinition.Name);
            await Unavailable(http, "ServiceUnavailable", "存储服务暂不可用，请稍后重试。", "Storage is unavailable; please retry shortly.").WriteToAsync(http.Response);
        }
        catch (TimeoutRejectedException)
        {
            logger.LogWarning("{Function}: no answer within {Timeout}; answered 503", context.FunctionDefinition.Name, DefaultTimeout);
            await Unavailable(http, "Timeout", "请求超时，请稍后重试。", "The request timed out; please retry.").WriteToAsync(http.Response);
        }
        finally
        {
            http.RequestAborted = original;
        }
    }

    private static ApiResult Unavailable(HttpContext http, string code, string zh, string en) =>
        Problems.Create(StatusCodes.Status503ServiceUnavailable, code, zh, en, http.Request)
            .WithHeader("Retry-After", ((int)BreakDuration.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
}
