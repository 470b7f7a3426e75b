using System.Diagnostics;
using System.Text;
using NeoBay.Testing;

namespace NeoBay.LocalHost.Tests;

/// <summary>The host's executable as a child process, as <c>./run.sh</c> starts it.</summary>
public sealed class ProgramTests
{
    private static readonly string[] QuietTriggers =
        ["--AzureWebJobs.EvaluateApplication.Disabled=true", "--AzureWebJobs.RenewShard.Disabled=true", "--AzureWebJobs.StartYearlyRenewal.Disabled=true"];

    [Fact]
    public async Task The_executable_refuses_a_production_account_with_exit_code_2()
    {
        using var run = new HostProcess(["--no-azurite", "--AzureWebJobsStorage=DefaultEndpointsProtocol=https;AccountName=neobayprod;AccountKey=AAAA;EndpointSuffix=core.windows.net"]);

        var exit = await run.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Contains("DEVELOPMENT host", run.Output);
        Assert.Contains("refuses to start against production storage", run.Error);
    }

    [Fact]
    public async Task The_executable_serves_the_app_prints_tokens_and_stops_cleanly_on_SIGTERM()
    {
        var storage = await Azurite.GetConnectionStringAsync();
        var port = Azurite.FreePort();
        using var run = new HostProcess([$"--AzureWebJobsStorage={storage}", $"--LocalHost:Port={port}", "--NeoBay:Storage:TablePrefix=" + Azurite.UniqueName("p"), .. QuietTriggers]);

        await run.WaitForOutputAsync("Press Ctrl+C", TimeSpan.FromSeconds(60));
        using var client = new HttpClient();
        var health = await client.GetAsync($"http://localhost:{port}/api/health");
        using var kill = Process.Start("kill", ["-TERM", run.Id.ToString()])!;
        var exit = await run.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        // The test storage is either on its own ports (configured, not started) or Azurite on the default ports (found running).
        Assert.DoesNotContain("starting Azurite", run.Output);
        Assert.True(run.Output.Contains("Storage: using the configured AzureWebJobsStorage") || run.Output.Contains("Azurite already answers"), run.Output);
        foreach (var role in new[] { "APPLICANT", "REVIEWER", "ADMIN", "INTEGRATOR" }) Assert.Contains($"export NEOBAY_{role}=ey", run.Output);
        Assert.Contains($"curl -i -X POST http://localhost:{port}/api/applications", run.Output);
        Assert.Equal(0, exit);
    }

    private sealed class HostProcess : IDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();
        private readonly StringBuilder error = new();
        private readonly string root = Directory.CreateTempSubdirectory("neobay-program-").FullName;

        public HostProcess(IEnumerable<string> args)
        {
            File.Copy(Path.Combine(Azurite.RepositoryRoot(), "host.json"), Path.Combine(root, "host.json"));
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NeoBay.LocalHost.dll"));
            start.ArgumentList.Add($"--root={root}");
            foreach (var arg in args) start.ArgumentList.Add(arg);
            process = Process.Start(start)!;
            process.OutputDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
            process.ErrorDataReceived += (_, line) => { lock (error) error.AppendLine(line.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public int Id => process.Id;

        public string Output { get { lock (output) return output.ToString(); } }

        public string Error { get { lock (error) return error.ToString(); } }

        public async Task WaitForOutputAsync(string text, TimeSpan timeout)
        {
            var deadline = TimeProvider.System.GetUtcNow() + timeout;
            while (!Output.Contains(text))
            {
                if (process.HasExited) throw new InvalidOperationException($"The host exited ({process.ExitCode}): {Output}\n{Error}");
                if (TimeProvider.System.GetUtcNow() > deadline) throw new TimeoutException($"No '{text}' within {timeout}: {Output}");
                await Task.Delay(100);
            }
        }

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(cancel.Token);
            process.WaitForExit(); // flushes the redirected output
            return process.ExitCode;
        }

        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
            Directory.Delete(root, recursive: true);
        }
    }
}
