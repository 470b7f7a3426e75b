using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NeoBay.LocalHost.Discovery;

namespace NeoBay.LocalHost.Queues;

/// <summary>Starts one <see cref="QueueListener"/> per enabled queue function.</summary>
internal sealed class QueueTriggerService(LocalFunctionRuntime runtime, ILoggerFactory loggers) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(runtime.EnabledFunctions
            .Where(f => f.Trigger == TriggerKind.Queue)
            .Select(f => new QueueListener(f, runtime, loggers.CreateLogger($"Host.Queues.{f.Name}")).RunAsync(stoppingToken)));
}
