using System.CommandLine;
using NeoBay.Policy;

namespace NeoBay.Cli.Commands;

/// <summary>`neobay catalog [--json]`: the paying measures as a table, or as JSON with their parameters and citations.</summary>
internal static class CatalogCommand
{
    public static Command Create(TextWriter output)
    {
        var json = new Option<bool>("--json") { Description = "Print the catalog as JSON (code, title, article, kind, parameters with citations)." };
        var command = new Command("catalog", "List the measures that pay money.") { json };
        command.SetAction(parse =>
        {
            var catalog = PolicyCatalog.LoadEmbedded();
            if (parse.GetValue(json)) WriteJson(catalog, output);
            else WriteTable(catalog, output);
            return 0;
        });
        return command;
    }

    public static void WriteJson(PolicyCatalog catalog, TextWriter output) =>
        JsonOutput.WriteLine(output, writer => CatalogJson.WriteCatalog(writer, catalog));

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
    }
}
