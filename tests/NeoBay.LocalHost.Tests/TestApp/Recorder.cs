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
}
