using NeoBay.Grants.Documents;

namespace NeoBay.Grants.Tests.Documents;

public sealed class DocumentTypesTests
{
    [Theory]
    [InlineData("application/pdf", "25 50 44 46 2D 31 2E 34", true)]
    [InlineData("application/pdf", "25 50 44 46", false)] // "%PDF" without the dash
    [InlineData("application/ofd", "50 4B 03 04 14 00", true)]
    [InlineData("application/ofd", "50 4B 05 06", false)] // an empty ZIP's end record, not a local file header
    [InlineData("image/jpeg", "FF D8 FF E1", true)]
    [InlineData("image/jpeg", "FF D8 00", false)]
    [InlineData("image/png", "89 50 4E 47 0D 0A 1A 0A 00", true)]
    [InlineData("image/png", "89 50 4E 47 0D 0A 1A", false)]
    [InlineData("application/pdf", "4D 5A 90 00", false)] // MZ
    [InlineData("image/png", "7F 45 4C 46", false)] // ELF
    public void A_type_passes_only_with_its_signature(string type, string hex, bool passes) =>
        Assert.Equal(passes, DocumentTypes.SignatureMatches(type, Convert.FromHexString(hex.Replace(" ", string.Empty))));

    [Theory]
    [InlineData("Application/PDF", "application/pdf")]
    [InlineData("image/png; charset=binary", "image/png")]
    [InlineData("application/octet-stream", null)]
    [InlineData("application/zip", null)]
    [InlineData("", null)]
    public void Only_the_four_types_are_accepted(string declared, string? normalised) => Assert.Equal(normalised, DocumentTypes.Normalise(declared));

    [Fact]
    public void Document_ids_and_blob_names_have_one_shape()
    {
        var id = DocumentKeys.NewId(new DateTimeOffset(2026, 11, 26, 3, 4, 5, TimeSpan.Zero));
        Assert.StartsWith("D20261126030405-", id);
        Assert.True(DocumentKeys.IsWellFormed(id));
        Assert.False(DocumentKeys.IsWellFormed("D20261126030405-ABCDEF0123")); // upper-case hex is not ours
        Assert.False(DocumentKeys.IsWellFormed("../D2026112603040"));
        Assert.True(DocumentKeys.TryParseBlobName($"A20261126030405-0123456789/{id}", out var app, out var doc));
        Assert.Equal(("A20261126030405-0123456789", id), (app, doc));
        Assert.False(DocumentKeys.TryParseBlobName($"x/A1/{id}", out _, out _));
    }

    [Fact]
    public void Options_refuse_an_upload_SAS_over_15_minutes_and_a_zero_limit()
    {
        Assert.Throws<InvalidOperationException>(() => new DocumentOptions { UploadLifetime = TimeSpan.FromMinutes(16) }.Validate());
        Assert.Throws<InvalidOperationException>(() => new DocumentOptions { MaxBytes = 0 }.Validate());
        Assert.Throws<InvalidOperationException>(() => new DocumentOptions { Container = "Docs" }.Validate());
        Assert.Equal(20_971_520, new DocumentOptions().Validate().MaxBytes);
    }

    [Theory]
    [InlineData(new[] { "OFD.xml", "Doc_0/Document.xml" }, true)]
    [InlineData(new[] { "Doc_0/Document.xml", "/OFD.xml" }, true)]
    [InlineData(new[] { "Doc_0/OFD.xml" }, false)] // not at the root
    [InlineData(new[] { "payload.exe" }, false)]
    public void An_OFD_package_lists_OFD_xml_at_its_root(string[] entries, bool isOfd)
    {
        var zip = DocumentUploadTests.Zip(entries);
        var tail = zip[^OfdPackage.TailLength(zip.Length)..];

        var directory = OfdPackage.FindCentralDirectory(tail, zip.Length);

        Assert.NotNull(directory);
        Assert.Equal(isOfd, OfdPackage.ListsRootEntry(zip.AsSpan((int)directory.Value.Offset, directory.Value.Size)));
    }

    [Fact]
    public void A_truncated_ZIP_has_no_central_directory() =>
        Assert.Null(OfdPackage.FindCentralDirectory(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0 }, 8));
}
