using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace NeoBay.LocalHost.Tests.TestApp;

/// <summary>Leaves a trail in <c>Items</c>, so a test can see the middleware ran in order.</summary>
public abstract class OrderMiddleware(string mark) : IFunctionsWorkerMiddleware
{
    public const string ItemKey = "trail";

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        context.Items[ItemKey] = (context.Items.TryGetValue(ItemKey, out var trail) ? (string)trail : string.Empty) + mark;
        return next(context);
    }
}

public sealed class FirstMiddleware() : OrderMiddleware("A");

public sealed class SecondMiddleware() : OrderMiddleware("B");

/// <summary>Answers 403 itself, without calling the function, when the request carries <c>x-deny</c>.</summary>
public sealed class DenyingMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http && http.Request.Headers.ContainsKey("x-deny"))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            http.Response.ContentType = "application/problem+json";
            await http.Response.WriteAsync("{\"code\":\"denied\"}");
            return;
        }

        await next(context);
    }
}
