using System.Text.Json.Serialization;

namespace NeoBay.Contracts.Applications;

/// <summary>Who applied, as stored (<c>kind</c> camelCase).</summary>
public sealed record ApplicantResponse(string Kind, string Uscc, string? Name, bool InZone, bool IsSme);

public sealed record ProjectResponse(string Key, string? Name);

/// <summary>Support declared from another city policy (rule 10b); <c>amount</c> in yuan.</summary>
public sealed record OtherSupportResponse(string Policy, [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Amount);

/// <summary>
/// What was applied for, flattened into the answer that carries it: <c>applicant</c>, <c>project</c>, <c>facts</c> (persons as
/// their categories only: no names or identity numbers leave the store this way) and <c>otherSupport</c>.
/// </summary>
public sealed record RequestParts(ApplicantResponse Applicant, ProjectResponse? Project, IReadOnlyDictionary<string, FactResponse> Facts,
    IReadOnlyList<OtherSupportResponse> OtherSupport);

/// <summary>
/// <c>GET /api/applications/{id}</c> (and the withdrawal's answer). <c>decision</c> is the engine's decision (quote shape) or
/// null; <c>dueBy</c>/<c>workingDaysLeft</c> are null while the application is not complete; <c>source</c> is
/// <c>application</c> or <c>offer</c> (免申即享).
/// </summary>
public sealed record ApplicationResponse(
    string Id,
    string Measure,
    string Status,
    QuoteDecisionJson? Decision,
    string? GrantId,
    string ApplicantUscc,
    string? ProjectKey,
    ApplicantResponse Applicant,
    ProjectResponse? Project,
    IReadOnlyDictionary<string, FactResponse> Facts,
    IReadOnlyList<OtherSupportResponse> OtherSupport,
    DateOnly SubmittedOn,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal? ApprovedAmount,
    string? Reason,
    DateOnly? DueBy,
    int? WorkingDaysLeft,
    string Source,
    string? OfferId,
    string Etag);

/// <summary>One entry of <c>GET /api/applications</c>.</summary>
public sealed record ApplicationSummaryResponse(string Id, string Measure, string Status, string ApplicantUscc, DateTimeOffset SubmittedAt, DateOnly? DueBy,
    int? WorkingDaysLeft);

/// <summary>A page of applications; <c>counts</c> (per status, wire names) only when asked for.</summary>
public sealed record ApplicationPageResponse(
    IReadOnlyList<ApplicationSummaryResponse> Items,
    string? ContinuationToken,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, int>? Counts);

/// <summary><c>202</c> of <c>POST /api/applications</c>.</summary>
public sealed record SubmittedResponse(string Id, string Status);

/// <summary><c>POST /api/applications/{id}/decision</c>: the new status and the grant made on approval.</summary>
public sealed record ReviewDecisionResponse(string Status, string? GrantId);

/// <summary>Body of <c>POST /api/applications/{id}/decision</c>: <c>amount</c> in yuan (null: the engine's amount).</summary>
public sealed record DecisionRequest(bool? Approve, decimal? Amount, string? Reason);

/// <summary>Body of <c>POST /api/applications/{id}/withdraw</c> (the body may be absent).</summary>
public sealed record WithdrawRequest(string? Reason);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ApplicationResponse))]
[JsonSerializable(typeof(ApplicationPageResponse))]
[JsonSerializable(typeof(SubmittedResponse))]
[JsonSerializable(typeof(ReviewDecisionResponse))]
[JsonSerializable(typeof(DecisionRequest))]
[JsonSerializable(typeof(WithdrawRequest))]
public sealed partial class ApplicationsJsonContext : JsonSerializerContext;
