namespace NeoBay.LocalHost;

/// <summary>Where host.json and local.settings(.sample).json are: <c>--root=DIR</c>, else the nearest folder above the working directory or the binaries that holds host.json.</summary>
internal static class RepositoryRoot
{
    public static string Find(string[] args)
    {
        var given = args.FirstOrDefault(a => a.StartsWith("--root=", StringComparison.Ordinal));
        if (given is not null) return Path.GetFullPath(given["--root=".Length..]);
        // The repository (host.json beside package.json) above the working directory or the binaries; else the binaries (host.json is copied there).
        return Above(Directory.GetCurrentDirectory(), "package.json") ?? Above(AppContext.BaseDirectory, "package.json")
               ?? Above(Directory.GetCurrentDirectory(), null) ?? AppContext.BaseDirectory;
    }

    /// <summary>Args without the ones only Program reads.</summary>
    public static string[] WithoutRoot(string[] args) => args.Where(a => !a.StartsWith("--root=", StringComparison.Ordinal)).ToArray();

    private static string? Above(string start, string? beside)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "host.json")) && (beside is null || File.Exists(Path.Combine(dir.FullName, beside))))
                return dir.FullName;
        }

        return null;
    }
}
