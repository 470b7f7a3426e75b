namespace NeoBay.LocalHost;

/// <summary>Where host.json and local.settings(.sample).json are: <c>--root=DIR</c>, else the nearest folder above the working directory or the binaries that holds host.json.</summary>
internal static class RepositoryRoot
{
    public static string Find(string[] args)
    {
        var given = args.FirstOrDefault(a => a.StartsWith("--root=", StringComparison.Ordinal));
        if (given is not null) return Path.GetFullPath(given["--root=".Length..]);
        return Above(Directory.GetCurrentDirectory()) ?? Above(AppContext.BaseDirectory) ?? AppContext.BaseDirectory;
    }

    /// <summary>Args without the ones only Program reads.</summary>
    public static string[] WithoutRoot(string[] args) => args.Where(a => !a.StartsWith("--root=", StringComparison.Ordinal)).ToArray();

    private static string? Above(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "host.json"))) return dir.FullName;
        }

        return null;
    }
}
