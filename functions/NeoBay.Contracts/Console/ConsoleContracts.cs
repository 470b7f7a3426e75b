using System.Text.Json.Serialization;

namespace NeoBay.Contracts.Console;

/// <summary>What the console needs to sign in: development tokens (outside production, with the public key) and/or Entra ID.</summary>
public sealed record ConsoleSettingsAnswer(IReadOnlyList<DevelopmentTokenChoice> DevelopmentTokens, EntraSignIn? Entra);

public sealed record DevelopmentTokenChoice(string Role, string Token, DateTimeOffset ExpiresAt);

/// <summary>Authorisation code + PKCE in the browser: <c>NeoBay:Console:Authority</c>, <c>:ClientId</c>, <c>:Scopes</c> (space separated).</summary>
public sealed record EntraSignIn(string Authority, string ClientId, IReadOnlyList<string> Scopes);

public sealed record OverviewAnswer(IReadOnlyDictionary<string, int> Statuses, IReadOnlyList<OverviewGrants> Grants, IReadOnlyList<OverviewMonth> Months);

public sealed record OverviewGrants(string Measure, int FiscalYear, int Grants, decimal Amount);

public sealed record OverviewMonth(string Month, int Approved, int Rejected);

public sealed record HistoryAnswer(IReadOnlyList<HistoryLine> Items);

public sealed record HistoryLine(DateTimeOffset At, string Who, string What, string? Why, string? From, string? To);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ConsoleSettingsAnswer))]
[JsonSerializable(typeof(OverviewAnswer))]
[JsonSerializable(typeof(HistoryAnswer))]
public sealed partial class ConsoleJsonContext : JsonSerializerContext;
