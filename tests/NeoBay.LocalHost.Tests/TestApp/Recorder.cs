using System.Collections.Concurrent;

namespace NeoBay.LocalHost.Tests.TestApp;

/// <summary>What the test functions saw, for the tests to wait on and assert.</summary>
public sealed class Recorder
{
    private readonly ConcurrentQueue<(string Function, string Detail)> calls = new();

    public void Record(string function, string detail) => calls.Enqueue((function, detail));

    public IReadOnlyList<string> Calls(string function) => calls.Where(c => c.Function == function).Select(c => c.Detail).ToList();

    public async Task<IReadOnlyList<string>> WaitForAsync(string function, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (Calls(function).Count < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"'{function}' ran {Calls(function).Count} times, expected {count}.");
            await Task.Delay(50);
        }

        return Calls(function);
    }
}
