using NeoBay.Grants.Common;

namespace NeoBay.Grants.Auth;

public enum BindingStatus { Pending, Approved, Rejected }

/// <summary>What a person is to the company it binds to (the authorisation letter says so).</summary>
public static class BindingRoles
{
    public const string LegalRepresentative = "legalRepresentative";
    public const string Employee = "employee";
    public const string Agent = "agent";

    public static readonly IReadOnlyList<string> All = [LegalRepresentative, Employee, Agent];
}

/// <summary>
/// A signed-in identity's request to act for one company (一企一档): pending until a reviewer approves or rejects it.
/// <see cref="Name"/> is the person's name (personal data: stored, never logged). The identity itself is kept only as
/// the hash inside <see cref="Id"/>.
/// </summary>
public sealed record BindingRecord(
    string Id,
    string Uscc,
    string Name,
    string Role,
    BindingStatus Status,
    int Version,
    DateTimeOffset RequestedAt,
    string? Reason = null,
    string? DecidedBy = null,
    DateTimeOffset? DecidedAt = null,
    string? StorageETag = null)
{
    public string HttpETag => ETags.ForVersion(Version);
}

/// <summary>An applicant's grant to an integrator (an Entra client id) to act for it.</summary>
public sealed record IntegratorGrant(string ClientId, string Uscc, DateTimeOffset GrantedAt, string GrantedBy);

/// <summary>Binding ids: <c>bnd-{first 24 hex of sha256(subject)}-{uscc}</c>, deterministic, so a repeated request is the same binding.</summary>
public static class BindingKeys
{
    public const string Prefix = "bnd-";
    private const int HashLength = 24;

    public static string Partition(string subject) => Prefix + Hashes.Sha256Hex(subject)[..HashLength];

    public static string Id(string subject, string uscc) => Partition(subject) + "-" + uscc;

    /// <summary>The partition and row of a well-formed id; false for anything else.</summary>
    public static bool TryParse(string? id, out string partition, out string uscc)
    {
        partition = uscc = string.Empty;
        var length = Prefix.Length + HashLength;
        if (id is null || id.Length <= length + 1 || !id.StartsWith(Prefix, StringComparison.Ordinal) || id[length] != '-') return false;
        if (!id[Prefix.Length..length].All(char.IsAsciiHexDigitLower)) return false;
        var candidate = id[(length + 1)..];
        if (!NeoBay.Policy.Uscc.IsValid(candidate)) return false;
        (partition, uscc) = (id[..length], candidate);
        return true;
    }
}

/// <summary>Bindings: one partition per identity (its bindings), point reads by id, replaces on the storage ETag.</summary>
public interface IBindingStore
{
    /// <summary>Adds a new binding with its audit line; false when one with this id exists.</summary>
    Task<bool> TryCreateAsync(BindingRecord binding, string actor, CancellationToken cancellationToken = default);

    Task<BindingRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every binding of one identity (one partition).</summary>
    Task<IReadOnlyList<BindingRecord>> ListAsync(string subject, CancellationToken cancellationToken = default);

    /// <summary>Pending bindings, oldest request first, from the pending index (one partition), each confirmed by a point read.</summary>
    Task<ListPage<BindingRecord>> ListPendingAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Replaces on the read's storage ETag (a racing change throws <c>ConcurrencyConflictException</c>), with its audit line.</summary>
    Task<BindingRecord> ReplaceAsync(BindingRecord binding, string actor, string what, CancellationToken cancellationToken = default);
}

/// <summary>Integrator grants, kept twice: by client id (what the token check reads) and by applicant (what the applicant lists).</summary>
public interface IIntegratorGrantStore
{
    Task GrantAsync(IntegratorGrant grant, CancellationToken cancellationToken = default);

    /// <summary>True when a grant was there.</summary>
    Task<bool> RevokeAsync(string clientId, string uscc, string actor, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<IntegratorGrant>> ListByClientAsync(string clientId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<IntegratorGrant>> ListByApplicantAsync(string uscc, CancellationToken cancellationToken = default);
}
