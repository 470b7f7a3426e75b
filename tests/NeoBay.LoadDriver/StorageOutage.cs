using System.Diagnostics;

namespace NeoBay.LoadDriver;

/// <summary>
/// Takes the local storage away for a while: finds the Azurite process (by <c>--azurite-pid</c>, or the one whose
/// command line runs azurite.js), stops it, waits, and starts it again with the same command line in the same folder,
/// so it comes back on its data (<c>./run.sh</c> starts Azurite persisting to <c>.azurite/</c>). Linux only (/proc).
/// </summary>
public sealed class StorageOutage(TimeSpan after, TimeSpan length, int? pid, TextWriter log)
{
    /// <summary>When storage went away and came back, as offsets from the start of the run.</summary>
    public (TimeSpan Down, TimeSpan Up)? Window { get; private set; }

    public async Task RunAsync(Stopwatch wall)
    {
        var target = pid ?? FindAzurite() ?? throw new InvalidOperationException("No Azurite process found; pass --azurite-pid.");
        var arguments = (await File.ReadAllTextAsync($"/proc/{target}/cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var folder = new DirectoryInfo($"/proc/{target}/cwd").ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Environment.CurrentDirectory;
        await Task.Delay(after);

        log.WriteLine($"  storage outage: stopping Azurite (pid {target}) at {wall.Elapsed.TotalSeconds:0.0}s for {length.TotalSeconds:0}s");
        using (var process = Process.GetProcessById(target))
        {
            using (Process.Start("kill", ["-TERM", target.ToString(System.Globalization.CultureInfo.InvariantCulture)])) { } // Azurite saves its data on SIGTERM
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(); // it closes its services on SIGTERM but may stay alive
                await process.WaitForExitAsync();
            }
        }

        var down = wall.Elapsed;
        await Task.Delay(length);
        // Through a shell, its output to a file, so it outlives this driver without a pipe to fill.
        var logFile = Path.Combine(folder, "azurite-restart.log");
        var command = string.Join(' ', arguments.Select(a => "'" + a.Replace("'", "'\\''") + "'")) + $" > '{logFile}' 2>&1 & echo $!";
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = folder, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var shell = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not restart.");
        var restartedPid = (await shell.StandardOutput.ReadToEndAsync()).Trim();
        await shell.WaitForExitAsync();
        Window = (down, wall.Elapsed);
        log.WriteLine($"  storage outage: Azurite restarted (pid {restartedPid}, output in {logFile}) at {wall.Elapsed.TotalSeconds:0.0}s; it keeps running after this driver");
    }

    private static int? FindAzurite()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var id)) continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (commandLine.Contains("azurite.js", StringComparison.Ordinal) || commandLine.Contains("/azurite\0", StringComparison.Ordinal)) return id;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }
}
