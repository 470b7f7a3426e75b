namespace NeoBay.Grants.Documents;

/// <summary>
/// The accepted file types and their signatures (first bytes): PDF <c>%PDF-</c>; OFD, the Chinese e-invoice
/// format, a ZIP container (<c>PK\x03\x04</c>); JPEG <c>FF D8 FF</c>; PNG <c>89 50 4E 47 0D 0A 1A 0A</c>.
/// </summary>
public static class DocumentTypes
{
    public const string Pdf = "application/pdf";
    public const string Ofd = "application/ofd";
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    private static readonly Dictionary<string, byte[]> Signatures = new(StringComparer.Ordinal)
    {
        [Pdf] = "%PDF-"u8.ToArray(),
        [Ofd] = [0x50, 0x4B, 0x03, 0x04],
        [Jpeg] = [0xFF, 0xD8, 0xFF],
        [Png] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
    };

    /// <summary>How many first bytes the longest signature needs.</summary>
    public static int HeadLength { get; } = Signatures.Values.Max(s => s.Length);

    /// <summary>The canonical type (lower case, parameters dropped) when it is accepted; null otherwise.</summary>
    public static string? Normalise(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var type = contentType.Split(';')[0].Trim().ToLowerInvariant();
        return Signatures.ContainsKey(type) ? type : null;
    }

    /// <summary>True when the first bytes carry the signature of the (accepted) type.</summary>
    public static bool SignatureMatches(string contentType, ReadOnlySpan<byte> head) =>
        Signatures.TryGetValue(contentType, out var signature) && head.StartsWith(signature);
}
