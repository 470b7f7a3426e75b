using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NeoBay.Policy.Reforms;

/// <summary>One dated parameter change of a what-if reform: <paramref name="Parameter"/> of <paramref name="Measure"/> is <paramref name="Value"/> from <paramref name="From"/>.</summary>
public sealed record ReformChange(string Measure, string Parameter, DateOnly From, string Value, string Citation);

/// <summary>
/// A what-if reform (#17): a small YAML of dated parameter changes. <see cref="ApplyTo"/> adds each change to
/// the catalog's YAML as a later dated version (common.16) and loads the result as a second catalog, so the
/// engine reads it exactly as it would read a real notice. Pure: no I/O beyond the given texts.
/// </summary>
public sealed record Reform(string Name, IReadOnlyList<ReformChange> Changes)
{
    private const string DefaultCitation = "what-if";

    /// <summary>Reads a reform; throws <see cref="ReformException"/> naming the field at fault.</summary>
    public static Reform Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new ReformException($"line {ex.Start.Line}", "not valid YAML: " + ex.Message);
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ReformException("", "must hold one YAML mapping");
        OnlyKeys(root, "", "name", "changes");
        var name = ScalarOf(root, "", "name");
        if (!root.Children.TryGetValue(new YamlScalarNode("changes"), out var list) || list is not YamlSequenceNode changes || changes.Children.Count == 0)
            throw new ReformException("changes", "must list at least one change");
        var result = new List<ReformChange>();
        for (var i = 0; i < changes.Children.Count; i++)
        {
            var at = $"changes[{i}]";
            if (changes.Children[i] is not YamlMappingNode c) throw new ReformException(at, "must be a mapping");
            OnlyKeys(c, at, "measure", "parameter", "from", "value", "citation");
            var fromText = ScalarOf(c, at, "from");
            if (!DateOnly.TryParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
                throw new ReformException($"{at}.from", $"'{fromText}' is not a date yyyy-MM-dd");
            var citation = c.Children.ContainsKey(new YamlScalarNode("citation")) ? ScalarOf(c, at, "citation") : DefaultCitation;
            result.Add(new ReformChange(ScalarOf(c, at, "measure"), ScalarOf(c, at, "parameter"), from, ScalarOf(c, at, "value"), citation));
        }
        return new Reform(name, result);
    }

    /// <summary>
    /// The catalog of <paramref name="files"/> with every change added as a dated version: the value in force
    /// before <c>from</c> is kept, later versions are replaced. Throws <see cref="ReformException"/> for an
    /// unknown measure or parameter, or a reformed value the catalog refuses.
    /// </summary>
    public PolicyCatalog ApplyTo(IEnumerable<KeyValuePair<string, string>> files)
    {
        var roots = files.ToDictionary(f => f.Key, f => (YamlMappingNode)CatalogLoader.Parse(f.Key, f.Value), StringComparer.Ordinal);
        var start = roots.TryGetValue("policy.yaml", out var policy) ? ValidFrom(policy) : DateOnly.MinValue;
        for (var i = 0; i < Changes.Count; i++) Apply(roots, Changes[i], $"changes[{i}]", start);
        var texts = roots.Select(r =>
        {
            var writer = new StringWriter(CultureInfo.InvariantCulture);
            new YamlStream(new YamlDocument(r.Value)).Save(writer, assignAnchors: false);
            return new KeyValuePair<string, string>(r.Key, writer.ToString());
        }).ToList();
        try
        {
            return PolicyCatalog.Load(texts);
        }
        catch (CatalogException ex)
        {
            throw new ReformException("changes", $"the reformed catalog is refused: {ex.Message}");
        }
    }

    private static void Apply(Dictionary<string, YamlMappingNode> roots, ReformChange change, string at, DateOnly start)
    {
        var measure = roots.Values
            .SelectMany(r => r.Children.TryGetValue(new YamlScalarNode("measures"), out var m) && m is YamlSequenceNode s ? s.Children.OfType<YamlMappingNode>() : [])
            .FirstOrDefault(m => m.Children.TryGetValue(new YamlScalarNode("code"), out var c) && c is YamlScalarNode s && s.Value == change.Measure)
            ?? throw new ReformException($"{at}.measure", $"unknown measure '{change.Measure}'");
        if (!measure.Children.TryGetValue(new YamlScalarNode("parameters"), out var p) || p is not YamlMappingNode parameters
            || !parameters.Children.TryGetValue(new YamlScalarNode(change.Parameter), out var node) || node is not YamlMappingNode parameter)
            throw new ReformException($"{at}.parameter", $"unknown parameter '{change.Parameter}' of {change.Measure}");

        var versions = Versions(parameter, start);
        if (versions.Children.Any(v => v is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("value"), out var value) && value is not YamlScalarNode))
            throw new ReformException($"{at}.parameter", $"{change.Measure} {change.Parameter} is not a single value");
        var kept = versions.Children.OfType<YamlMappingNode>().Where(v => DateOf(v, "from") < change.From).ToList();
        var template = kept.Count > 0 ? kept[^1] : (YamlMappingNode)versions.Children[0];
        var added = new YamlMappingNode();
        foreach (var (k, v) in template.Children)
        {
            var key = ((YamlScalarNode)k).Value;
            if (key is not ("from" or "to" or "value" or "source")) added.Add(k, v);
        }
        // A change dated on or before the policy's first day replaces the value from that day.
        added.Add("from", (change.From > start ? change.From : start).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        added.Add("value", change.Value);
        if (kept.Count > 0) added.Add("source", change.Citation);
        // The last kept version stays in force up to the change (its end date, if any, is dropped).
        if (kept.Count > 0) kept[^1].Children.Remove(new YamlScalarNode("to"));
        var list = new YamlSequenceNode();
        foreach (var v in kept) list.Add(v);
        list.Add(added);
        parameters.Children[new YamlScalarNode(change.Parameter)] = WithVersions(parameter, list);
    }

    /// <summary>The parameter's versions; a plain cited value is one version in force from the policy's first day.</summary>
    private static YamlSequenceNode Versions(YamlMappingNode parameter, DateOnly start)
    {
        if (parameter.Children.TryGetValue(new YamlScalarNode("versions"), out var v) && v is YamlSequenceNode versions) return versions;
        var only = new YamlMappingNode();
        only.Add("from", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        foreach (var (k, value) in parameter.Children)
        {
            if (((YamlScalarNode)k).Value != "unit") only.Add(k, value);
        }
        return new YamlSequenceNode(only);
    }

    private static YamlMappingNode WithVersions(YamlMappingNode parameter, YamlSequenceNode versions)
    {
        var result = new YamlMappingNode();
        if (parameter.Children.TryGetValue(new YamlScalarNode("unit"), out var unit)) result.Add("unit", unit);
        result.Add("versions", versions);
        return result;
    }

    private static DateOnly ValidFrom(YamlMappingNode policy) =>
        policy.Children.TryGetValue(new YamlScalarNode("validFrom"), out var v) && v is YamlMappingNode m ? DateOf(m, "value") : DateOnly.MinValue;

    private static DateOnly DateOf(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s
        && DateOnly.TryParseExact(s.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : DateOnly.MinValue;

    private static void OnlyKeys(YamlMappingNode map, string at, params string[] keys)
    {
        foreach (var k in map.Children.Keys)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            if (!keys.Contains(key)) throw new ReformException(Join(at, key), "unknown key");
        }
    }

    private static string ScalarOf(YamlMappingNode map, string at, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value)
            ? s.Value! : throw new ReformException(Join(at, key), "missing or not a single value");

    private static string Join(string at, string key) => at.Length == 0 ? key : at + "." + key;
}

/// <summary>A reform the catalog cannot take: names the field (e.g. <c>changes[1].measure</c>) and the problem.</summary>
public sealed class ReformException(string field, string problem)
    : Exception($"Reform {(field.Length == 0 ? "" : field + ": ")}{problem}")
{
    public string Field { get; } = field;
    public string Problem { get; } = problem;
}
