using System.Reflection;

namespace NeoBay.Infra.Tests.Support;

/// <summary>Paths the build wrote into the assembly: the repository root and the restored bicep binary.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>tools/bicep of the NuGet package Azure.Bicep.CommandLine.linux-x64 (GeneratePathProperty).</summary>
    public static string BicepPath
    {
        get
        {
            var path = Metadata("BicepPath");
            if (string.IsNullOrEmpty(path) || path.StartsWith("/tools/", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    "The bicep path is empty: restore tests/NeoBay.Infra.Tests (package Azure.Bicep.CommandLine.linux-x64).");
            }

            return path;
        }
    }

    private static string FindRoot()
    {
        var fromBuild = Metadata("RepoRoot");
        if (!string.IsNullOrEmpty(fromBuild) && File.Exists(System.IO.Path.Combine(fromBuild, "NeoBay.slnx")))
        {
            return fromBuild;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "NeoBay.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (NeoBay.slnx).");
    }

    private static string? Metadata(string key) =>
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
}
