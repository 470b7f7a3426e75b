using System.Collections.Concurrent;

namespace NeoBay.LocalHost.Tests.TestApp;

/// <summary>What the test functions saw, for the tests to wait on and assert.</summary>
public sealed class Recorder
{
    private readonly ConcurrentQueue<(string Function, string Detail)> calls = new();
    private int running;
    private int mostRunning;

    /// <summary>The most invocations of <see cref="TestFunctions.Slow"/> that ran at the same time.</summary>
    public int MostRunning => Volatile.Read(ref mostRunning);

    public void Enter()
    {
        var now = Interlocked.Increment(ref running);
        int seen;
        while (now > (seen = Volatile.Read(ref mostRunning)) && Interlocked.CompareExchange(ref mostRunning, now, seen) != seen)
        {
        }
    }

    public void Leave() => Interlocked.Decrement(ref running);

    public void Record(string function, string detail) => calls.Enqueue((function, detail));

    public IReadOnlyList<string> Calls(string function) => calls.Where(c => c.Function == function).Select(c => c.Detail).ToList();

    public async Task<IReadOnlyList<string>> WaitForAsync(string function, int count, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(30));
        while (Calls(function).Count < count)
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
                throw new TimeoutException($"'{function}' ran {Calls(function).Count} times, expected {count}.");
            await Task.Delay(50);
        }

        return Calls(function);
    }

    /// <summary>Opened by a test to let <see cref="TestFunctions.Gated"/> finish.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Records every log line of the local host as a call of <see cref="Function"/> (explicit signals for tests).</summary>
public sealed class RecordingLoggerProvider(Recorder recorder) : Microsoft.Extensions.Logging.ILoggerProvider
{
    public const string Function = "log";

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(recorder);

    public void Dispose() { }

    private sealed class Logger(Recorder recorder) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            recorder.Record(Function, formatter(state, exception));
        }
    }
}
