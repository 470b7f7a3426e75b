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
        var middleware = new HttpResilienceMiddleware(NullLogger<HttpResilienceMiddleware>.Instance, TimeSpan.FromMilliseconds(200), 100, TimeProvider.System);
        var (context, http) = Invocation();

        await middleware.Invoke(context, _ => Task.Delay(Timeout.Infinite, http.RequestAborted));

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("Timeout", Code(http));
    }

    [Fact]
    public async Task Repeated_storage_failures_open_the_circuit_and_later_requests_answer_503_without_running()
    {
        var middleware = new HttpResilienceMiddleware(NullLogger<HttpResilienceMiddleware>.Instance, TimeSpan.FromSeconds(10), 2, TimeProvider.System);
        for (var i = 0; i < 2; i++)
        {
            var (failing, _) = Invocation();
            await Assert.ThrowsAsync<RequestFailedException>(() => middleware.Invoke(failing, _ => throw new RequestFailedException(503, "storage down")));
        }

        var ran = false;
        var (context, http) = Invocation();
        await middleware.Invoke(context, _ => { ran = true; return Task.CompletedTask; });

        Assert.False(ran);
        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("ServiceUnavailable", Code(http));
        Assert.Equal("15", http.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task A_client_error_from_storage_does_not_count_against_the_circuit()
    {
        var middleware = new HttpResilienceMiddleware(NullLogger<HttpResilienceMiddleware>.Instance, TimeSpan.FromSeconds(10), 2, TimeProvider.System);
        for (var i = 0; i < 3; i++)
        {
            var (failing, _) = Invocation();
            await Assert.ThrowsAsync<RequestFailedException>(() => middleware.Invoke(failing, _ => throw new RequestFailedException(409, "conflict")));
        }

        var ran = false;
        var (context, _) = Invocation();
        await middleware.Invoke(context, _ => { ran = true; return Task.CompletedTask; });

        Assert.True(ran);
    }
}
