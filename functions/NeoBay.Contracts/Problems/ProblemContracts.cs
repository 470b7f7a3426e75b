using System.Text.Json.Serialization;

namespace NeoBay.Contracts.Problems;

/// <summary>One field at fault in a problem: its JSON path, a stable code, and a message.</summary>
public sealed record FieldErrorResponse(string Field, string Code, string Message);

/// <summary>
/// RFC 9457 problem details (<c>application/problem+json</c>): <c>{type, title, status, detail, code, errors:[…]}</c>, then
/// the figures the message names (extension members, e.g. <c>maxBytes</c>): texts, or numbers as decimals.
/// <c>Figures</c> has a setter: System.Text.Json binds no extension data through a constructor or an init-only member.
/// </summary>
public sealed record ProblemResponse
{
    public required string Type { get; init; }
    public required string Title { get; init; }
    public required int Status { get; init; }
    public required string Detail { get; init; }
    public required string Code { get; init; }
    public required IReadOnlyList<FieldErrorResponse> Errors { get; init; }

    [JsonExtensionData]
    public IDictionary<string, object>? Figures { get; set; }
}

/// <summary>The problem contract's source-generated serialisation; a figure's runtime types are listed for <c>object</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ProblemResponse))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(string))]
public sealed partial class ProblemJsonContext : JsonSerializerContext;
