using Mono.Cecil;
using Mono.Cecil.Cil;
using NeoBay.Grants.Common;

namespace NeoBay.Grants.Tests.Architecture;

/// <summary>
/// Keeps NeoBay.Grants organised (docs/architecture.md): use cases know no Azure (the adapters are in NeoBay.Grants.Storage),
/// and the feature namespaces <c>NeoBay.Grants.&lt;Feature&gt;</c> depend on each other without a cycle. Read from the IL
/// of the built assembly: every type a type's signatures, attributes and method bodies use.
/// </summary>
public sealed class FeatureDependencyTests
{
    private const string Root = "NeoBay.Grants";

    /// <summary>
    /// Feature edges a cycle may still use, each with why it is there: none is left (each port lives with the feature whose
    /// vocabulary it speaks). An edge here is left out of the cycle check only; a new cycle through any other edge fails the test.
    /// </summary>
    private static readonly IReadOnlyDictionary<(string From, string To), string> KnownEdges = new Dictionary<(string, string), string>();

    private static readonly Lazy<ModuleDefinition> Module = new(() => ModuleDefinition.ReadModule(typeof(Paging).Assembly.Location));

    [Fact]
    public void Grants_references_no_Azure_assembly()
    {
        var azure = Module.Value.AssemblyReferences.Select(r => r.Name).Where(IsAzure).ToList();
        Assert.True(azure.Count == 0, "NeoBay.Grants references " + string.Join(", ", azure) + "; Azure code belongs in NeoBay.Grants.Storage");
        Assert.DoesNotContain(typeof(Paging).Assembly.GetReferencedAssemblies(), a => IsAzure(a.Name!));
    }

    [Fact]
    public void No_Grants_type_uses_an_Azure_type()
    {
        var uses = Uses().Where(u => IsAzure(u.Used.Namespace) || IsAzure(u.Used.Scope.Name)).Select(u => $"{u.User.FullName} → {u.Used.FullName}").Distinct().ToList();
        Assert.True(uses.Count == 0, "Grants types use Azure types:\n" + string.Join("\n", uses.Take(20)));
    }

    [Fact]
    public void Feature_namespaces_have_no_cycle()
    {
        var cycle = FindCycle(FeatureGraph(Uses()).Where(e => !KnownEdges.ContainsKey(e.Key)).ToDictionary());
        Assert.True(cycle is null, "Feature cycle:\n" + cycle);
    }

    [Fact]
    public void The_cycle_check_finds_a_cycle()
    {
        // The check itself: a back edge added to the real graph is found and printed with the types that make each edge.
        var graph = FeatureGraph(Uses());
        var (from, to) = graph.Keys.First(e => !graph.ContainsKey((e.To, e.From)));
        graph[(to, from)] = "test: back edge";
        var cycle = FindCycle(graph);
        Assert.NotNull(cycle);
        Assert.Contains("test: back edge", cycle);
    }

    private static bool IsAzure(string? name) => name is not null && (name == "Azure" || name.StartsWith("Azure.", StringComparison.Ordinal));

    /// <summary>The feature of a type: the namespace part after NeoBay.Grants (nested and compiler-made types take their declaring type's).</summary>
    private static string? FeatureOf(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        var ns = type.Namespace;
        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal)) return null;
        return ns[(Root.Length + 1)..].Split('.')[0];
    }

    private sealed record Use(TypeDefinition User, TypeReference Used);

    private static List<Use> Uses()
    {
        var uses = new List<Use>();
        foreach (var type in Module.Value.GetTypes())
        {
            void Add(TypeReference? used)
            {
                if (used is null) return;
                if (used is GenericInstanceType generic) foreach (var argument in generic.GenericArguments) Add(argument);
                if (used is TypeSpecification spec) { Add(spec.ElementType); return; }
                if (used is GenericParameter) return;
                uses.Add(new Use(type, used));
            }

            void AddAttributes(ICustomAttributeProvider provider)
            {
                foreach (var attribute in provider.CustomAttributes) Add(attribute.AttributeType);
            }

            void AddMethod(MethodReference method)
            {
                Add(method.DeclaringType);
                Add(method.ReturnType);
                foreach (var parameter in method.Parameters) Add(parameter.ParameterType);
                if (method is GenericInstanceMethod generic) foreach (var argument in generic.GenericArguments) Add(argument);
            }

            Add(type.BaseType);
            AddAttributes(type);
            foreach (var i in type.Interfaces) Add(i.InterfaceType);
            foreach (var field in type.Fields) { Add(field.FieldType); AddAttributes(field); }
            foreach (var property in type.Properties) { Add(property.PropertyType); AddAttributes(property); }
            foreach (var method in type.Methods)
            {
                AddMethod(method);
                AddAttributes(method);
                if (!method.HasBody) continue;
                foreach (var variable in method.Body.Variables) Add(variable.VariableType);
                foreach (var instruction in method.Body.Instructions)
                {
                    switch (instruction.Operand)
                    {
                        case TypeReference t: Add(t); break;
                        case MethodReference m: AddMethod(m); break;
                        case FieldReference f: Add(f.DeclaringType); Add(f.FieldType); break;
                    }
                }
            }
        }

        return uses;
    }

    /// <summary>Feature → feature edges, each with one example use (user type → used type), for the message.</summary>
    private static Dictionary<(string From, string To), string> FeatureGraph(IEnumerable<Use> uses)
    {
        var graph = new Dictionary<(string, string), string>();
        foreach (var use in uses.OrderBy(u => u.User.FullName, StringComparer.Ordinal).ThenBy(u => u.Used.FullName, StringComparer.Ordinal))
        {
            if (FeatureOf(use.User) is not { } from || FeatureOf(use.Used) is not { } to || from == to) continue;
            graph.TryAdd((from, to), $"{use.User.FullName} uses {use.Used.FullName}");
        }

        return graph;
    }

    /// <summary>
    /// Every cycle, as the features of each strongly connected part and the edges inside it ("A → B (example use)"), or null
    /// when the graph has none.
    /// </summary>
    private static string? FindCycle(IReadOnlyDictionary<(string From, string To), string> graph)
    {
        var next = graph.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var nodes = graph.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal).ToList();
        // Tarjan: index, lowest index reachable, the stack of the part being built.
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var parts = new List<List<string>>();

        void Connect(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var to in next.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(to)) { Connect(to); low[node] = Math.Min(low[node], low[to]); }
                else if (stack.Contains(to)) low[node] = Math.Min(low[node], index[to]);
            }

            if (low[node] != index[node]) return;
            var part = new List<string>();
            string member;
            do { member = stack.Pop(); part.Add(member); } while (member != node);
            if (part.Count > 1) parts.Add(part);
        }

        foreach (var node in nodes) if (!index.ContainsKey(node)) Connect(node);
        if (parts.Count == 0) return null;
        return string.Join("\n\n", parts.Select(part =>
            string.Join(", ", part.Order(StringComparer.Ordinal)) + ":\n" +
            string.Join("\n", graph.Where(e => part.Contains(e.Key.From) && part.Contains(e.Key.To))
                .OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal)
                .Select(e => $"  {e.Key.From} → {e.Key.To} ({e.Value})"))));
    }
}
