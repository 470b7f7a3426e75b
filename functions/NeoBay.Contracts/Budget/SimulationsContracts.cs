using System.Text.Json;
using System.Text.Json.Serialization;
using NeoBay.Grants.Simulations;

namespace NeoBay.Contracts.Budget;

/// <summary>
/// <c>POST /admin/simulations</c>: <c>reform</c> is the reform's YAML text or its parsed form (a JSON object
/// <c>{name, changes}</c>); <c>from</c>/<c>to</c> the submission period (yyyy-MM-dd; default the policy's first day, today CST).
/// </summary>
public sealed record SimulationRequest(JsonElement? Reform, string? From, string? To);

/// <summary>A job as <c>GET /admin/simulations/{id}</c> answers it; <c>result</c> (the CLI's JSON, amounts in fen) once completed.</summary>
public sealed record SimulationJobView(
    string Id, string Status, string Reform, DateOnly From, DateOnly To, int Processed, int? Total, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    SimulationResult? Result, string? Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(SimulationRequest))]
[JsonSerializable(typeof(SimulationJobView))]
public sealed partial class SimulationsJsonContext : JsonSerializerContext;
