using System.CommandLine;
using System.Text.Json;
using NeoBay.Policy;
using NeoBay.Policy.Matching;
using NeoBay.Contracts.Matching;
using NeoBay.Contracts.Quotes;

namespace NeoBay.Cli.Commands;

/// <summary>
/// `neobay match [--file F] [--en]`: what a profile could get from every measure in force, the same answer as an
/// anonymous <c>POST /api/match</c> (a profile may declare its <c>history</c>). One profile or an array; an invalid
/// profile yields {"error": …} in its place. Exit 0 when every input was read, 2 when the input is not JSON at all.
/// </summary>
internal static class MatchCommand
{
    public static Command Create(TextReader input, TextWriter output, TextWriter error, TimeProvider time)
    {
        var file = new Option<FileInfo?>("--file", "-f") { Description = "A JSON file with one profile or an array of them (default: standard input)." };
        var english = new Option<bool>("--en") { Description = "Messages in English (default: zh-CN)." };
        var folder = CatalogCommand.CatalogFolderOption();
        var command = new Command("match", "What a profile could get from every measure in force: eligible, needsFacts, ineligible; nothing is stored.") { file, english, folder };
        command.SetAction(async (parse, cancellation) =>
        {
            var source = parse.GetValue(file);
            if (source is { Exists: false })
            {
                await error.WriteLineAsync($"neobay match: file not found: {source.FullName}");
                return QuoteCommand.NotJson;
            }

            var text = source is null ? await input.ReadToEndAsync(cancellation) : await File.ReadAllTextAsync(source.FullName, cancellation);
            var matcher = parse.GetValue(folder) is { } dir ? new ProfileMatcher(new PolicyEngine(PolicyCatalog.LoadFolderOrEmbedded(dir.FullName))) : Matcher.Value;
            return Run(text, output, error, ChinaCalendar.Today(time), parse.GetValue(english), matcher);
        });
        return command;
    }

    public static int Run(string text, TextWriter output, TextWriter error, DateOnly today, bool english, ProfileMatcher? matcher = null)
    {
        matcher ??= Matcher.Value;
        return QuoteCommand.WriteEach(text, output, error, "match", (writer, element) => WriteOne(writer, element, matcher, today, english));
    }

    private static void WriteOne(Utf8JsonWriter writer, JsonElement element, ProfileMatcher matcher, DateOnly today, bool english)
    {
        var parsed = QuoteJson.Parse(element, today, matcher.Catalog, QuoteParseOptions.Match);
        if (parsed.Error is { } invalid) QuoteJson.WriteError(writer, invalid, english);
        else JsonSerializer.Serialize(writer, matcher.Match(parsed.Request!, parsed.History).ToResponse(english), MatchJsonContext.Default.MatchResponse);
    }

    private static readonly Lazy<ProfileMatcher> Matcher = new(() => new ProfileMatcher(new PolicyEngine(PolicyCatalog.LoadEmbedded())));
}
