using NeoBay.Grants.Common;
using NeoBay.Policy;

namespace NeoBay.Grants.Applications;

/// <summary>
/// One application. <see cref="Request"/> is the parsed request as submitted (its SubmittedOn is the
/// server's CST date); <see cref="Decision"/> is the engine's answer once evaluated. <see cref="Version"/>
/// grows by one on every transition and is the HTTP ETag (<c>"v"</c>); <see cref="StorageETag"/> is the
/// table's ETag of the version read, used for the conditional write.
/// </summary>
public sealed record ApplicationRecord(
    string Id,
    string ApplicantUscc,
    string Measure,
    string? ProjectKey,
    DateOnly SubmittedOn,
    DateTimeOffset SubmittedAt,
    string SubmittedBy,
    EvaluationRequest Request,
    string RequestHash,
    ApplicationStatus Status,
    int Version)
{
    public Decision? Decision { get; init; }
    public string? GrantId { get; init; }
    public long? ApprovedAmountFen { get; init; }
    public string? DecisionReason { get; init; }
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? FailureReason { get; init; }
    public string? StorageETag { get; init; }

    /// <summary>Where it came from: null (the applicant's own submission) or <c>offer</c> (an accepted offer, 免申即享: facts from trusted sources).</summary>
    public string? Source { get; init; }

    /// <summary>The accepted offer it was made from (with <see cref="Source"/> <c>offer</c>).</summary>
    public string? OfferId { get; init; }

    /// <summary>The HTTP entity tag of this version (strong, quoted).</summary>
    public string HttpETag => ETags.ForVersion(Version);
}

/// <summary>An entry of an applicant's (or the reviewers') application list; <see cref="Version"/> is the application's.</summary>
public sealed record ApplicationSummary(string Id, string ApplicantUscc, string Measure, DateTimeOffset SubmittedAt, ApplicationStatus Status)
{
    public int Version { get; init; }
}

/// <summary>Where an application came from: the applicant's own submission, or an accepted offer (免申即享).</summary>
public static class ApplicationSources
{
    public const string Application = "application";
    public const string Offer = "offer";
}
