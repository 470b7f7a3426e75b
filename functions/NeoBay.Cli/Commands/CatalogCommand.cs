using System.CommandLine;
using NeoBay.Policy;
using System.Text.Json;
using NeoBay.Contracts.Catalog;

namespace NeoBay.Cli.Commands;

/// <summary>
/// `neobay catalog [--json] [--at yyyy-MM-dd] [--catalog DIR]`: the paying measures as a table, or as JSON with their
/// parameters and citations, as in force on a date (common.16; default: the first edition).
/// </summary>
internal static class CatalogCommand
{
    public static Command Create(TextWriter output)
    {
        var json = new Option<bool>("--json") { Description = "Print the catalog as JSON (code, title, article, kind, parameters with citations)." };
        var at = new Option<string?>("--at") { Description = "Show the catalog in force on this date, yyyy-MM-dd (dated values, common.16)." };
        var folder = CatalogFolderOption();
        var command = new Command("catalog", "List the measures that pay money.") { json, at, folder };
        command.SetAction(parse =>
        {
            var catalog = PolicyCatalog.LoadFolderOrEmbedded(parse.GetValue(folder)?.FullName);
            if (parse.GetValue(at) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
                {
                    output.WriteLine($"neobay catalog: --at must be yyyy-MM-dd, not '{text}'");
                    return 2;
                }
                catalog = catalog.At(date);
            }
            if (parse.GetValue(json)) WriteJson(catalog, output);
            else WriteTable(catalog, output);
            return 0;
        });
        return command;
    }

    /// <summary>`--catalog DIR`: a folder of catalog YAML instead of the embedded catalog.</summary>
    public static Option<DirectoryInfo?> CatalogFolderOption() =>
        new("--catalog") { Description = "A folder of catalog YAML (policy.yaml, a01.yaml…) to use instead of the embedded catalog." };

    public static void WriteJson(PolicyCatalog catalog, TextWriter output) =>
        JsonOutput.WriteLine(output, writer => JsonSerializer.Serialize(writer, catalog.ToResponse(), CatalogJsonContext.Default.CatalogResponse));

    public static void WriteTable(PolicyCatalog catalog, TextWriter output)
    {
        output.WriteLine($"{"code",-6}  {"kind",-22}  {"who",-40}  title");
        foreach (var measure in catalog.Measures)
        {
            var who = string.Join(",", measure.ApplicantKinds);
            if (who.Length > 40) who = who[..37] + "...";
            output.WriteLine($"{measure.Code,-6}  {measure.Kind,-22}  {who,-40}  {measure.TitleZh} / {measure.TitleEn}");
        }

        output.WriteLine($"{catalog.Measures.Count} measures.");
        output.WriteLine($"In force from {catalog.InForceFrom:yyyy-MM-dd}.");
    }
}
