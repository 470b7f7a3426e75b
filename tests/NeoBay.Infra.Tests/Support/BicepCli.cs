using System.Diagnostics;
using System.Text.Json;

namespace NeoBay.Infra.Tests.Support;

public sealed record BicepResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Every line bicep wrote to stderr: warnings, errors, linter findings.</summary>
    public IReadOnlyList<string> Diagnostics =>
        Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void AssertClean(string what)
    {
        Assert.True(
            ExitCode == 0 && Diagnostics.Count == 0,
            $"bicep {what} exited {ExitCode} with {Diagnostics.Count} diagnostic(s):\n{string.Join('\n', Diagnostics)}");
    }
}

/// <summary>Runs the bicep CLI restored from NuGet, offline. Each build runs once per test process.</summary>
public static class BicepCli
{
    private static readonly Lazy<BicepResult> MainBuild = new(() => Run("build", Repo.Path("infra", "main.bicep"), "--stdout"));
    private static readonly Dictionary<string, Lazy<BicepResult>> ParamBuilds = new()
    {
        ["main.dev.bicepparam"] = new(() => Run("build-params", Repo.Path("infra", "main.dev.bicepparam"), "--stdout")),
        ["main.prod.bicepparam"] = new(() => Run("build-params", Repo.Path("infra", "main.prod.bicepparam"), "--stdout")),
    };

    public static BicepResult BuildMain() => MainBuild.Value;

    public static BicepResult BuildParams(string fileName) => ParamBuilds[fileName].Value;

    /// <summary>The compiled ARM template of infra/main.bicep; fails the test if the build was not clean.</summary>
    public static JsonElement CompiledMain()
    {
        var result = BuildMain();
        result.AssertClean("build infra/main.bicep");
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    public static BicepResult Run(params string[] args)
    {
        var bicep = Repo.BicepPath;
        Assert.True(File.Exists(bicep), $"bicep binary not found at {bicep}: restore the infra test project.");
        MakeExecutable(bicep);

        var start = new ProcessStartInfo(bicep)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repo.Path("infra"),
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Quiet and deterministic: the parameter files read these, so the test sees their defaults only.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        foreach (var name in new[] { "AZURE_ENV_NAME", "NEOBAY_HOSTING_PLAN", "NEOBAY_SIGNING_KEY", "NEOBAY_PREVIOUS_SIGNING_KEY" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {bicep}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', args)} did not finish in 3 minutes.");
        }

        process.WaitForExit();
        return new BicepResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    // NuGet may extract the binary without the execute bit.
    private static void MakeExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | execute);
        }
    }
}
