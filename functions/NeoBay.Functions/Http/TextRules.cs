using NeoBay.Messages;
using System.Text;
using System.Text.Json;

namespace NeoBay.Functions.Http;

/// <summary>The limit of one kind of text field: its longest length (in characters, after NFC) and whether it may span lines.</summary>
public sealed record TextRule(int MaxLength, bool Multiline = false);

/// <summary>
/// Every string in a JSON request body, checked before anything reads it (docs/security.md): valid Unicode
/// (invalid UTF-8 or a lone surrogate escape is refused, not a 500), no control characters (line breaks and tabs only
/// in multi-line fields), no bidirectional overrides or isolates (an upload named <c>invoice\u202efdp.exe</c> would
/// display as <c>invoiceexe.pdf</c>), at most the field's length, normalised to NFC. Property names follow the
/// single-line rule of <see cref="PropertyName"/>. The rule of a field is chosen by its own name.
/// </summary>
public static class TextRules
{
    public const int MaxDepth = 32;

    /// <summary>A property name: short, single line.</summary>
    public static readonly TextRule PropertyName = new(64);

    /// <summary>Any string field not named in <see cref="ByField"/>.</summary>
    public static readonly TextRule Default = new(256);

    /// <summary>The rules by field name (the last segment of its JSON path).</summary>
    public static readonly IReadOnlyDictionary<string, TextRule> ByField = new Dictionary<string, TextRule>(StringComparer.Ordinal)
    {
        ["name"] = new(200),            // applicant.name, a person's name, a project's name
        ["key"] = new(64),              // project.key
        ["projectKey"] = new(64),
        ["policy"] = new(200),          // otherSupport[].policy
        ["provider"] = new(200),        // voucher provider
        ["fileName"] = new(255),
        ["reason"] = new(2000, Multiline: true),
        ["subject"] = new(1024),        // Event Grid subject: /blobServices/default/containers/…/blobs/…
        ["topic"] = new(1024),
        ["url"] = new(2048),
        ["source"] = new(100),          // the trusted source of integrator facts (e.g. the market regulator)
    };

    /// <summary>The rule of a field named <paramref name="name"/>.</summary>
    public static TextRule For(string name) => ByField.TryGetValue(name, out var rule) ? rule : Default;

    /// <summary>One string refused: its JSON path and why.</summary>
    public sealed record Violation(string Field, string Key, params object?[] Args)
    {
        public string Code => MessageCatalog.CodeOf(Key);
    }

    public const string InvalidTextCode = "InvalidText";
    public const string TextTooLongCode = "TextTooLong";

    /// <summary>
    /// Checks every string and property name of <paramref name="document"/>; null when all pass. When some string
    /// is not in NFC, <paramref name="normalised"/> is a new document with every string in NFC (else null).
    /// </summary>
    public static Violation? Check(JsonDocument document, out JsonDocument? normalised)
    {
        normalised = null;
        var needsNormalising = false;
        var violation = Walk(document.RootElement, "$", null, ref needsNormalising);
        if (violation is not null || !needsNormalising) return violation;
        normalised = Rewrite(document.RootElement);
        return null;
    }

    /// <summary>Why <paramref name="text"/> breaks <paramref name="rule"/>, or null. Checked on the text as given, length after NFC.</summary>
    public static Violation? CheckText(string text, TextRule rule, string field)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c)) return Invalid(field, "InvalidText.Unicode");
            if (IsBidiControl(c)) return Invalid(field, "InvalidText.Bidi");
            if (IsLineBreakOrTab(c) ? !rule.Multiline : char.IsControl(c)) return Invalid(field, "InvalidText.Control");
        }

        var length = text.IsNormalized(NormalizationForm.FormC) ? text.Length : text.Normalize(NormalizationForm.FormC).Length;
        return length > rule.MaxLength
            ? new Violation(field, TextTooLongCode, field, rule.MaxLength)
            : null;
    }

    private static Violation? Walk(JsonElement element, string path, string? name, ref bool needsNormalising)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = Properties(element, path, out var broken);
                foreach (var property in properties)
                {
                    var at = path + "." + property.Name;
                    if (CheckText(property.Name, PropertyName, at) is { } bad) return bad;
                    if (Walk(property.Value, at, property.Name, ref needsNormalising) is { } inner) return inner;
                }

                return broken;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Walk(item, $"{path}[{index++}]", name, ref needsNormalising) is { } inner) return inner;
                }

                return null;
            case JsonValueKind.String:
                if (!TryGetString(element, out var text)) return Invalid(path, "InvalidText.Utf8");
                if (CheckText(text, For(name ?? string.Empty), path) is { } violation) return violation;
                needsNormalising |= !text.IsNormalized(NormalizationForm.FormC);
                return null;
            default:
                return null;
        }
    }

    /// <summary>The object's properties; a name that is not valid UTF-8 stops the list with a violation.</summary>
    private static List<JsonProperty> Properties(JsonElement element, string path, out Violation? broken)
    {
        broken = null;
        var list = new List<JsonProperty>();
        var enumerator = element.EnumerateObject();
        while (true)
        {
            try
            {
                if (!enumerator.MoveNext()) return list;
                _ = enumerator.Current.Name;
                list.Add(enumerator.Current);
            }
            catch (InvalidOperationException)
            {
                broken = Invalid(path, "InvalidText.PropertyName");
                return list;
            }
        }
    }

    private static bool TryGetString(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }

    private static JsonDocument Rewrite(JsonElement root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, root);
        }

        return JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name.Normalize(NormalizationForm.FormC));
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                return;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(writer, item);
                writer.WriteEndArray();
                return;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString()!.Normalize(NormalizationForm.FormC));
                return;
            default:
                element.WriteTo(writer);
                return;
        }
    }

    private static Violation Invalid(string field, string key) => new(field, key, field);

    private static bool IsLineBreakOrTab(char c) => c is '\n' or '\r' or '\t';

    /// <summary>LRM, RLM, ALM, the embeddings and overrides (U+202A–U+202E) and the isolates (U+2066–U+2069).</summary>
    private static bool IsBidiControl(char c) =>
        c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
