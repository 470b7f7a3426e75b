namespace NeoBay.Infra.Tests.Support;

/// <summary>
/// Host suffixes of the global Azure cloud. Azure operated by 21Vianet has others
/// (core.chinacloudapi.cn, chinacloudsites.cn, vault.azure.cn, …), so none may be written in code:
/// endpoints come from the resources (Bicep) or from settings (C#).
/// </summary>
public static class PublicCloudHosts
{
    public static readonly IReadOnlyList<string> Suffixes =
    [
        "core.windows.net",
        "azurewebsites.net",
        "vault.azure.net",
        "applicationinsights.azure.com",
        "monitor.azure.com",
        "management.azure.com",
        "login.microsoftonline.com",
        "login.windows.net",
        "graph.microsoft.com",
        "database.windows.net",
        "servicebus.windows.net",
        "documents.azure.com",
        "azure-api.net",
        "azurecr.io",
        "azureedge.net",
        "trafficmanager.net",
    ];

    /// <summary>Lines (1-based) naming a public-cloud host outside a whole-line comment.</summary>
    public static IEnumerable<(int Line, string Host)> Find(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith("/*", StringComparison.Ordinal) ||
                trimmed.StartsWith('*'))
            {
                continue;
            }

            foreach (var host in Suffixes)
            {
                if (lines[i].Contains(host, StringComparison.OrdinalIgnoreCase))
                {
                    yield return (i + 1, host);
                }
            }
        }
    }

    /// <summary>infra/**/*.bicep and *.bicepparam, functions/**/*.cs (no bin/obj); tests are not scanned.</summary>
    public static IEnumerable<string> FilesToScan()
    {
        var infra = Directory.EnumerateFiles(Repo.Path("infra"), "*.bicep*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal) || f.EndsWith(".bicepparam", StringComparison.Ordinal));
        var code = Directory.EnumerateFiles(Repo.Path("functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f));
        return infra.Concat(code).Order(StringComparer.Ordinal);
    }

    private static bool IsBuildOutput(string path)
    {
        var sep = Path.DirectorySeparatorChar;
        return path.Contains($"{sep}bin{sep}", StringComparison.Ordinal) || path.Contains($"{sep}obj{sep}", StringComparison.Ordinal);
    }
}
