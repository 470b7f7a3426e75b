using System.Text.Json.Serialization;

namespace NeoBay.Contracts.Health;

/// <summary>The readiness answer: <c>status</c> ready | notReady, each service's result, the failed ones, when checked.</summary>
public sealed record ReadinessBody(string Status, IReadOnlyDictionary<string, string> Checks, IReadOnlyList<string> Failed, DateTimeOffset CheckedAt);

/// <summary>The liveness answer of <c>GET /api/health</c>: the catalog is loaded (its measure count) and the server's time.</summary>
public sealed record HealthBody(string Status, int Measures, DateTimeOffset Time);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ReadinessBody))]
[JsonSerializable(typeof(HealthBody))]
public sealed partial class HealthJson : JsonSerializerContext;
