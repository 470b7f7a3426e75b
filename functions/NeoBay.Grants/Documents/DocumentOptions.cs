namespace NeoBay.Grants.Documents;

/// <summary>
/// Settings of the documents feature (<c>NeoBay:Documents:*</c>), validated: the size limit, the container,
/// and the lifetimes of the upload SAS (at most 15 minutes) and of the read SAS (a few minutes).
/// </summary>
public sealed record DocumentOptions
{
    public const long DefaultMaxBytes = 20 * 1024 * 1024;
    public const string DefaultContainer = "documents";
    public static readonly TimeSpan MaxUploadLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxReadLifetime = TimeSpan.FromMinutes(15);

    /// <summary>Largest accepted file (bytes); default 20 MiB.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    public string Container { get; init; } = DefaultContainer;

    public TimeSpan UploadLifetime { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan ReadLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The slowest upload the SAS allows for: a file of n bytes gets <see cref="UploadGrace"/> + n / this, at most <see cref="UploadLifetime"/>.</summary>
    public const int SlowestUploadBytesPerSecond = 32 * 1024;

    /// <summary>Time to start an upload, whatever its size.</summary>
    public static readonly TimeSpan UploadGrace = TimeSpan.FromMinutes(2);

    /// <summary>How long the upload URL of a file of <paramref name="size"/> bytes stays valid: as long as the upload needs, no longer.</summary>
    public TimeSpan UploadLifetimeFor(long size)
    {
        var needed = UploadGrace + TimeSpan.FromSeconds((Math.Max(size, 0) + SlowestUploadBytesPerSecond - 1) / SlowestUploadBytesPerSecond);
        return needed < UploadLifetime ? needed : UploadLifetime;
    }

    /// <summary>Documents one application may hold (pending and kept), so an upload loop cannot fill storage.</summary>
    public int MaxDocumentsPerApplication { get; init; } = 100;

    /// <summary>This, or an exception naming the setting at fault.</summary>
    public DocumentOptions Validate()
    {
        if (MaxBytes is < 1 or > 256L * 1024 * 1024) throw Bad("MaxBytes", "must be 1 … 268435456 bytes");
        if (UploadLifetime <= TimeSpan.Zero || UploadLifetime > MaxUploadLifetime) throw Bad("UploadSasMinutes", "must be above 0 and at most 15 minutes");
        if (ReadLifetime <= TimeSpan.Zero || ReadLifetime > MaxReadLifetime) throw Bad("ReadSasMinutes", "must be above 0 and at most 15 minutes");
        if (MaxDocumentsPerApplication < 1) throw Bad("MaxPerApplication", "must be at least 1");
        if (Container is not { Length: >= 3 and <= 63 } || !Container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            throw Bad("Container", "must be a valid container name (3–63 lower-case letters, digits, dashes)");
        return this;
    }

    private static InvalidOperationException Bad(string name, string why) => new($"NeoBay:Documents:{name} {why}.");
}
