using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NeoBay.Functions.Hosting;

/// <summary>What Program.cs does to the worker, in one place, so a test starts the app exactly as Azure does.</summary>
public static class WorkerSetup
{
    private const string ApplicationInsightsLoggerProvider = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    public static FunctionsApplicationBuilder ConfigureNeoBayWorker(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddNeoBayTelemetry();
        builder.Services.AddNeoBayFunctionApp(builder.Configuration);
        foreach (var type in FunctionApp.Middleware)
        {
            builder.Use(next => context => ((IFunctionsWorkerMiddleware)context.InstanceServices.GetRequiredService(type)).Invoke(context, next));
        }

        return builder;
    }

    /// <summary>
    /// The worker's own Application Insights: dependency calls (storage), requests correlated with the host's, and
    /// logs with their structured properties and scopes. WorkerService stays on 2.23.0: the 3.x line throws
    /// TypeLoadException in ConfigureFunctionsApplicationInsights. The SDK's default rule sends only warnings from
    /// ILogger; host.json's logLevel decides instead.
    /// </summary>
    public static IServiceCollection AddNeoBayTelemetry(this IServiceCollection services)
    {
        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        services.Configure<LoggerFilterOptions>(options =>
        {
            var rule = options.Rules.FirstOrDefault(r => r.ProviderName == ApplicationInsightsLoggerProvider);
            if (rule is not null) options.Rules.Remove(rule);
        });
        return services;
    }
}
