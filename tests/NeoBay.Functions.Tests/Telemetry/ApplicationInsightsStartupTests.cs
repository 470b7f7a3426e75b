using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NeoBay.Functions.Hosting;
using NeoBay.Functions.Telemetry;

namespace NeoBay.Functions.Tests.Telemetry;

/// <summary>
/// Issue 18 §1: the app starts with the worker's Application Insights integration on (WorkerService 2.23.0; 3.x throws
/// TypeLoadException in ConfigureFunctionsApplicationInsights), and what it sends carries the structured properties.
/// </summary>
public sealed class ApplicationInsightsStartupTests
{
    private static IHost BuildApp(CapturingChannel channel)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        // Loopback only: nothing may leave this machine even if the channel were not replaced.
        builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] =
            "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/;LiveEndpoint=http://127.0.0.1:9/";
        // Where the worker would dial the Functions host (never dialled: the gRPC worker is not started).
        builder.Configuration["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9";
        builder.ConfigureNeoBayWorker();
        builder.Services.AddSingleton<ITelemetryChannel>(channel);
        // Live Metrics would poll its service: off in the test (and pointed at loopback above in any case).
        builder.Services.Configure<Microsoft.ApplicationInsights.WorkerService.ApplicationInsightsServiceOptions>(o => o.EnableQuickPulseMetricStream = false);
        return builder.Build();
    }

    [Fact]
    public async Task The_app_builds_and_starts_its_telemetry_with_the_integration_on()
    {
        var channel = new CapturingChannel();
        using var app = BuildApp(channel);

        // Start every hosted service but the worker's own, which needs a Functions host to dial. Resolving the
        // TelemetryClient runs the integration's initializers (where 3.x throws).
        var started = new List<IHostedService>();
        foreach (var service in app.Services.GetServices<IHostedService>().Where(s => s.GetType().Name != "WorkerHostedService"))
        {
            await service.StartAsync(CancellationToken.None);
            started.Add(service);
        }

        var telemetry = app.Services.GetRequiredService<TelemetryClient>();
        var logger = app.Services.GetRequiredService<ILogger<ApplicationInsightsStartupTests>>();
        using (LogScopes.Application(logger, "app-0001"))
        {
            logger.LogInformation("Application {ApplicationId} evaluated", "app-0001");
        }

        app.Services.GetRequiredService<BusinessMetrics>().ApplicationApproved("A02.1", 246_913_57);
        telemetry.Flush();
        foreach (var service in started) await service.StopAsync(CancellationToken.None);

        var sent = channel.Items;
        var trace = Assert.Single(sent.OfType<TraceTelemetry>(), t => t.Message == "Application app-0001 evaluated");
        Assert.Equal("app-0001", trace.Properties[LogScopes.ApplicationId]);
        Assert.Equal(SeverityLevel.Information, trace.SeverityLevel); // the SDK's warnings-only default rule is removed
        var metric = Assert.Single(sent.OfType<MetricTelemetry>(), m => m.Name == BusinessMetrics.Approved);
        Assert.Equal(246_913.57, metric.Sum, 2);
        Assert.Equal("24691357", metric.Properties["AmountFen"]);
        Assert.Equal("A02.1", metric.Properties["Measure"]);
    }

    [Fact]
    public void Worker_service_is_pinned_below_3()
    {
        var version = typeof(Microsoft.Extensions.DependencyInjection.ApplicationInsightsExtensions).Assembly.GetName().Version!;

        Assert.Equal(2, version.Major);
        Assert.Equal(23, version.Minor);
    }
}
