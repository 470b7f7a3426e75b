using System.Globalization;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using NeoBay.Functions.Http;
using NeoBay.Grants.Storage;

namespace NeoBay.Functions.Auth;

/// <summary>
/// The last word on an exception of an HTTP function: storage that is unreachable or refusing (an open breaker, a
/// transport fault, a 5xx after the SDK's retries) answers 503 problem+json with <c>Retry-After</c> — the caller
/// retries, with the same Idempotency-Key where it has one; anything else a 500 problem+json (logged). Never a bare
/// error page, never a 500 for an outage.
/// </summary>
public sealed class ExceptionMiddleware(ILogger<ExceptionMiddleware> logger) : IFunctionsWorkerMiddleware
{
    /// <summary>Retry-After when storage failed without a breaker opening (the SDK's retries are spent).</summary>
    public const int StorageRetryAfterSeconds = 5;

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            if (http.RequestAborted.IsCancellationRequested && e is OperationCanceledException) return; // the caller left
            if (StorageOutage(e) is { } retryAfter)
            {
                logger.LogWarning("Function {Function}: storage unavailable ({Error}); answered 503", context.FunctionDefinition.Name, e.GetType().Name);
                await Problems.Create(StatusCodes.Status503ServiceUnavailable, "StorageUnavailable", http.Request)
                    .WithHeader("Retry-After", ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture))
                    .WriteToAsync(http.Response);
                return;
            }

            logger.LogError(e, "Function {Function} failed", context.FunctionDefinition.Name);
            await Problems.Create(StatusCodes.Status500InternalServerError, "InternalError", http.Request).WriteToAsync(http.Response);
        }
    }

    /// <summary>How long to wait when <paramref name="error"/> is storage being unavailable; null for any other fault.</summary>
    public static TimeSpan? StorageOutage(Exception error) => error switch
    {
        StorageUnavailableException open => open.RetryAfter,
        RequestFailedException failed when failed.Status is 0 or 408 or >= 500 => TimeSpan.FromSeconds(StorageRetryAfterSeconds),
        AggregateException many when many.InnerExceptions.Count > 0 => many.InnerExceptions.Select(StorageOutage).FirstOrDefault(t => t is not null),
        IOException or HttpRequestException => TimeSpan.FromSeconds(StorageRetryAfterSeconds),
        _ when error.InnerException is { } inner => StorageOutage(inner),
        _ => null,
    };
}
