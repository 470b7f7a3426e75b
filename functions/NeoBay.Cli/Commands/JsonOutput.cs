using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace NeoBay.Cli.Commands;

/// <summary>Indented JSON on a text writer, Chinese left readable (not \u-escaped).</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A contract record, serialised by its source-generated context.</summary>
    public static void WriteLine<T>(TextWriter output, T value, JsonTypeInfo<T> type) =>
        WriteLine(output, writer => JsonSerializer.Serialize(writer, value, type));

    /// <summary>
    /// What a writer writes: the quote, match and catalog answers, still written by NeoBay.Policy's writers until their
    /// records replace them (issue 13).
    /// </summary>
    public static void WriteLine(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            write(writer);
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
