using System.Reflection;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace NeoBay.LocalHost;

/// <summary>
/// Finds, in the Function App assembly, the app's DI registration (a public static
/// <c>AddNeoBayFunctionApp(this IServiceCollection, IConfiguration)</c>) and its middleware list
/// (<c>NeoBay.Functions.FunctionApp.Middleware</c>), so the local host runs exactly what Program.cs registers.
/// </summary>
public static class FunctionAppBinding
{
    public const string AssemblyName = "NeoBay.Functions";
    public const string RegistrationMethod = "AddNeoBayFunctionApp";
    public const string MiddlewareHolder = "NeoBay.Functions.FunctionApp";
    public const string MiddlewareMember = "Middleware";

    public static LocalHostOptions Options(string contentRoot, string[] args, Assembly? assembly = null)
    {
        assembly ??= Assembly.Load(AssemblyName);
        return new LocalHostOptions
        {
            FunctionAssembly = assembly,
            ConfigureServices = Registration(assembly),
            Middleware = Middleware(assembly),
            ContentRoot = contentRoot,
            Args = args,
        };
    }

    public static Action<IServiceCollection, IConfiguration>? Registration(Assembly assembly)
    {
        var method = assembly.GetExportedTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true })
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .FirstOrDefault(m => m.Name == RegistrationMethod && m.GetParameters() is [var s, var c]
                                 && s.ParameterType == typeof(IServiceCollection) && c.ParameterType == typeof(IConfiguration));
        return method is null ? null : (services, configuration) => Invoke(method, services, configuration);
    }

    public static IReadOnlyList<Type> Middleware(Assembly assembly)
    {
        var holder = assembly.GetType(MiddlewareHolder);
        if (holder is null) return [];
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        var value = holder.GetProperty(MiddlewareMember, flags)?.GetValue(null) ?? holder.GetField(MiddlewareMember, flags)?.GetValue(null);
        if (value is not IEnumerable<Type> types) return [];
        var list = types.ToList();
        var wrong = list.FirstOrDefault(t => !typeof(IFunctionsWorkerMiddleware).IsAssignableFrom(t));
        if (wrong is not null) throw new InvalidOperationException($"{MiddlewareHolder}.{MiddlewareMember} lists {wrong.FullName}, which is not an IFunctionsWorkerMiddleware.");
        return list;
    }

    private static void Invoke(MethodInfo method, IServiceCollection services, IConfiguration configuration)
    {
        try
        {
            method.Invoke(null, [services, configuration]);
        }
        catch (TargetInvocationException wrapped) when (wrapped.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(wrapped.InnerException).Throw();
        }
    }
}
