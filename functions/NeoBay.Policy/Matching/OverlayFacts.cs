using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace NeoBay.Policy.Matching;

/// <summary>
/// A profile's facts with values set for the facts it is missing, without copying the profile's dictionary: one
/// instance per measure, its <see cref="Values"/> changed between evaluations (the engine keeps no reference to them).
/// </summary>
internal sealed class OverlayFacts(IReadOnlyDictionary<string, FactValue> given, IReadOnlyList<FactDefinition> missing)
    : IReadOnlyDictionary<string, FactValue>
{
    public FactValue[] Values { get; } = new FactValue[missing.Count];

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out FactValue value)
    {
        for (var i = 0; i < missing.Count; i++)
        {
            if (string.Equals(missing[i].Name, key, StringComparison.Ordinal))
            {
                value = Values[i];
                return value is not null;
            }
        }
        return given.TryGetValue(key, out value);
    }

    public FactValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public int Count => given.Count + missing.Count;

    public IEnumerable<string> Keys => this.Select(p => p.Key);

    IEnumerable<FactValue> IReadOnlyDictionary<string, FactValue>.Values => this.Select(p => p.Value);

    public IEnumerator<KeyValuePair<string, FactValue>> GetEnumerator()
    {
        foreach (var pair in given) yield return pair;
        for (var i = 0; i < missing.Count; i++) yield return new(missing[i].Name, Values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
