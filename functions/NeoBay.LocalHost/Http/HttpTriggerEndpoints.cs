using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.LocalHost.Discovery;
using NeoBay.LocalHost.Invocation;

namespace NeoBay.LocalHost.Http;

/// <summary>Maps every HTTP-triggered function to its route under host.json's prefix, for its methods and authorization level.</summary>
internal static class HttpTriggerEndpoints
{
    public static string Pattern(string routePrefix, string route) =>
        "/" + (string.IsNullOrEmpty(routePrefix) ? route : $"{routePrefix}/{route}");

    public static void Map(IEndpointRouteBuilder endpoints, LocalFunctionRuntime runtime)
    {
        foreach (var function in runtime.EnabledFunctions.Where(f => f.Trigger == TriggerKind.Http))
        {
            var http = function.Http!;
            var pattern = Pattern(runtime.HostSettings.RoutePrefix, http.Route);
            RequestDelegate handler = context => HandleAsync(context, function, runtime);
            var builder = http.Methods.Count == 0 ? endpoints.Map(pattern, handler) : endpoints.MapMethods(pattern, http.Methods, handler);
            builder.WithDisplayName(function.Name);
        }
    }

    private static async Task HandleAsync(HttpContext http, FunctionDescriptor function, LocalFunctionRuntime runtime)
    {
        if (function.Http!.AuthLevel != AuthorizationLevel.Anonymous && !runtime.Keys.IsAuthorized(http.Request))
        {
            await HostProblems.WriteAsync(http, StatusCodes.Status401Unauthorized, "FunctionKeyRequired");
            return;
        }

        var context = new LocalFunctionContext(function, http.RequestServices, BindingData(http), http.RequestAborted);
        context.Items[LocalFunctionContext.HttpContextKey] = http;
        InvocationOutcome outcome;
        try
        {
            outcome = await runtime.Invoker.InvokeAsync(function, context, http, $"This function was programmatically called via the host APIs (HTTP {http.Request.Method} {http.Request.Path}).");
        }
        catch (BindingException error)
        {
            if (!http.Response.HasStarted)
                await HostProblems.WriteAsync(http, StatusCodes.Status400BadRequest, "BindingFailed", error.Message);

            return;
        }
        catch (Exception) when (!http.RequestAborted.IsCancellationRequested)
        {
            // Logged by the invoker; the Functions host answers an unhandled exception with an empty 500.
            if (!http.Response.HasStarted) http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        if (!outcome.FunctionRan || http.Response.HasStarted) return;
        switch (outcome.Result)
        {
            case null:
                return;
            case IActionResult action:
                await action.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
                return;
            case IResult result:
                await result.ExecuteAsync(http);
                return;
            default:
                await new ObjectResult(outcome.Result).ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
                return;
        }
    }

    /// <summary>Route values, then query parameters not already named by the route, as the function's binding data.</summary>
    private static Dictionary<string, object?> BindingData(HttpContext http)
    {
        var data = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in http.Request.RouteValues)
        {
            data[key] = value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in http.Request.Query)
        {
            data.TryAdd(key, value.ToString());
        }

        return data;
    }
}
