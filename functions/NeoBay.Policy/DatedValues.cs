using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace NeoBay.Policy;

/// <summary>
/// common.16: any cited value of the catalog may be written as <c>versions</c>, each with the date it
/// takes effect (<c>from</c>, optionally <c>to</c>) and its own citation; a later version names the notice
/// that changed it (<c>source</c>). An edition of the catalog replaces each such node by the version in
/// force on its date, marked with <c>since</c>. Dates must be ordered and must not overlap.
/// </summary>
internal static class DatedValues
{
    public const string Versions = "versions";
    public const string Since = "since";
    public const string Source = "source";
    private const string From = "from";
    private const string To = "to";

    /// <summary>Validates every <c>versions</c> list under <paramref name="node"/> and adds each change date to <paramref name="dates"/>.</summary>
    public static void CollectDates(string file, string path, YamlNode node, List<(DateOnly Date, bool First, string File, string Path)> dates)
    {
        switch (node)
        {
            case YamlMappingNode map when TryVersions(map, out var versions):
                var list = Read(file, path, versions);
                for (var i = 0; i < list.Count; i++) dates.Add((list[i].From, i == 0, file, $"{Join(path, Versions)}[{i}].{From}"));
                break;
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children) CollectDates(file, Join(path, ((YamlScalarNode)k).Value ?? ""), v, dates);
                break;
            case YamlSequenceNode seq:
                for (var i = 0; i < seq.Children.Count; i++) CollectDates(file, $"{path}[{i}]", seq.Children[i], dates);
                break;
        }
    }

    /// <summary>A copy of <paramref name="node"/> with every dated value replaced by its version in force on <paramref name="on"/>.</summary>
    public static YamlNode Resolve(YamlNode node, DateOnly on)
    {
        switch (node)
        {
            case YamlMappingNode map when TryVersions(map, out var versions):
                var chosen = (YamlMappingNode)versions.Children[0];
                foreach (YamlMappingNode v in versions.Children)
                {
                    if (DateOf(v, From) <= on) chosen = v;
                }
                var resolved = new YamlMappingNode();
                // Keys shared by every version (unit) stay; a version's own keys win.
                foreach (var (k, v) in map.Children)
                {
                    if (((YamlScalarNode)k).Value != Versions && !chosen.Children.ContainsKey(k)) resolved.Add(k, v);
                }
                foreach (var (k, v) in chosen.Children)
                {
                    var key = ((YamlScalarNode)k).Value;
                    if (key == From) resolved.Add(Since, v);
                    else if (key != To) resolved.Add(k, Resolve(v, on));
                }
                return resolved;
            case YamlMappingNode map:
                var copy = new YamlMappingNode();
                foreach (var (k, v) in map.Children) copy.Add(k, Resolve(v, on));
                return copy;
            case YamlSequenceNode seq:
                var items = new YamlSequenceNode();
                foreach (var item in seq.Children) items.Add(Resolve(item, on));
                return items;
            default:
                return node;
        }
    }

    private static bool TryVersions(YamlMappingNode map, out YamlSequenceNode versions)
    {
        versions = null!;
        if (!map.Children.TryGetValue(new YamlScalarNode(Versions), out var v)) return false;
        versions = v as YamlSequenceNode ?? throw new CatalogException("", Versions, "must be a list");
        return true;
    }

    private readonly record struct Version(DateOnly From, DateOnly? To);

    private static List<Version> Read(string file, string path, YamlSequenceNode versions)
    {
        var list = new List<Version>();
        var at = Join(path, Versions);
        if (versions.Children.Count == 0) throw new CatalogException(file, at, "lists no version");
        for (var i = 0; i < versions.Children.Count; i++)
        {
            var itemPath = $"{at}[{i}]";
            if (versions.Children[i] is not YamlMappingNode v) throw new CatalogException(file, itemPath, "must be a mapping");
            if (v.Children.ContainsKey(new YamlScalarNode(Since))) throw new CatalogException(file, itemPath, "a version gives from, not since");
            var from = DateOf(v, From) ?? throw new CatalogException(file, Join(itemPath, From), "missing or not yyyy-MM-dd");
            DateOnly? to = null;
            if (v.Children.ContainsKey(new YamlScalarNode(To)))
            {
                to = DateOf(v, To) ?? throw new CatalogException(file, Join(itemPath, To), "not yyyy-MM-dd");
                if (to < from) throw new CatalogException(file, Join(itemPath, To), "ends before it begins");
            }
            if (i > 0)
            {
                var previous = list[i - 1];
                if (from <= previous.From) throw new CatalogException(file, Join(itemPath, From), $"{Text(from)} is not after the previous version's {Text(previous.From)}: versions must be in date order");
                if (previous.To is { } end && end >= from) throw new CatalogException(file, Join(itemPath, From), $"overlaps the previous version, in force to {Text(end)}");
                if (previous.To is { } last && last.AddDays(1) != from) throw new CatalogException(file, Join(itemPath, From), $"leaves a gap after {Text(last)}");
                if (!v.Children.ContainsKey(new YamlScalarNode(Source))) throw new CatalogException(file, Join(itemPath, Source), "a change names the notice that made it");
            }
            else if (to is not null && versions.Children.Count == 1)
            {
                throw new CatalogException(file, Join(itemPath, To), "the last version stays in force: no end date");
            }
            list.Add(new Version(from, to));
        }
        if (list[^1].To is not null) throw new CatalogException(file, $"{at}[{list.Count - 1}].{To}", "the last version stays in force: no end date");
        return list;
    }

    private static DateOnly? DateOf(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s
        && DateOnly.TryParseExact(s.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static string Text(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
