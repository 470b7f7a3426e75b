using System.Diagnostics;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeoBay.LocalHost.Discovery;

namespace NeoBay.LocalHost.Invocation;

/// <summary>
/// Runs one invocation: the app's worker middleware in order, then the function method on an instance
/// resolved from the invocation's services (ActivatorUtilities when the class is not registered).
/// </summary>
public sealed class FunctionInvoker(IReadOnlyList<Type> middleware, IServiceProvider rootServices, ILoggerFactory loggers)
{
    private const string ResultKey = "NeoBay.LocalHost.FunctionResult";

    private readonly IFunctionsWorkerMiddleware[] pipeline = middleware
        .Select(type => (IFunctionsWorkerMiddleware)ActivatorUtilities.GetServiceOrCreateInstance(rootServices, type))
        .ToArray();

    public IReadOnlyList<Type> Middleware { get; } = middleware;

    /// <summary>Runs the invocation; returns whether the function itself ran (middleware may answer early) and what it returned.</summary>
    public async Task<InvocationOutcome> InvokeAsync(FunctionDescriptor function, LocalFunctionContext context, object trigger, string reason)
    {
        var logger = loggers.CreateLogger($"Function.{function.Name}");
        logger.LogInformation("Executing 'Functions.{Function}' (Reason='{Reason}', Id={InvocationId})", function.Name, reason, context.InvocationId);
        var clock = Stopwatch.StartNew();
        try
        {
            await Pipeline(function, trigger)(context);
            logger.LogInformation("Executed 'Functions.{Function}' (Succeeded, Id={InvocationId}, Duration={Duration}ms)", function.Name, context.InvocationId, clock.ElapsedMilliseconds);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Executed 'Functions.{Function}' (Failed, Id={InvocationId}, Duration={Duration}ms)", function.Name, context.InvocationId, clock.ElapsedMilliseconds);
            throw;
        }

        return context.Items.TryGetValue(ResultKey, out var result)
            ? new InvocationOutcome(true, result is Box box ? box.Value : null)
            : new InvocationOutcome(false, null);
    }

    private FunctionExecutionDelegate Pipeline(FunctionDescriptor function, object trigger)
    {
        FunctionExecutionDelegate next = async context =>
        {
            var result = await CallAsync(function, context, trigger);
            context.Items[ResultKey] = new Box(result);
        };
        for (var i = pipeline.Length - 1; i >= 0; i--)
        {
            var current = pipeline[i];
            var inner = next;
            next = context => current.Invoke(context, inner);
        }

        return next;
    }

    private static async Task<object?> CallAsync(FunctionDescriptor function, FunctionContext context, object trigger)
    {
        var arguments = await ParameterBinder.BindAsync(function, context, trigger);
        object? instance = null;
        var created = false;
        if (!function.Method.IsStatic)
        {
            instance = context.InstanceServices.GetService(function.Class);
            if (instance is null)
            {
                instance = ActivatorUtilities.CreateInstance(context.InstanceServices, function.Class);
                created = true;
            }
        }

        try
        {
            object? returned;
            try
            {
                returned = function.Method.Invoke(instance, arguments);
            }
            catch (TargetInvocationException wrapped) when (wrapped.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(wrapped.InnerException).Throw();
                throw;
            }

            return await AwaitResultAsync(returned);
        }
        finally
        {
            if (created)
            {
                if (instance is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
                else if (instance is IDisposable disposable) disposable.Dispose();
            }
        }
    }

    /// <summary>Awaits Task, Task&lt;T&gt;, ValueTask and ValueTask&lt;T&gt; results and returns the value inside.</summary>
    internal static async Task<object?> AwaitResultAsync(object? returned)
    {
        switch (returned)
        {
            case null:
                return null;
            case Task task:
                await task;
                var type = task.GetType();
                return type.IsGenericType && type.GetProperty("Result") is { } property && property.PropertyType.Name != "VoidTaskResult"
                    ? property.GetValue(task)
                    : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
        }

        var returnedType = returned.GetType();
        if (returnedType.IsGenericType && returnedType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var asTask = (Task)returnedType.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null)!;
            return await AwaitResultAsync(asTask);
        }

        return returned;
    }

    private sealed record Box(object? Value);
}

/// <param name="FunctionRan">False when a middleware answered without calling the function.</param>
public sealed record InvocationOutcome(bool FunctionRan, object? Result);
