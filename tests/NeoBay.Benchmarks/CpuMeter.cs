using System.Diagnostics;

namespace NeoBay.Benchmarks;

/// <summary>
/// CPU seconds spent by this process and by the Azurite it started (its child <c>node</c> processes, from /proc), so a phase
/// on a shared, loaded machine can be reported by the work it cost and not only by its wall time (docs/benchmarks.md).
/// </summary>
internal sealed class CpuMeter
{
    private readonly Stopwatch wall = Stopwatch.StartNew();
    private readonly double client = ClientSeconds();
    private readonly double azurite = AzuriteSeconds();

    /// <summary>Wall, this process's and Azurite's CPU seconds since the meter started.</summary>
    public (double Wall, double Client, double Azurite) Elapsed() => (wall.Elapsed.TotalSeconds, ClientSeconds() - client, AzuriteSeconds() - azurite);

    /// <summary>"12.3 s wall; CPU: client 4.5 s, Azurite 6.7 s".</summary>
    public string Describe()
    {
        var (w, c, a) = Elapsed();
        return $"{w:F1} s wall; CPU: client {c:F1} s, Azurite {a:F1} s";
    }

    private static double ClientSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>utime + stime of every process whose parent is this one (the Azurite of NeoBay.Testing.Azurite), in seconds.</summary>
    private static double AzuriteSeconds()
    {
        if (!Directory.Exists("/proc")) return 0;
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ticks = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // state ppid … (fields 3.. of proc(5))
                if (fields[1] == self) ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // A process that ended while read, or not ours to read.
            }
        }

        return ticks / 100.0; // USER_HZ
    }
}
