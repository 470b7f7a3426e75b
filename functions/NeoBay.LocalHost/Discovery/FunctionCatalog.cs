using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace NeoBay.LocalHost.Discovery;

/// <summary>Finds the <c>[Function]</c> methods of a Function App assembly and reads their triggers.</summary>
public static class FunctionCatalog
{
    private const BindingFlags Methods = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static IReadOnlyList<FunctionDescriptor> Discover(Assembly assembly)
    {
        var functions = new List<FunctionDescriptor>();
        foreach (var type in LoadableTypes(assembly).Where(t => t is { IsClass: true, IsGenericTypeDefinition: false }))
        {
            foreach (var method in type.GetMethods(Methods))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function) continue;
                functions.Add(Describe(function.Name, method));
            }
        }

        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two functions are named '{duplicate.Key}': {string.Join(", ", duplicate.Select(f => f.EntryPoint))}.");

        return functions.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    internal static FunctionDescriptor Describe(string name, MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } http)
            {
                if (parameter.ParameterType != typeof(HttpRequest))
                    throw Unsupported(name, method, $"its HTTP trigger parameter '{parameter.Name}' is {parameter.ParameterType.Name}; the local host binds HttpRequest (ASP.NET Core integration)");
                var methods = (http.Methods ?? []).Select(m => m.ToUpperInvariant()).Distinct().ToList();
                return new FunctionDescriptor(name, method, TriggerKind.Http, parameter)
                {
                    Http = new HttpTriggerInfo(string.IsNullOrWhiteSpace(http.Route) ? name : http.Route.Trim('/'), methods, http.AuthLevel),
                };
            }

            if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queue)
            {
                return new FunctionDescriptor(name, method, TriggerKind.Queue, parameter)
                {
                    Queue = new QueueTriggerInfo(queue.QueueName, string.IsNullOrWhiteSpace(queue.Connection) ? "AzureWebJobsStorage" : queue.Connection),
                };
            }

            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
            {
                return new FunctionDescriptor(name, method, TriggerKind.Timer, parameter)
                {
                    Timer = new TimerTriggerInfo(timer.Schedule, timer.RunOnStartup),
                };
            }
        }

        throw Unsupported(name, method, "it has no HttpTrigger, QueueTrigger or TimerTrigger parameter");
    }

    private static InvalidOperationException Unsupported(string name, MethodInfo method, string why) =>
        new($"Function '{name}' ({method.DeclaringType?.FullName}.{method.Name}) cannot run on the local host: {why}.");

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.OfType<Type>();
        }
    }
}
