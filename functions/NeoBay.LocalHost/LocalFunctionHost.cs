using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NeoBay.LocalHost.Configuration;
using NeoBay.LocalHost.Discovery;
using NeoBay.LocalHost.Http;
using NeoBay.LocalHost.Invocation;
using NeoBay.LocalHost.Queues;
using NeoBay.LocalHost.Storage;
using NeoBay.LocalHost.Timers;

namespace NeoBay.LocalHost;

/// <summary>What to host: a Function App assembly, its DI registration and its worker middleware.</summary>
public sealed class LocalHostOptions
{
    public required Assembly FunctionAssembly { get; init; }

    /// <summary>The app's own registration (for NeoBay: <c>services.AddNeoBayFunctionApp(configuration)</c>).</summary>
    public Action<IServiceCollection, IConfiguration>? ConfigureServices { get; init; }

    /// <summary>The app's <c>IFunctionsWorkerMiddleware</c> types, run in this order around every invocation.</summary>
    public IReadOnlyList<Type> Middleware { get; init; } = [];

    /// <summary>The folder of host.json and local.settings(.sample).json.</summary>
    public required string ContentRoot { get; init; }

    public string[] Args { get; init; } = [];

    /// <summary>Settings that win over every other source (tests).</summary>
    public IEnumerable<KeyValuePair<string, string?>>? Settings { get; init; }

    /// <summary>The host's clock: timer triggers and the renewal of queue message visibility; the system clock by default.</summary>
    public TimeProvider? TimerClock { get; init; }
}

/// <summary>The storage configured is a real account and <c>--allow-production-storage</c> was not given.</summary>
public sealed class ProductionStorageRefusedException(IReadOnlyList<string> reasons)
    : Exception("This is a DEVELOPMENT host and refuses to start against production storage: " + string.Join("; ", reasons) +
                $". Point AzureWebJobsStorage at Azurite (UseDevelopmentStorage=true), or pass {LocalSettings.AllowProductionStorageFlag} if you really mean it.");

/// <summary>
/// A development stand-in for the Azure Functions host: runs a Function App's <c>[Function]</c> methods with the
/// app's own DI and middleware — HTTP on Kestrel, queues by polling storage, timers by NCRONTAB.
/// </summary>
public static class LocalFunctionHost
{
    public static WebApplication Build(LocalHostOptions options)
    {
        var configuration = LocalSettings.Build(options.ContentRoot, options.Args, options.Settings);
        var refusals = StorageGuard.ProductionStorageSettings(configuration);
        if (refusals.Count > 0 && !LocalHostSettings.Flag(configuration, LocalHostSettings.AllowProductionStorageKey))
            throw new ProductionStorageRefusedException(refusals);

        var hostSettings = HostJsonSettings.Load(Path.Combine(options.ContentRoot, "host.json"), configuration);
        var functions = FunctionCatalog.Discover(options.FunctionAssembly);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = options.ContentRoot,
            EnvironmentName = Environments.Development,
            ApplicationName = options.FunctionAssembly.GetName().Name,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(LocalHostSettings.Urls(configuration));
        builder.WebHost.ConfigureKestrel(HostProblems.ConfigureKestrel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Logging.AddFilter("Azure", LogLevel.Warning);

        var services = builder.Services;
        services.AddMvcCore();
        options.ConfigureServices?.Invoke(services, builder.Configuration);
        foreach (var middleware in options.Middleware)
        {
            services.TryAddSingleton(middleware);
        }

        services.AddSingleton(hostSettings);
        services.AddSingleton<LocalKeys>();
        services.AddSingleton(provider => new FunctionInvoker(options.Middleware, provider, provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(provider => new LocalFunctionRuntime(
            functions,
            hostSettings,
            provider.GetRequiredService<IConfiguration>(),
            provider.GetRequiredService<LocalKeys>(),
            provider.GetRequiredService<FunctionInvoker>(),
            options.TimerClock ?? TimeProvider.System,
            provider,
            provider.GetRequiredService<ILogger<LocalFunctionRuntime>>()));
        services.AddHostedService<QueueTriggerService>();
        services.AddHostedService<TimerTriggerService>();

        var app = builder.Build();
        var runtime = app.Services.GetRequiredService<LocalFunctionRuntime>();
        HostProblems.Use(app);
        app.MapGet("/", () => Results.Text($"NeoBay local Functions host (DEVELOPMENT). {runtime.Functions.Count} functions; GET /admin/functions with the local key lists them.\n"));
        AdminEndpoints.Map(app, runtime);
        HttpTriggerEndpoints.Map(app, runtime);
        app.Lifetime.ApplicationStopping.Register(() => runtime.DrainAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult());
        if (refusals.Count > 0)
        {
            app.Logger.LogWarning("Running against PRODUCTION storage because {Flag} was given: {Reasons}", LocalSettings.AllowProductionStorageFlag, string.Join("; ", refusals));
        }

        return app;
    }

    /// <summary>The lines the host prints at start: what it is, where, the key, and every function with its trigger.</summary>
    public static IEnumerable<string> Describe(WebApplication app)
    {
        var runtime = app.Services.GetRequiredService<LocalFunctionRuntime>();
        yield return "NeoBay local Functions host: a DEVELOPMENT host, not the Azure Functions runtime. Do not expose it.";
        yield return $"Listening on {string.Join(", ", app.Urls)}";
        yield return $"Local key (x-functions-key header or ?code=, for Function/Admin levels and /admin): {runtime.Keys.Key}";
        yield return $"Functions ({runtime.EnabledFunctions.Count} enabled of {runtime.Functions.Count}):";
        foreach (var function in runtime.Functions)
        {
            var disabled = runtime.EnabledFunctions.Contains(function) ? string.Empty : " (disabled)";
            yield return function.Trigger switch
            {
                TriggerKind.Http => $"  {function.Name}: [{(function.Http!.Methods.Count == 0 ? "ANY" : string.Join(",", function.Http.Methods))}] {HttpTriggerEndpoints.Pattern(runtime.HostSettings.RoutePrefix, function.Http.Route)} ({function.Http.AuthLevel}){disabled}",
                TriggerKind.Queue => $"  {function.Name}: queue {SafeQueueName(runtime, function)}{disabled}",
                _ => $"  {function.Name}: timer {SafeResolve(runtime, function.Timer!.Schedule)} (UTC){disabled}",
            };
        }
    }

    private static string SafeQueueName(LocalFunctionRuntime runtime, FunctionDescriptor function)
    {
        try
        {
            return runtime.QueueNameFor(function);
        }
        catch (InvalidOperationException error)
        {
            return $"{function.Queue!.QueueName} ({error.Message})";
        }
    }

    private static string SafeResolve(LocalFunctionRuntime runtime, string value)
    {
        try
        {
            return runtime.Resolve(value);
        }
        catch (InvalidOperationException error)
        {
            return $"{value} ({error.Message})";
        }
    }
}
