using NeoBay.Grants.Common;
using NeoBay.Policy;

namespace NeoBay.Grants.Offers;

/// <summary>One fact as a trusted source stated it: the value, the source named (e.g. 市市场监管局) and when it was recorded.</summary>
public sealed record TrustedFact(FactValue Value, string Source, DateTimeOffset At);

/// <summary>Who the applicant is, as a trusted source stated it (kind, zone, SME).</summary>
public sealed record TrustedApplicant(ApplicantKind Kind, string? Name, bool InZone, bool IsSme, string Source, DateTimeOffset At);

/// <summary>The facts of one project of the applicant (common.13): offers of measures that support a project are made per project.</summary>
public sealed record TrustedProject(string? Name, IReadOnlyDictionary<string, TrustedFact> Facts);

/// <summary>
/// Everything trusted sources stated about one applicant: the applicant, its facts, its projects' facts. <see cref="Version"/>
/// grows with each change and is the HTTP ETag.
/// </summary>
public sealed record TrustedFactSet(
    string Uscc,
    TrustedApplicant? Applicant,
    IReadOnlyDictionary<string, TrustedFact> Facts,
    IReadOnlyDictionary<string, TrustedProject> Projects,
    int Version,
    DateTimeOffset UpdatedAt)
{
    public string HttpETag => ETags.ForVersion(Version);

    public static TrustedFactSet Empty(string uscc) =>
        new(uscc, null, new Dictionary<string, TrustedFact>(StringComparer.Ordinal), new Dictionary<string, TrustedProject>(StringComparer.Ordinal), 0, default);
}

/// <summary>
/// One <c>PUT /api/integrations/facts/{uscc}</c>: the source, optionally who the applicant is, optionally the project the facts
/// are of, the facts set and the facts removed (given as null).
/// </summary>
public sealed record FactsUpdate(string Source, Applicant? Applicant, ProjectRef? Project, IReadOnlyDictionary<string, FactValue> Facts, IReadOnlyList<string> Removed);

/// <summary>An entry of the facts history: what one PUT changed, from which source, by whom, when (kept, never replaced).</summary>
public sealed record FactsHistoryEntry(int Version, string Source, string By, DateTimeOffset At, string? ProjectKey, IReadOnlyDictionary<string, FactValue?> Changes, TrustedApplicant? Applicant);

public static class OfferStatuses
{
    public const string Open = "open";
    public const string Accepted = "accepted";
    public const string Declined = "declined";
    public const string Withdrawn = "withdrawn";
}

/// <summary>
/// An offer (免申即享): one per (applicant, measure, unit) — the id is derived from them. <see cref="Request"/> is what an
/// acceptance submits (trusted facts only); <see cref="Sources"/> names each fact's source. Version = HTTP ETag.
/// </summary>
public sealed record Offer(
    string Id,
    string Uscc,
    string Measure,
    string Unit,
    string Status,
    long AmountFen,
    string? Tier,
    EvaluationRequest Request,
    IReadOnlyDictionary<string, string> Sources,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The application an acceptance makes (deterministic, so accepting twice makes one); set once accepted.</summary>
    public string? ApplicationId { get; init; }

    public string? Reason { get; init; }

    public string? StorageETag { get; init; }

    public string HttpETag => ETags.ForVersion(Version);
}

public static class OfferKeys
{
    /// <summary>The offer of (applicant, measure, unit): <c>O-</c> + 24 hex of their SHA-256.</summary>
    public static string Id(string uscc, string measure, string unit) => "O-" + Hashes.Sha256Hex($"{uscc}|{measure}|{unit}")[..24];

    /// <summary>
    /// The application an acceptance of <paramref name="offer"/> makes: an application id (time-sortable by the offer's creation,
    /// the tail from the offer id), the same on every acceptance.
    /// </summary>
    public static string ApplicationId(Offer offer) =>
        "A" + offer.CreatedAt.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + offer.Id[2..12];

    public static bool IsWellFormed(string? id) =>
        id is { Length: 26 } && id.StartsWith("O-", StringComparison.Ordinal) && id.Skip(2).All(char.IsAsciiHexDigitLower);
}

/// <summary>Storage of trusted facts: one set per applicant, versioned, with the history of what each change stated.</summary>
public interface ITrustedFactStore
{
    Task<TrustedFactSet?> GetAsync(string uscc, CancellationToken cancellationToken = default);

    /// <summary>Writes the set and its history entry in one transaction when the stored version is <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> TryWriteAsync(TrustedFactSet set, int expectedVersion, FactsHistoryEntry history, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<FactsHistoryEntry>> HistoryAsync(string uscc, CancellationToken cancellationToken = default);

    /// <summary>One page of the USCCs that have a fact set (a scan of row <c>facts</c>: the catalog day's offer refresh only).</summary>
    Task<ListPage<string>> ListApplicantsAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default);
}

/// <summary>Storage of offers: one partition per applicant.</summary>
public interface IOfferStore
{
    Task<IReadOnlyList<Offer>> ListAsync(string uscc, CancellationToken cancellationToken = default);

    Task<Offer?> GetAsync(string uscc, string id, CancellationToken cancellationToken = default);

    /// <summary>Insert only; false when the offer exists (created once per key).</summary>
    Task<bool> TryAddAsync(Offer offer, CancellationToken cancellationToken = default);

    /// <summary>Replaces the offer on its <see cref="Offer.StorageETag"/>; false when it changed since it was read.</summary>
    Task<bool> TryReplaceAsync(Offer offer, CancellationToken cancellationToken = default);
}
