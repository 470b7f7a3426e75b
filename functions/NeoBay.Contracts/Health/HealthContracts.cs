using System.Text.Json.Serialization;

namespace NeoBay.Contracts.Health;

/// <summary>The readiness answer: <c>status</c> ready | notReady, each service's result, the failed ones, when checked.</summary>
public sealed record ReadinessBody(string Status, IReadOnlyDictionary<string, string> Checks, IReadOnlyList<string> Failed, DateTimeOffset CheckedAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ReadinessBody))]
public sealed partial class HealthJson : JsonSerializerContext;
