using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NeoBay.LocalHost.Storage;

/// <summary>
/// Starts Azurite from the repo's pinned npm package on its default ports (blob 10000, queue 10001, table 10002),
/// installing it with <c>npm ci</c> first when node_modules lacks it, and stops it with the host.
/// </summary>
public sealed class AzuriteLauncher : IDisposable
{
    public static readonly int[] DefaultPorts = [10000, 10001, 10002];

    private readonly Process process;

    private AzuriteLauncher(Process process) => this.process = process;

    /// <summary>True when the storage setting is absent or names the emulator on its default ports.</summary>
    public static bool UsesDefaultEmulator(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return true;
        var parts = StorageGuard.Parse(connectionString);
        if (parts.TryGetValue("UseDevelopmentStorage", out var development))
            return string.Equals(development, "true", StringComparison.OrdinalIgnoreCase);
        var endpoints = new[] { "BlobEndpoint", "QueueEndpoint", "TableEndpoint" }.Where(parts.ContainsKey).Select(k => parts[k]).ToList();
        return endpoints.Count > 0 && endpoints.All(e => Uri.TryCreate(e, UriKind.Absolute, out var uri) && uri.IsLoopback && DefaultPorts.Contains(uri.Port));
    }

    public static async Task<bool> AnswersAsync()
    {
        foreach (var port in DefaultPorts)
        {
            if (!await AcceptsAsync(port)) return false;
        }

        return true;
    }

    public static async Task<AzuriteLauncher> StartAsync(string repositoryRoot, TextWriter output)
    {
        var script = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            output.WriteLine("Azurite is not installed: running `npm ci` (pinned in package-lock.json)...");
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], repositoryRoot);
            if (!File.Exists(script)) throw new InvalidOperationException($"npm ci did not install Azurite at {script}.");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = repositoryRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { script, "--skipApiVersionCheck", "--loose", "--location", ".azurite", "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1" })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException("Could not start Azurite: Node.js (`node`) is not on PATH. Install Node 20+ or set AzureWebJobsStorage.", error);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) => { if (!string.IsNullOrWhiteSpace(line.Data)) output.WriteLine("[azurite] " + line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var launcher = new AzuriteLauncher(process);
        var deadline = Stopwatch.StartNew();
        while (!await AnswersAsync())
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening (are ports 10000-10002 taken by something else?).");
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                launcher.Dispose();
                throw new TimeoutException("Azurite did not listen on ports 10000-10002 within 60 s.");
            }

            await Task.Delay(200);
        }

        return launcher;
    }

    public int ProcessId => process.Id;

    public void Dispose()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string file, string[] arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var run = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        await run.WaitForExitAsync();
        if (run.ExitCode != 0) throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' exited with {run.ExitCode}.");
    }
}
