using System.Buffers.Binary;
using System.Text;

namespace NeoBay.Grants.Documents;

/// <summary>
/// OFD (GB/T 33190) is a ZIP package with <c>OFD.xml</c> at its root. The ZIP signature alone would let any ZIP
/// through as an e-invoice, so the central directory is read (two ranged reads of the blob) and must list <c>OFD.xml</c>.
/// </summary>
public static class OfdPackage
{
    public const string RootEntry = "OFD.xml";
    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint CentralDirectoryEntry = 0x02014b50;
    private const int EndRecordLength = 22;
    private const int MaxCommentLength = 65535;

    /// <summary>How many bytes at the end of a package hold its end-of-central-directory record.</summary>
    public static int TailLength(long length) => (int)Math.Min(length, EndRecordLength + MaxCommentLength);

    /// <summary>Where the central directory is, from the package's tail; null when the tail holds no end record.</summary>
    public static (long Offset, int Size)? FindCentralDirectory(ReadOnlySpan<byte> tail, long length)
    {
        for (var i = tail.Length - EndRecordLength; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail[i..]) != EndOfCentralDirectory) continue;
            var size = BinaryPrimitives.ReadUInt32LittleEndian(tail[(i + 12)..]);
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(tail[(i + 16)..]);
            if (size > int.MaxValue || offset + (long)size > length) return null;
            return (offset, (int)size);
        }

        return null;
    }

    /// <summary>True when the central directory lists <c>OFD.xml</c> at the package root.</summary>
    public static bool ListsRootEntry(ReadOnlySpan<byte> directory)
    {
        var at = 0;
        while (at + 46 <= directory.Length && BinaryPrimitives.ReadUInt32LittleEndian(directory[at..]) == CentralDirectoryEntry)
        {
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(directory[(at + 28)..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(directory[(at + 30)..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(directory[(at + 32)..]);
            if (at + 46 + nameLength > directory.Length) return false;
            var name = Encoding.UTF8.GetString(directory.Slice(at + 46, nameLength)).TrimStart('/');
            if (string.Equals(name, RootEntry, StringComparison.OrdinalIgnoreCase)) return true;
            at += 46 + nameLength + extraLength + commentLength;
        }

        return false;
    }
}
