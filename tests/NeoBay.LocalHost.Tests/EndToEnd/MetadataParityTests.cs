using System.Text.Json;
using NeoBay.Functions;
using NeoBay.LocalHost.Discovery;

namespace NeoBay.LocalHost.Tests.EndToEnd;

/// <summary>
/// Issue 18 §4: the real Functions host reads the <c>functions.metadata</c> the Worker SDK generates; the local host
/// discovers functions by reflection. For every function of the app the two must agree on everything that decides
/// whether and how it runs, so the local host can never run something Azure would not.
/// </summary>
public sealed class MetadataParityTests
{
    private sealed record Shape(string Name, string EntryPoint, string Trigger, string? Route, string Methods, string? AuthLevel,
        string? QueueName, string? Connection, string? Schedule, bool RunOnStartup);

    /// <summary>functions.metadata of the app build that this test build compiled (same configuration).</summary>
    private static string MetadataPath()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/{Debug|Release}/net10.0
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "functions", "NeoBay.Functions", "bin", configuration, "net10.0", "functions.metadata");
            if (File.Exists(path)) return path;
        }

        throw new InvalidOperationException($"functions.metadata ({configuration}) not found: build functions/NeoBay.Functions.");
    }

    private static IReadOnlyList<Shape> FromMetadata()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(MetadataPath()));
        return metadata.RootElement.EnumerateArray().Select(f =>
        {
            var trigger = f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            string? S(string name) => trigger.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var type = trigger.GetProperty("type").GetString()!;
            IEnumerable<string> methods = trigger.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).Order() : [];
            return new Shape(f.GetProperty("name").GetString()!, f.GetProperty("entryPoint").GetString()!, type,
                type == "httpTrigger" ? (S("route") ?? f.GetProperty("name").GetString()) : null,
                string.Join(",", methods), S("authLevel"), S("queueName"),
                type == "queueTrigger" ? S("connection") ?? "AzureWebJobsStorage" : null, S("schedule"),
                trigger.TryGetProperty("runOnStartup", out var r) && r.ValueKind == JsonValueKind.True);
        }).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    private static IReadOnlyList<Shape> FromReflection() =>
        FunctionCatalog.Discover(typeof(FunctionApp).Assembly).Select(f => new Shape(f.Name, f.EntryPoint, f.BindingType,
            f.Http?.Route, string.Join(",", (f.Http?.Methods ?? []).Order()), f.Http?.AuthLevel.ToString(),
            f.Queue?.QueueName, f.Queue?.Connection, f.Timer?.Schedule, f.Timer?.RunOnStartup ?? false)).ToList();

    [Fact]
    public void Every_function_has_the_same_name_trigger_route_methods_auth_level_queue_connection_and_schedule()
    {
        var azure = FromMetadata();
        var local = FromReflection();

        Assert.Equal(azure.Select(s => s.Name), local.Select(s => s.Name));
        foreach (var (expected, actual) in azure.Zip(local)) Assert.Equal(expected, actual);
        // The comparison covers every kind the app has, so a kind-specific field cannot go unchecked.
        Assert.Equal(["httpTrigger", "queueTrigger", "timerTrigger"], azure.Select(s => s.Trigger).Distinct().Order());
        Assert.Contains(azure, s => s is { Name: "DocumentBlobCreated", AuthLevel: "Function", Methods: "POST" });
        Assert.Contains(azure, s => s is { Name: "StartYearlyRenewal", Schedule: "%RenewalsSchedule%", RunOnStartup: false });
        Assert.Contains(azure, s => s is { Name: "EvaluateApplication", QueueName: "applications-evaluate", Connection: "AzureWebJobsStorage" });
    }
}
