using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using NeoBay.Functions.Queues;
using NeoBay.Functions.Timers;

namespace NeoBay.Functions.Tests.Hosting;

/// <summary>Issue 18 §6: one renewals schedule setting, maxDequeueCount in host.json only, func start finds the root files.</summary>
public sealed class SettingsThatHoldTests
{
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeoBay.slnx"))) return dir.FullName;
        }

        throw new InvalidOperationException("Repository root (NeoBay.slnx) not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Max_dequeue_count_is_read_from_host_json()
    {
        var path = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "version": "2.0", "extensions": { "queues": { "batchSize": 4, "maxDequeueCount": 7 } } }""");
        try
        {
            Assert.Equal(7, EvaluationQueueOptions.FromHostJson(path).MaxDequeueCount);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(EvaluationQueueOptions.DefaultMaxDequeueCount, EvaluationQueueOptions.FromHostJson(path).MaxDequeueCount); // gone: the host's default
        using var repoHost = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "host.json")));
        var configured = repoHost.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32();
        // The host.json the app runs beside (copied to the output) is the repository's.
        Assert.Equal(configured, EvaluationQueueOptions.FromHostJson(Path.Combine(AppContext.BaseDirectory, "host.json")).MaxDequeueCount);
    }

    [Fact]
    public void Func_start_in_the_functions_project_finds_the_repository_host_json()
    {
        var root = RepoRoot();
        var copied = Path.Combine(root, "functions", "NeoBay.Functions", "host.json");

        Assert.True(File.Exists(copied), "the build copies host.json into functions/NeoBay.Functions for `func start`");
        Assert.Equal(File.ReadAllText(Path.Combine(root, "host.json")), File.ReadAllText(copied));
        Assert.Contains("functions/NeoBay.Functions/host.json", File.ReadAllLines(Path.Combine(root, ".gitignore")));
    }

    [Fact]
    public void The_renewals_schedule_has_one_setting_the_timer_binds()
    {
        var timer = typeof(RenewalRunFunctions).GetMethod(nameof(RenewalRunFunctions.StartYearlyRenewal))!
            .GetParameters().Single(p => p.ParameterType == typeof(TimerInfo)).GetCustomAttribute<TimerTriggerAttribute>()!;
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Equal("%RenewalsSchedule%", timer.Schedule);
        Assert.Contains("RenewalsSchedule", values);
        Assert.DoesNotContain(values, v => v.Contains("Renewals__Schedule", StringComparison.Ordinal));
        Assert.DoesNotContain(values, v => v.Contains("maxDequeueCount", StringComparison.OrdinalIgnoreCase));
    }
}
