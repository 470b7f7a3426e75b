using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NeoBay.Testing;

/// <summary>
/// The Azure Storage the tests run against: the one named by <c>NEOBAY_TEST_STORAGE</c> (a connection
/// string; <c>.ci/run</c> sets it after starting Azurite), or else an in-memory Azurite from the repo's
/// pinned npm package, started once per test process on free ports and stopped when the process exits.
/// </summary>
public static class Azurite
{
    public const string EnvironmentVariable = "NEOBAY_TEST_STORAGE";
    public const string AccountName = "devstoreaccount1";
    // Azurite's well-known development key: public, documented, and accepted by nothing but the emulator.
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? connectionString;
    private static Process? process;

    /// <summary>The connection string of a running storage emulator; starts one when needed.</summary>
    public static async Task<string> GetConnectionStringAsync()
    {
        if (connectionString is not null) return connectionString;
        await Gate.WaitAsync();
        try
        {
            connectionString ??= Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
                ? Normalise(configured)
                : await StartAsync();
            return connectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A name unique to this call, usable as a table, queue or container name (lower case, letters and digits).</summary>
    public static string UniqueName(string prefix) => (prefix + Guid.NewGuid().ToString("N")[..12]).ToLowerInvariant();

    public static string ConnectionString(int blobPort, int queuePort, int tablePort, string host = "127.0.0.1") =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://{host}:{blobPort}/{AccountName};" +
        $"QueueEndpoint=http://{host}:{queuePort}/{AccountName};" +
        $"TableEndpoint=http://{host}:{tablePort}/{AccountName};";

    private static string Normalise(string value) =>
        value.Trim() == "UseDevelopmentStorage=true" ? ConnectionString(10000, 10001, 10002) : value;

    private static async Task<string> StartAsync()
    {
        var root = RepositoryRoot();
        var azurite = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(azurite)) await InstallAsync(root, azurite);

        int blob = FreePort(), queue = FreePort(), table = FreePort();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     azurite, "--silent", "--skipApiVersionCheck", "--loose", "--inMemoryPersistence",
                     "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                     "--blobPort", blob.ToString(), "--queuePort", queue.ToString(), "--tablePort", table.ToString(),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite (node).");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var port in new[] { blob, queue, table })
        {
            while (!await AcceptsAsync(port))
            {
                if (process.HasExited) throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening.");
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"Azurite did not listen on port {port} within 60 s.");
                await Task.Delay(100);
            }
        }

        return ConnectionString(blob, queue, table);
    }

    private static void Stop()
    {
        try
        {
            if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>The folder holding the repo's package.json (walks up from the test binaries).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "host.json")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Repository root (package.json beside host.json) not found above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>`npm ci` once, even when several test processes (one per test project) start together.</summary>
    private static async Task InstallAsync(string root, string azurite)
    {
        var lockPath = Path.Combine(root, ".azurite-install.lock");
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                await using var exclusive = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
                if (!File.Exists(azurite)) await RunAsync("npm", "ci --no-audit --no-fund", root);
                return;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500); // another test process is installing
            }
        }
    }

    private static async Task RunAsync(string file, string arguments, string workingDirectory)
    {
        using var run = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = workingDirectory, UseShellExecute = false })
                        ?? throw new InvalidOperationException($"Could not start {file}.");
        await run.WaitForExitAsync();
        if (run.ExitCode != 0) throw new InvalidOperationException($"'{file} {arguments}' exited with {run.ExitCode}.");
    }
}
