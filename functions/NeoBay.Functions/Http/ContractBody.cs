using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using NeoBay.Contracts.Quotes;
using NeoBay.Policy;

namespace NeoBay.Functions.Http;

/// <summary>
/// One member of a request record: its JSON name, the message key when it is of the wrong JSON type or (when
/// <paramref name="Required"/>) missing or null, and the check of its value once typed (a fault or null).
/// </summary>
public sealed record BodyField<T>(string Name, string WrongTypeKey, bool Required = false, Func<T, BodyFault?>? Check = null);

/// <summary>A refused value: its message key and figures (the field's name is the problem's field).</summary>
public sealed record BodyFault(string Key, params object?[] Args);

/// <summary>
/// Reads a small command body into its contract record (System.Text.Json source generation): 400 <c>InvalidJson</c> unless an
/// object, <c>UnknownField</c> for a member the record does not have, then member by member in the record's order the member's
/// own problem when it is required and missing, of the wrong JSON type, or its value fails its check.
/// </summary>
public static class ContractBody
{
    /// <summary>The request's JSON body (<see cref="RequestBody.ReadJsonAsync"/>, required) read into its record.</summary>
    public static async Task<(T? Value, ApiResult? Problem)> ReadAsync<T>(HttpRequest req, JsonTypeInfo<T> type, IReadOnlyList<BodyField<T>> fields,
        int maxBytes = BodySize.Small)
        where T : class
    {
        var (document, problem) = await RequestBody.ReadJsonAsync(req, maxBytes);
        if (problem is not null) return (null, problem);
        using var _ = document;
        return Read(document!.RootElement, type, fields, req);
    }

    /// <param name="refuseUnknown">false: members the record does not have are ignored (a lenient body).</param>
    public static (T? Value, ApiResult? Problem) Read<T>(JsonElement body, JsonTypeInfo<T> type, IReadOnlyList<BodyField<T>> fields, HttpRequest req,
        bool refuseUnknown = true)
        where T : class
    {
        if (body.ValueKind != JsonValueKind.Object)
            return (null, Problems.Create(StatusCodes.Status400BadRequest, QuoteError.InvalidJson, req, "$"));
        var unknown = body.EnumerateObject().FirstOrDefault(p => !type.Properties.Any(known => known.Name == p.Name));
        if (refuseUnknown && unknown.Value.ValueKind != JsonValueKind.Undefined)
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "UnknownField", req, unknown.Name, unknown.Name));

        // The members before the first one of the wrong type are read and checked first, so a body with several faults is
        // refused for the first in the record's order, as a field-by-field reader would.
        var wrongType = type.Properties.FirstOrDefault(p => !HasItsType(body, p, Field(fields, p).Required));
        var value = Known(body, type, wrongType).Deserialize(type)!;

        foreach (var property in type.Properties)
        {
            var field = Field(fields, property);
            if (property == wrongType) return (null, Problems.Create(StatusCodes.Status400BadRequest, field.WrongTypeKey, req, field.Name, field.Name));
            if (field.Check?.Invoke(value) is { } fault) return (null, Problems.Create(StatusCodes.Status400BadRequest, fault.Key, req, field.Name, fault.Args));
        }

        return (value, null);
    }

    /// <summary>Yuan within 0…10^12 with at most two decimals as fen, or null.</summary>
    public static long? Fen(decimal? yuan) => yuan is { } value && Money.TryYuanToFen(value, out var fen) ? fen : null;

    private static BodyField<T> Field<T>(IReadOnlyList<BodyField<T>> fields, JsonPropertyInfo property) => fields.Single(f => f.Name == property.Name);

    private static bool HasItsType(JsonElement body, JsonPropertyInfo property, bool required)
    {
        if (!body.TryGetProperty(property.Name, out var element) || element.ValueKind == JsonValueKind.Null) return !required;
        try
        {
            element.Deserialize(property.Options.GetTypeInfo(property.PropertyType));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The record's members declared before <paramref name="stop"/> (all when null), each as the field readers took it: the last
    /// of a repeated member.
    /// </summary>
    private static JsonObject Known<T>(JsonElement body, JsonTypeInfo<T> type, JsonPropertyInfo? stop)
    {
        var known = new JsonObject();
        foreach (var property in type.Properties.TakeWhile(p => p != stop))
        {
            if (body.TryGetProperty(property.Name, out var member)) known[property.Name] = JsonValue.Create(member);
        }

        return known;
    }
}
