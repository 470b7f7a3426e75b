using System.Collections.Concurrent;
using NeoBay.Grants.Common;
using NeoBay.Policy;

namespace NeoBay.Grants.Auth;

/// <summary>
/// The USCCs an integrator acts for, read from its grants (one partition, keyed by client id) on its requests and kept at most
/// <see cref="MaxAge"/>; a revocation through this instance forgets the entry at once.
/// </summary>
public sealed class IntegratorGrantCache(IIntegratorGrantStore store, TimeProvider clock) : IIntegratorGrantLookup
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, (IReadOnlyCollection<string> Usccs, DateTimeOffset ReadAt)> entries = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IReadOnlyCollection<string>> UsccsForAsync(string clientId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (entries.TryGetValue(clientId, out var entry) && now - entry.ReadAt < MaxAge) return entry.Usccs;
        if (!IntegratorGrantService.IsClientId(clientId)) return [];
        var usccs = (await store.ListByClientAsync(clientId, cancellationToken)).Select(g => g.Uscc).ToArray();
        entries[clientId] = (usccs, now);
        return usccs;
    }

    public void Forget(string clientId) => entries.TryRemove(clientId, out _);
}

/// <summary>
/// Grants as data: an applicant (with an approved binding, i.e. a <c>uscc</c> in its token) lets an integrator (Entra client id)
/// act for it, lists and revokes its grants; an admin lists by client or applicant and revokes any.
/// </summary>
public sealed class IntegratorGrantService(IIntegratorGrantStore store, IntegratorGrantCache cache, TimeProvider clock) : IIntegratorGrantUseCases
{
    public const int MaxClientIdLength = 128;

    /// <summary>An Entra client id (a GUID) or, for development tokens, a short name of letters, digits, <c>- _ .</c></summary>
    public static bool IsClientId(string? clientId) =>
        clientId is { Length: > 0 and <= MaxClientIdLength } && clientId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public async Task<Result<IntegratorGrant>> GrantAsync(Caller caller, string? clientId, CancellationToken cancellationToken = default)
    {
        if (caller.Uscc is not { } uscc) return BindingRequired();
        if (!IsClientId(clientId)) return InvalidClientId();
        var grant = new IntegratorGrant(clientId!.ToLowerInvariant(), uscc, clock.GetUtcNow(), caller.Subject);
        await store.GrantAsync(grant, cancellationToken);
        cache.Forget(grant.ClientId);
        return Result<IntegratorGrant>.Ok(grant);
    }

    public async Task<Result<IReadOnlyList<IntegratorGrant>>> ListMineAsync(Caller caller, CancellationToken cancellationToken = default) =>
        caller.Uscc is { } uscc ? Result<IReadOnlyList<IntegratorGrant>>.Ok(await store.ListByApplicantAsync(uscc, cancellationToken)) : BindingRequired();

    public async Task<Result<bool>> RevokeMineAsync(Caller caller, string? clientId, CancellationToken cancellationToken = default) =>
        caller.Uscc is not { } uscc ? BindingRequired() : await RevokeAsync(caller, clientId, uscc, cancellationToken);

    /// <summary>Admin: the grants of one client id, or of one applicant.</summary>
    public async Task<Result<IReadOnlyList<IntegratorGrant>>> ListAsync(string? clientId, string? uscc, CancellationToken cancellationToken = default)
    {
        if (clientId is not null) return IsClientId(clientId) ? Result<IReadOnlyList<IntegratorGrant>>.Ok(await store.ListByClientAsync(clientId, cancellationToken)) : InvalidClientId();
        if (uscc is not null) return Uscc.IsValid(uscc) ? Result<IReadOnlyList<IntegratorGrant>>.Ok(await store.ListByApplicantAsync(uscc, cancellationToken)) : InvalidUscc();
        return new UseCaseError(ErrorKind.Validation, "FilterRequired", "clientId");
    }

    /// <summary>Removes a grant (idempotent: NotFound only when there was none).</summary>
    public async Task<Result<bool>> RevokeAsync(Caller caller, string? clientId, string? uscc, CancellationToken cancellationToken = default)
    {
        if (!IsClientId(clientId)) return InvalidClientId();
        if (!Uscc.IsValid(uscc)) return InvalidUscc();
        var existed = await store.RevokeAsync(clientId!, uscc!, caller.Subject, clock.GetUtcNow(), cancellationToken);
        cache.Forget(clientId!);
        return existed ? Result<bool>.Ok(true) : UseCaseError.NotFound("NotFound.IntegratorGrant");
    }

    private static UseCaseError BindingRequired() =>
        new(ErrorKind.Forbidden, "BindingRequired.Integrator");

    private static UseCaseError InvalidClientId() =>
        new(ErrorKind.Validation, "InvalidClientId", "clientId", [MaxClientIdLength]);

    private static UseCaseError InvalidUscc() => new(ErrorKind.Validation, "InvalidUscc.Short", "uscc");
}
