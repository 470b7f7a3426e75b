using System.Collections.Frozen;
using System.Globalization;
using System.Resources;

[assembly: NeutralResourcesLanguage("en")]

namespace NeoBay.Messages;

/// <summary>A figure whose text depends on the language (a policy datum's zh/en name, a list); a message argument.</summary>
public sealed record Localized(string Zh, string En)
{
    public string Text(bool english) => english ? En : Zh;
}

/// <summary>
/// The one catalog of user-facing messages: <c>Messages.resx</c> (en, neutral) and <c>Messages.zh-CN.resx</c>.
/// A key is a problem code (<c>Timeout</c>) or a code and its variant (<c>InvalidValue.Sort</c>); reasons, trace steps
/// and titles use <c>Reason.</c>, <c>Trace.</c> and <c>Title.</c> keys. Figures are <c>{0}</c>-style placeholders.
/// Both languages are read once into memory: a lookup allocates nothing.
/// </summary>
public static class MessageCatalog
{
    private static readonly ResourceManager Resources = new("NeoBay.Messages.Messages", typeof(MessageCatalog).Assembly);
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    private static readonly FrozenDictionary<string, string> English = Load(CultureInfo.InvariantCulture);
    private static readonly FrozenDictionary<string, string> Zh = Load(Chinese);

    /// <summary>Every key of the catalog (the en resource; the zh-CN one must have the same keys).</summary>
    public static IReadOnlyCollection<string> Keys => English.Keys;

    /// <summary>Every key the zh-CN resource has.</summary>
    public static IReadOnlyCollection<string> ChineseKeys => Zh.Keys;

    /// <summary>The message of a key in en or zh-CN; an unknown key is a programming error and throws.</summary>
    public static string Text(string key, bool english) =>
        (english ? English : Zh).TryGetValue(key, out var text)
            ? text
            : throw new KeyNotFoundException($"No message '{key}' in the {(english ? "en" : "zh-CN")} catalog (functions/NeoBay.Messages).");

    /// <summary>The message with its figures filled in (current culture, like string interpolation).</summary>
    public static string Format(string key, bool english, params ReadOnlySpan<object?> args)
    {
        if (args.IsEmpty) return Text(key, english);
        var localized = false;
        foreach (var arg in args) localized |= arg is Localized;
        if (!localized) return string.Format(CultureInfo.CurrentCulture, Text(key, english), args);
        var chosen = args.ToArray();
        for (var i = 0; i < chosen.Length; i++)
            if (chosen[i] is Localized text) chosen[i] = text.Text(english);
        return string.Format(CultureInfo.CurrentCulture, Text(key, english), chosen);
    }

    /// <summary>Items joined the way each language lists them (<c>List.Separator</c>: "、" and ", ").</summary>
    public static Localized List(IEnumerable<string> items, string separatorKey = "List.Separator")
    {
        var all = items as IReadOnlyCollection<string> ?? [.. items];
        return new(string.Join(Text(separatorKey, false), all), string.Join(Text(separatorKey, true), all));
    }

    /// <summary>The problem code of a key: the part before the first dot (<c>InvalidValue.Sort</c> → <c>InvalidValue</c>).</summary>
    public static string CodeOf(string key)
    {
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? key : key[..dot];
    }

    private static FrozenDictionary<string, string> Load(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
                  ?? throw new MissingSatelliteAssemblyException($"The {culture.Name} messages are missing.", culture.Name);
        var messages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in set)
            if (entry.Value is string text) messages[(string)entry.Key] = text;
        return messages.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
