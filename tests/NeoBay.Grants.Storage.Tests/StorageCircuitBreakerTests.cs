using System.Net;
using System.Net.Sockets;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using NeoBay.Testing;

namespace NeoBay.Grants.Storage.Tests;

public sealed class StorageCircuitBreakerTests
{
    /// <summary>A table endpoint nobody listens on: every call is a transport fault (no SDK retries, to keep the test quick).</summary>
    private static TableClient DeadTable(StorageCircuitBreaker breaker)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = StorageCircuitBreakers.With(new TableClientOptions { Retry = { MaxRetries = 0 } }, breaker);
        return new TableServiceClient(Azurite.ConnectionString(port, port, port), options).GetTableClient("dead");
    }

    [Fact]
    public async Task Repeated_storage_failures_open_that_service_s_breaker_and_later_calls_are_refused_at_once()
    {
        var breakers = new StorageCircuitBreakers(minimumThroughput: 3);
        var table = DeadTable(breakers.Tables);
        using var _ = StorageCircuitBreaker.Guard();
        for (var i = 0; i < 3; i++)
            await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityIfExistsAsync<TableEntity>("p", "r"));

        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => table.GetEntityIfExistsAsync<TableEntity>("p", "r"));

        Assert.Equal("tables", refused.Service);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(10), StorageCircuitBreaker.DefaultBreakDuration); // what is left of the 15 s break
    }

    [Fact]
    public async Task An_opening_breaker_is_reported_as_a_resilience_event_naming_its_service()
    {
        var events = new RecordingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(events).SetMinimumLevel(LogLevel.Trace));
        var breakers = new StorageCircuitBreakers(minimumThroughput: 3, telemetry: loggers);
        var table = DeadTable(breakers.Tables);
        using var _ = StorageCircuitBreaker.Guard();
        for (var i = 0; i < 3; i++)
            await Assert.ThrowsAnyAsync<Exception>(() => table.GetEntityIfExistsAsync<TableEntity>("p", "r"));

        Assert.Contains(events.Messages, m => m.Contains("OnCircuitOpened", StringComparison.Ordinal) && m.Contains("storage-tables", StringComparison.Ordinal));
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => Messages.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Another_service_and_work_outside_the_HTTP_scope_are_not_refused_by_an_open_breaker()
    {
        var breakers = new StorageCircuitBreakers(minimumThroughput: 3);
        var table = DeadTable(breakers.Tables);
        using (StorageCircuitBreaker.Guard())
        {
            for (var i = 0; i < 4; i++)
                await Assert.ThrowsAnyAsync<Exception>(() => table.GetEntityIfExistsAsync<TableEntity>("p", "r"));
            await Assert.ThrowsAsync<StorageUnavailableException>(() => table.GetEntityIfExistsAsync<TableEntity>("p", "r"));

            // The queue service has its own breaker: a live Azurite queue answers.
            var queues = new QueueServiceClient(await Azurite.GetConnectionStringAsync(), StorageCircuitBreakers.With(StorageClients.QueueOptions(), breakers.Queues));
            var queue = queues.GetQueueClient(Azurite.UniqueName("q"));
            Assert.NotNull((await queue.CreateIfNotExistsAsync())?.Status);
        }

        // A queue or timer invocation (no HTTP scope) still reaches storage: here the transport fault, not a refusal.
        var outside = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityIfExistsAsync<TableEntity>("p", "r"));
        Assert.Equal(0, outside.Status);
    }

    [Fact]
    public async Task Answers_of_the_caller_s_making_never_count_as_failures()
    {
        var breakers = new StorageCircuitBreakers(minimumThroughput: 3);
        var table = new TableServiceClient(await Azurite.GetConnectionStringAsync(), StorageCircuitBreakers.With(new TableClientOptions(), breakers.Tables))
            .GetTableClient(Azurite.UniqueName("t"));
        await table.CreateIfNotExistsAsync();
        using var _ = StorageCircuitBreaker.Guard();
        await table.AddEntityAsync(new TableEntity("p", "r"));
        for (var i = 0; i < 10; i++)
        {
            Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("p", "missing")).HasValue); // 404
            Assert.Equal(409, (await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")))).Status);
        }

        await table.AddEntityAsync(new TableEntity("p", "r2")); // the breaker is still closed
    }
}
