using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using NeoBay.Contracts.Quotes;
using NeoBay.Policy;
using NeoBay.Policy.Tests;

namespace NeoBay.Contracts.Tests;

/// <summary>
/// Runs the hand-computed scenarios of Scenarios/*.yaml (one file per article, OpenFisca style):
/// each `input` is a quote request; it goes through QuoteJson.Parse, the engine and WriteDecision,
/// and the JSON result is compared with `output`.
/// </summary>
public sealed partial class ScenarioTests
{
    private static readonly PolicyCatalog Catalog = PolicyCatalog.LoadEmbedded();
    private static readonly PolicyEngine Engine = new(Catalog);
    private static readonly DateOnly Today = new(2025, 6, 1);
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Scenarios");

    public sealed record Scenario(string File, int Index, string Name, string InputJson, YamlMappingNode Output);

    private static readonly Lazy<IReadOnlyList<Scenario>> All = new(LoadAll);

    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var s in All.Value) data.Add(s.File, s.Index, s.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scenario_gives_the_hand_computed_result(string file, int index, string name)
    {
        var scenario = All.Value.Single(s => s.File == file && s.Index == index);
        Assert.Equal(name, scenario.Name);
        var actual = Run(scenario.InputJson);
        var because = $"{file}[{index}] {name}\ninput: {scenario.InputJson}\nactual: {actual.GetRawText()}";
        foreach (var (keyNode, expected) in scenario.Output.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            switch (key)
            {
                case "reasons":
                    var codes = actual.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToArray();
                    var expectedCodes = ((YamlSequenceNode)expected).Children.Select(c => ((YamlScalarNode)c).Value).ToArray();
                    Assert.True(expectedCodes.SequenceEqual(codes), $"reasons [{string.Join(",", expectedCodes)}] ≠ [{string.Join(",", codes)}]; {because}");
                    break;
                case "schedule":
                    var lines = actual.GetProperty("schedule").EnumerateArray().ToArray();
                    var expectedLines = ((YamlSequenceNode)expected).Children;
                    Assert.True(expectedLines.Count == lines.Length, $"schedule has {lines.Length} lines, expected {expectedLines.Count}; {because}");
                    for (var i = 0; i < lines.Length; i++)
                    {
                        foreach (var (k, v) in ((YamlMappingNode)expectedLines[i]).Children)
                            AssertValue(lines[i], ((YamlScalarNode)k).Value!, (YamlScalarNode)v, $"schedule[{i}]", because);
                    }
                    break;
                case "error":
                    Assert.True(actual.TryGetProperty("error", out var error), because);
                    foreach (var (k, v) in ((YamlMappingNode)expected).Children)
                        AssertValue(error, ((YamlScalarNode)k).Value!, (YamlScalarNode)v, "error", because);
                    break;
                default:
                    AssertValue(actual, key, (YamlScalarNode)expected, "", because);
                    break;
            }
        }
    }

    [Fact]
    public void Every_measure_has_an_eligible_and_an_ineligible_scenario()
    {
        var eligible = new HashSet<string>();
        var ineligible = new HashSet<string>();
        foreach (var s in All.Value)
        {
            using var input = JsonDocument.Parse(s.InputJson);
            var measure = input.RootElement.GetProperty("measure").GetString()!;
            if (!s.Output.Children.TryGetValue(new YamlScalarNode("eligible"), out var e)) continue;
            (((YamlScalarNode)e).Value == "true" ? eligible : ineligible).Add(measure);
        }
        var missing = Catalog.Measures.Select(m => m.Code).Where(c => !eligible.Contains(c) || !ineligible.Contains(c)).ToArray();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_capped_measure_has_a_scenario_reaching_its_cap()
    {
        var reached = new HashSet<string>();
        foreach (var s in All.Value)
        {
            using var input = JsonDocument.Parse(s.InputJson);
            var measure = input.RootElement.GetProperty("measure").GetString()!;
            if (!s.Output.Children.TryGetValue(new YamlScalarNode("amount"), out var a) || !Catalog.TryGet(measure, out var m)) continue;
            if (!decimal.TryParse(((YamlScalarNode)a).Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var yuan)) continue;
            var caps = m.CapsOf();
            if (caps.Contains(Money.TryYuanToFen(yuan, out var fen) ? fen : -1)) reached.Add(measure);
        }
        var capped = Catalog.Measures.Where(m => m.Kind is CalculationKind.Cap or CalculationKind.Proportional or CalculationKind.AnnualProportional
            or CalculationKind.TieredCap or CalculationKind.Composite or CalculationKind.ConstructionOperating or CalculationKind.StartupOperating).Select(m => m.Code);
        Assert.Equal([], capped.Where(c => !reached.Contains(c)).ToArray());
    }

    [Fact]
    public void There_is_one_scenario_file_per_article_of_the_catalog()
    {
        var articles = Catalog.Measures.Select(m => $"a{m.Article:00}.yaml").Distinct().ToHashSet();
        foreach (var a in articles) Assert.True(File.Exists(Path.Combine(Folder, a)), a);
    }

    private static JsonElement Run(string inputJson)
    {
        using var input = JsonDocument.Parse(inputJson);
        var parsed = QuoteJson.Parse(input.RootElement, Today, Catalog, QuoteParseOptions.Quote);
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            if (parsed.Error is not null) QuoteJson.WriteError(w, parsed.Error, english: true);
            else QuoteJson.WriteDecision(w, Engine.Evaluate(parsed.Request!, parsed.History), english: true);
        }
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    private static void AssertValue(JsonElement obj, string key, YamlScalarNode expected, string at, string because)
    {
        Assert.True(obj.TryGetProperty(key, out var value), $"{at}.{key} missing; {because}");
        var text = expected.Value ?? "";
        if (expected.Style == YamlDotNet.Core.ScalarStyle.Plain && (text is "null" or "~" or ""))
        {
            Assert.True(value.ValueKind == JsonValueKind.Null, $"{at}.{key} = {value.GetRawText()}, expected null; {because}");
        }
        else if (expected.Style == YamlDotNet.Core.ScalarStyle.Plain && text is "true" or "false")
        {
            Assert.True(value.ValueKind == (text == "true" ? JsonValueKind.True : JsonValueKind.False), $"{at}.{key} = {value.GetRawText()}, expected {text}; {because}");
        }
        else if (expected.Style == YamlDotNet.Core.ScalarStyle.Plain && NumberPattern().IsMatch(text))
        {
            Assert.True(value.ValueKind == JsonValueKind.Number && value.GetDecimal() == decimal.Parse(text, CultureInfo.InvariantCulture),
                $"{at}.{key} = {value.GetRawText()}, expected {text}; {because}");
        }
        else
        {
            Assert.True(value.ValueKind == JsonValueKind.String && value.GetString() == text, $"{at}.{key} = {value.GetRawText()}, expected '{text}'; {because}");
        }
    }

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$")]
    private static partial Regex NumberPattern();

    private static IReadOnlyList<Scenario> LoadAll()
    {
        var list = new List<Scenario>();
        foreach (var path in Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            var defaults = root.Children.TryGetValue(new YamlScalarNode("defaults"), out var d) ? (YamlMappingNode)d : new YamlMappingNode();
            var i = 0;
            foreach (YamlMappingNode s in ((YamlSequenceNode)root.Children[new YamlScalarNode("scenarios")]).Children)
            {
                var name = ((YamlScalarNode)s.Children[new YamlScalarNode("name")]).Value!;
                var input = (YamlMappingNode)s.Children[new YamlScalarNode("input")];
                var output = (YamlMappingNode)s.Children[new YamlScalarNode("output")];
                list.Add(new Scenario(file, i++, name, ToJson(Merge(defaults, input)), output));
            }
        }
        return list;
    }

    /// <summary>Input keys win; a mapping present in both (e.g. applicant) is merged one level deep.</summary>
    private static YamlMappingNode Merge(YamlMappingNode defaults, YamlMappingNode input)
    {
        var merged = new YamlMappingNode();
        foreach (var (k, v) in defaults.Children)
        {
            if (input.Children.TryGetValue(k, out var own))
            {
                if (v is YamlMappingNode dv && own is YamlMappingNode ov)
                {
                    var inner = new YamlMappingNode();
                    foreach (var (ik, iv) in dv.Children) if (!ov.Children.ContainsKey(ik)) inner.Add(ik, iv);
                    foreach (var (ik, iv) in ov.Children) inner.Add(ik, iv);
                    merged.Add(k, inner);
                }
                else merged.Add(k, own);
            }
            else merged.Add(k, v);
        }
        foreach (var (k, v) in input.Children) if (!defaults.Children.ContainsKey(k)) merged.Add(k, v);
        return merged;
    }

    private static string ToJson(YamlNode node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode m:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in m.Children)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    sb.Append(JsonSerializer.Serialize(((YamlScalarNode)k).Value)).Append(':');
                    Write(sb, v);
                }
                sb.Append('}');
                break;
            case YamlSequenceNode s:
                sb.Append('[');
                for (var i = 0; i < s.Children.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(sb, s.Children[i]);
                }
                sb.Append(']');
                break;
            case YamlScalarNode scalar:
                var text = scalar.Value ?? "";
                if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain) sb.Append(JsonSerializer.Serialize(text));
                else if (text is "null" or "~" or "") sb.Append("null");
                else if (text is "true" or "false") sb.Append(text);
                else if (NumberPattern().IsMatch(text)) sb.Append(text);
                else sb.Append(JsonSerializer.Serialize(text));
                break;
        }
    }
}
