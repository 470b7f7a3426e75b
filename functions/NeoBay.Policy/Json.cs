using System.Collections.Frozen;

namespace NeoBay.Policy;

/// <summary>Lower-camel-case names for enums, shared by the catalog and the JSON edge.</summary>
internal static class Json
{
    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    public static string Camel<T>(T value) where T : struct, Enum => EnumNames<T>.Names[value];

    public static bool TryParseEnum<T>(string text, out T value) where T : struct, Enum =>
        EnumNames<T>.Values.TryGetValue(text, out value);

    private static class EnumNames<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> Names =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => Camel(v.ToString()));

        public static readonly FrozenDictionary<string, T> Values =
            Enum.GetValues<T>().ToFrozenDictionary(v => Camel(v.ToString()), v => v, StringComparer.Ordinal);
    }
}
