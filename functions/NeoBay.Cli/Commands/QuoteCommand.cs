using System.CommandLine;
using System.Text.Json;
using NeoBay.Policy;
using NeoBay.Contracts.Quotes;

namespace NeoBay.Cli.Commands;

/// <summary>
/// `neobay quote [--file F] [--lang en]`: the quote contract of the README. Reads one request or an
/// array, prints the results in the same order; an invalid request yields {"error": …} in its place.
/// Exit 0 when every input was read, 2 when the input is not JSON at all.
/// </summary>
internal static class QuoteCommand
{
    public const int NotJson = 2;

    public static Command Create(TextReader input, TextWriter output, TextWriter error, TimeProvider time)
    {
        var file = new Option<FileInfo?>("--file", "-f") { Description = "A JSON file with one quote request or an array of them (default: standard input)." };
        var english = new Option<bool>("--en") { Description = "Messages in English (default: zh-CN)." };
        var noTrace = new Option<bool>("--no-trace") { Description = "Leave out the trace of the rules applied." };
        var folder = CatalogCommand.CatalogFolderOption();
        var command = new Command("quote", "Trial calculation of one or more applications; nothing is stored.") { file, english, noTrace, folder };
        command.SetAction(async (parse, cancellation) =>
        {
            var source = parse.GetValue(file);
            if (source is { Exists: false })
            {
                await error.WriteLineAsync($"neobay quote: file not found: {source.FullName}");
                return NotJson;
            }

            var text = source is null ? await input.ReadToEndAsync(cancellation) : await File.ReadAllTextAsync(source.FullName, cancellation);
            var engine = parse.GetValue(folder) is { } dir ? new PolicyEngine(PolicyCatalog.LoadFolderOrEmbedded(dir.FullName)) : Policy.Value;
            return Run(text, output, error, ChinaCalendar.Today(time), parse.GetValue(english), !parse.GetValue(noTrace), engine);
        });
        return command;
    }

    public static int Run(string text, TextWriter output, TextWriter error, DateOnly today, bool english, bool includeTrace, PolicyEngine? engine = null)
    {
        engine ??= Policy.Value;
        return WriteEach(text, output, error, "quote", (writer, element) => WriteOne(writer, element, engine, today, english, includeTrace));
    }

    /// <summary>
    /// Reads <paramref name="text"/> as JSON and writes one answer per input (one object, or an array in the same order);
    /// <see cref="NotJson"/> when it is not JSON at all. Shared by `quote` and `match`.
    /// </summary>
    internal static int WriteEach(string text, TextWriter output, TextWriter error, string command, Action<Utf8JsonWriter, JsonElement> writeOne)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            error.WriteLine($"neobay {command}: the input is not JSON: {e.Message}");
            return NotJson;
        }

        using (document)
        {
            var root = document.RootElement;
            JsonOutput.WriteLine(output, writer =>
            {
                if (root.ValueKind != JsonValueKind.Array)
                {
                    writeOne(writer, root);
                    return;
                }

                writer.WriteStartArray();
                foreach (var element in root.EnumerateArray()) writeOne(writer, element);
                writer.WriteEndArray();
            });
        }

        return 0;
    }

    private static void WriteOne(Utf8JsonWriter writer, JsonElement element, PolicyEngine engine, DateOnly today, bool english, bool includeTrace)
    {
        var parsed = QuoteJson.Parse(element, today, engine.Catalog, QuoteParseOptions.Quote);
        if (parsed.Error is { } invalid)
        {
            QuoteJson.WriteError(writer, invalid, english);
            return;
        }

        var decision = engine.Evaluate(parsed.Request!, parsed.History);
        QuoteJson.WriteDecision(writer, decision, english, includeTrace);
    }

    private static readonly Lazy<PolicyEngine> Policy = new(() => new PolicyEngine(PolicyCatalog.LoadEmbedded()));
}
