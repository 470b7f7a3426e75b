namespace NeoBay.Policy.Calculations;

/// <summary>
/// A measure's parameters as the loader read them (each cited, amounts in fen, rates in (0, 1]); the kind's
/// <c>Load</c> takes what it needs, and any problem is refused naming the measure and the field.
/// </summary>
internal sealed class ParameterSet(string measure, CalculationKind kind, Func<string, string, CatalogException> fail,
    IReadOnlyList<RequiredFact> requiredFacts, IReadOnlyDictionary<string, FactDefinition> facts)
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public CalculationKind Kind => kind;

    internal void Add(string name, object value) => _values[name] = value;

    public CatalogException Fail(string parameter, string problem) => fail("parameters." + parameter, $"{measure}: {problem}");

    private T Get<T>(string name) => TryGet<T>(name, out var value) ? value : throw Fail(name, $"missing: kind {Json.Camel(kind)} needs it");

    private bool TryGet<T>(string name, out T value)
    {
        value = default!;
        if (!_values.TryGetValue(name, out var v)) return false;
        if (v is not T typed) throw Fail(name, $"not a valid {name} for kind {Json.Camel(kind)}");
        _used.Add(name);
        value = typed;
        return true;
    }

    public long Fen(string name) => Get<long>(name);
    public decimal Rate(string name) => Get<decimal>(name);
    public int Years(string name) => Get<int>(name);
    public IReadOnlyList<StageDefinition>? OptionalStages() => TryGet<IReadOnlyList<StageDefinition>>("stages", out var s) ? s : null;
    public IReadOnlyList<PersonCategory> Categories() => Get<IReadOnlyList<PersonCategory>>("categories");

    /// <summary>The base of a rate: a money fact the measure requires (common.4).</summary>
    public string BaseFact(string name)
    {
        var fact = Get<string>(name);
        if (!facts.TryGetValue(fact, out var def) || def.Type != FactType.Money) throw Fail(name, $"unknown money fact '{fact}'");
        if (!Required(fact, optionalAllowed: false)) throw Fail(name, $"base fact '{fact}' must be a required fact");
        return fact;
    }

    /// <summary>The choice fact naming a tier, and the tiers, each a value of it.</summary>
    public (string TierFact, IReadOnlyList<TierDefinition> Tiers) Tiers()
    {
        var fact = Get<string>("tierFact");
        if (!facts.TryGetValue(fact, out var def) || def.Type != FactType.Choice) throw Fail("tierFact", $"unknown choice fact '{fact}'");
        if (!Required(fact, optionalAllowed: true)) throw Fail("tierFact", $"tier fact '{fact}' must be a required fact");
        var tiers = Get<IReadOnlyList<TierDefinition>>("tiers");
        foreach (var t in tiers)
        {
            if (!def.Values.Contains(t.Tier)) throw Fail("tiers", $"tier '{t.Tier}' is not a value of {fact}");
        }
        return (fact, tiers);
    }

    /// <summary>First-time tiers counted per project (true) or per applicant (false, the default).</summary>
    public bool TierPerProject() => TryGet<string>("tierScope", out var scope) && scope == "project";

    /// <summary>The kind reads these facts by name: the catalog defines them and the measure lists them.</summary>
    public void UsesFacts(params string[] names)
    {
        foreach (var name in names)
        {
            if (!facts.ContainsKey(name)) throw fail("requiredFacts", $"{measure}: kind {Json.Camel(kind)} uses fact '{name}' which policy.yaml does not define");
            if (!Required(name, optionalAllowed: true)) throw fail("requiredFacts", $"{measure}: kind {Json.Camel(kind)} uses fact '{name}': list it");
        }
    }

    /// <summary>Refuses a parameter the kind did not take.</summary>
    internal void RefuseUnused()
    {
        foreach (var name in _values.Keys)
        {
            if (!_used.Contains(name)) throw fail("parameters." + name, $"{measure}: unknown parameter for kind {Json.Camel(kind)}");
        }
    }

    private bool Required(string fact, bool optionalAllowed)
    {
        foreach (var r in requiredFacts)
        {
            if (r.Fact == fact && (optionalAllowed || !r.Optional)) return true;
        }
        return false;
    }
}
