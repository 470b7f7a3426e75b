using Microsoft.Extensions.Configuration;

namespace NeoBay.LocalHost.Storage;

/// <summary>Tells the local storage emulator from a real storage account, so a development host never writes to production.</summary>
public static class StorageGuard
{
    private static readonly string[] LocalHosts = ["127.0.0.1", "localhost", "::1", "[::1]"];
    private static readonly string[] EndpointKeys = ["BlobEndpoint", "QueueEndpoint", "TableEndpoint", "FileEndpoint"];
    private static readonly string[] ServiceUriKeys = ["serviceUri", "blobServiceUri", "queueServiceUri", "tableServiceUri"];

    /// <summary>True when <paramref name="connectionString"/> is <c>UseDevelopmentStorage=true</c> or names only loopback endpoints.</summary>
    public static bool IsEmulator(string connectionString)
    {
        var parts = Parse(connectionString);
        if (parts.TryGetValue("UseDevelopmentStorage", out var development))
            return string.Equals(development, "true", StringComparison.OrdinalIgnoreCase);

        var endpoints = EndpointKeys.Where(parts.ContainsKey).Select(key => parts[key]).ToList();
        // Without explicit endpoints the SDK builds https://{account}.{service}.core.windows.net: a real account.
        return endpoints.Count > 0 && endpoints.All(IsLoopbackUri);
    }

    /// <summary>
    /// Every reason the configured storage (<c>AzureWebJobsStorage</c> or its identity-based <c>__serviceUri</c> form)
    /// is not the emulator; empty when it is safe for a development host.
    /// </summary>
    public static IReadOnlyList<string> ProductionStorageSettings(IConfiguration configuration, string connectionName = "AzureWebJobsStorage")
    {
        var problems = new List<string>();
        var section = configuration.GetSection(connectionName);
        if (section.Value is { Length: > 0 } connectionString && !IsEmulator(connectionString))
        {
            problems.Add($"{connectionName} names a storage account that is not the local emulator ({Describe(connectionString)})");
        }

        foreach (var key in ServiceUriKeys)
        {
            if (section[key] is { Length: > 0 } uri && !IsLoopbackUri(uri))
                problems.Add($"{connectionName}__{key} is {uri}");
        }

        return problems;
    }

    private static string Describe(string connectionString)
    {
        var parts = Parse(connectionString);
        return parts.TryGetValue("AccountName", out var account) ? $"account '{account}'" : "no emulator endpoints";
    }

    private static bool IsLoopbackUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && LocalHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase);

    internal static Dictionary<string, string> Parse(string connectionString)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals > 0) parts[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        return parts;
    }
}
