namespace NeoBay.Policy.Tests;

/// <summary>Catalogs built from the embedded YAML with some text replaced: switches flipped, dated values added.</summary>
internal static class TestCatalogs
{
    public static IReadOnlyList<KeyValuePair<string, string>> EmbeddedFiles() => PolicyCatalog.EmbeddedFiles();

    /// <summary>The embedded catalog with <paramref name="oldText"/> replaced once in <paramref name="file"/>.</summary>
    public static PolicyCatalog With(string file, string oldText, string newText)
    {
        var files = EmbeddedFiles().Select(f =>
        {
            if (f.Key != file) return f;
            Assert.Equal(1, CountOf(f.Value, oldText));
            return new KeyValuePair<string, string>(f.Key, f.Value.Replace(oldText, newText, StringComparison.Ordinal));
        }).ToList();
        return PolicyCatalog.Load(files);
    }

    private static int CountOf(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}
