using System.Text.Json;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Auth;

namespace NeoBay.Functions.Tests.Auth;

public sealed class HttpResilienceMiddlewareTests
{
    private static (FunctionContext Context, HttpContext Http) Invocation()
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns("GetApplication");
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object> { ["HttpRequestContext"] = http });
        return (context.Object, http);
    }

    private static string Code(HttpContext http)
    {
        http.Response.Body.Position = 0;
        return JsonDocument.Parse(http.Response.Body).RootElement.GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task A_function_that_outlives_the_time_limit_is_cancelled_and_answers_503()
    {
        var middleware = new HttpResilienceMiddleware(NullLogger<HttpResilienceMiddleware>.Instance, TimeSpan.FromMilliseconds(200), TimeProvider.System);
        var (context, http) = Invocation();

        await middleware.Invoke(context, _ => Task.Delay(Timeout.Infinite, http.RequestAborted));

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("Timeout", Code(http));
    }

    [Fact]
    public async Task Requests_that_run_out_of_time_never_stop_other_requests()
    {
        // Before: timeouts counted as storage failures, so a slow-body flood opened one breaker for every function.
        var middleware = new HttpResilienceMiddleware(NullLogger<HttpResilienceMiddleware>.Instance, TimeSpan.FromMilliseconds(20), TimeProvider.System);
        for (var i = 0; i < 30; i++)
        {
            var (slow, slowHttp) = Invocation();
            await middleware.Invoke(slow, _ => Task.Delay(Timeout.Infinite, slowHttp.RequestAborted));
            Assert.Equal(503, slowHttp.Response.StatusCode);
        }

        var ran = false;
        var (context, http) = Invocation();
        await middleware.Invoke(context, _ => { ran = true; return Task.CompletedTask; });

        Assert.True(ran);
        Assert.Equal(200, http.Response.StatusCode);
    }

    [Theory]
    [InlineData(503, 503, "StorageUnavailable", "5")]
    [InlineData(0, 503, "StorageUnavailable", "5")]     // transport fault after the SDK's retries
    [InlineData(409, 500, "InternalError", "")]         // not an outage: a bug, logged
    public async Task A_storage_outage_answers_503_with_Retry_After_and_anything_else_500(int storageStatus, int status, string code, string retryAfter)
    {
        var (context, http) = Invocation();

        await new ExceptionMiddleware(NullLogger<ExceptionMiddleware>.Instance).Invoke(context, _ => throw new RequestFailedException(storageStatus, "storage"));

        Assert.Equal((status, code, retryAfter), (http.Response.StatusCode, Code(http), http.Response.Headers.RetryAfter.ToString()));
    }

    [Fact]
    public async Task An_open_storage_breaker_answers_503_with_its_remaining_break()
    {
        var (context, http) = Invocation();
        var open = new NeoBay.Grants.Storage.StorageUnavailableException("tables", TimeSpan.FromSeconds(15), new InvalidOperationException());

        await new ExceptionMiddleware(NullLogger<ExceptionMiddleware>.Instance).Invoke(context, _ => throw open);

        Assert.Equal((503, "StorageUnavailable", "15"), (http.Response.StatusCode, Code(http), http.Response.Headers.RetryAfter.ToString()));
    }
}
