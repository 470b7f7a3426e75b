using System.IO.Compression;
using System.Security.Cryptography;

namespace NeoBay.Functions.Console;

/// <summary>One static file of the console, with its gzip form and a strong ETag (hash of the content).</summary>
public sealed record ConsoleAsset(string Path, string ContentType, byte[] Content, byte[] Gzip, string ETag);

/// <summary>
/// The console's static files, embedded in this assembly from <c>Console/wwwroot</c> (one deployable, no CDN), read and
/// gzipped once at start.
/// </summary>
public sealed class ConsoleAssets
{
    public const string ResourcePrefix = "NeoBay.Functions.Console.wwwroot/";

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".json"] = "application/json; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
    };

    private readonly Dictionary<string, ConsoleAsset> assets;

    public ConsoleAssets() : this(typeof(ConsoleAssets).Assembly)
    {
    }

    /// <summary>The files embedded under <paramref name="resourcePrefix"/> (the console's, or the API reference's).</summary>
    internal ConsoleAssets(System.Reflection.Assembly assembly, string resourcePrefix = ResourcePrefix)
    {
        assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal)))
        {
            var path = name[resourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var type = Types.TryGetValue(System.IO.Path.GetExtension(path), out var t) ? t : "application/octet-stream";
            assets[path] = new ConsoleAsset(path, type, content, Compress(content), $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }
    }

    public IReadOnlyCollection<string> Paths => assets.Keys;

    /// <summary>The file at <paramref name="path"/> (relative, '/' separated; empty = index.html); null when there is none.</summary>
    public ConsoleAsset? Find(string? path)
    {
        var key = string.IsNullOrEmpty(path) ? "index.html" : path;
        return assets.TryGetValue(key, out var asset) ? asset : null;
    }

    private static byte[] Compress(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(content);
        return output.ToArray();
    }
}
