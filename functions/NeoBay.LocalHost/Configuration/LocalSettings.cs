using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace NeoBay.LocalHost.Configuration;

/// <summary>
/// The host's configuration, in rising precedence: local.settings.json <c>Values</c> (or, when that file is
/// absent, the committed local.settings.sample.json), environment variables, the command line, and finally
/// any settings the caller adds (tests).
/// </summary>
public static class LocalSettings
{
    public const string AllowProductionStorageFlag = "--allow-production-storage";
    public const string NoAzuriteFlag = "--no-azurite";

    public static string? SettingsFile(string root)
    {
        foreach (var name in new[] { "local.settings.json", "local.settings.sample.json" })
        {
            var path = Path.Combine(root, name);
            if (File.Exists(path)) return path;
        }

        return null;
    }

    public static IConfigurationRoot Build(string root, string[] args, IEnumerable<KeyValuePair<string, string?>>? extra = null)
    {
        var builder = new ConfigurationBuilder();
        if (SettingsFile(root) is { } file)
        {
            builder.AddInMemoryCollection(ReadValues(file));
        }

        builder.AddEnvironmentVariables();
        builder.AddCommandLine(NormaliseArgs(args));
        if (extra is not null) builder.AddInMemoryCollection(extra);
        return builder.Build();
    }

    /// <summary>The <c>Values</c> of a local.settings file (with <c>__</c> read as <c>:</c>) and <c>Host.LocalHttpPort</c>.</summary>
    public static IReadOnlyDictionary<string, string?> ReadValues(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var settings) && settings.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in settings.EnumerateObject())
            {
                values[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
            }
        }

        if (document.RootElement.TryGetProperty("Host", out var host) && host.ValueKind == JsonValueKind.Object
            && host.TryGetProperty("LocalHttpPort", out var port))
        {
            values[LocalHostSettings.PortKey] = port.ToString();
        }

        return values;
    }

    /// <summary>Turns the host's flags into settings so the command-line provider accepts them.</summary>
    public static string[] NormaliseArgs(string[] args)
    {
        var result = new List<string>();
        foreach (var arg in args)
        {
            switch (arg)
            {
                case AllowProductionStorageFlag:
                    result.Add($"--{LocalHostSettings.AllowProductionStorageKey}=true");
                    break;
                case NoAzuriteFlag:
                    result.Add($"--{LocalHostSettings.NoAzuriteKey}=true");
                    break;
                default:
                    result.Add(arg);
                    break;
            }
        }

        return result.ToArray();
    }
}

/// <summary>The local host's own settings (command line <c>--LocalHost:Port=7072</c>, env <c>LocalHost__Port</c>).</summary>
public static class LocalHostSettings
{
    public const string UrlsKey = "LocalHost:Urls";
    public const string PortKey = "LocalHost:Port";
    public const string KeyKey = "LocalHost:Key";
    public const string AllowProductionStorageKey = "LocalHost:AllowProductionStorage";
    public const string NoAzuriteKey = "LocalHost:NoAzurite";
    public const string StorageKey = "AzureWebJobsStorage";
    public const string QueueOverridePrefix = "LocalHost:Queues:";

    public static string Urls(IConfiguration configuration) =>
        configuration[UrlsKey] is { Length: > 0 } urls
            ? urls
            : $"http://localhost:{(configuration[PortKey] is { Length: > 0 } port ? port : "7071")}";

    public static bool Flag(IConfiguration configuration, string key) =>
        bool.TryParse(configuration[key], out var value) && value;

    /// <summary><c>AzureWebJobs.{name}.Disabled</c>, as the Functions host reads it.</summary>
    public static bool IsDisabled(IConfiguration configuration, string functionName) =>
        Flag(configuration, $"AzureWebJobs.{functionName}.Disabled") || Flag(configuration, $"AzureWebJobs:{functionName}:Disabled");
}
