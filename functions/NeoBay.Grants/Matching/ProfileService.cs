using NeoBay.Grants.Common;
using NeoBay.Policy;

namespace NeoBay.Grants.Matching;

/// <summary>An applicant's saved profile (the match body): one per USCC, versioned for ETags.</summary>
public sealed record SavedProfile(string Uscc, EvaluationRequest Profile, int Version, DateTimeOffset SavedAt)
{
    public string HttpETag => ETags.ForVersion(Version);
}

/// <summary>Storage of saved profiles: point reads and conditional writes by version.</summary>
public interface IProfileStore
{
    Task<SavedProfile?> GetAsync(string uscc, CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="profile"/> when the stored version is <paramref name="expectedVersion"/> (0: none stored); false otherwise.</summary>
    Task<bool> TryWriteAsync(SavedProfile profile, int expectedVersion, CancellationToken cancellationToken = default);
}

/// <summary><c>GET</c>/<c>PUT /api/me/profile</c>: the signed-in applicant's own profile.</summary>
public interface IProfileUseCases
{
    Task<Result<SavedProfile>> GetAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>Creates (no profile yet, no If-Match needed) or replaces (If-Match with the current ETag) the caller's profile.</summary>
    Task<Result<SavedProfile>> SaveAsync(Caller caller, EvaluationRequest profile, string? ifMatch, CancellationToken cancellationToken = default);
}

/// <summary>With <paramref name="rematch"/>, a saved profile is re-matched (push: queue <c>profiles-rematch</c>).</summary>
public sealed class ProfileService(IProfileStore store, TimeProvider clock, IProfileRematch? rematch = null) : IProfileUseCases
{
    public async Task<Result<SavedProfile>> GetAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        if (caller.Uscc is null) return BindingRequired();
        return await store.GetAsync(caller.Uscc, cancellationToken) is { } saved
            ? Result<SavedProfile>.Ok(saved)
            : UseCaseError.NotFound("NotFound.Profile");
    }

    public async Task<Result<SavedProfile>> SaveAsync(Caller caller, EvaluationRequest profile, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (caller.Uscc is null) return BindingRequired();
        if (!string.Equals(profile.Applicant.Uscc, caller.Uscc, StringComparison.Ordinal))
            return new UseCaseError(ErrorKind.Forbidden, "ApplicantMismatch.Profile", "applicant.uscc");

        var current = await store.GetAsync(caller.Uscc, cancellationToken);
        if (current is not null && string.IsNullOrWhiteSpace(ifMatch))
            return new UseCaseError(ErrorKind.PreconditionRequired, "PreconditionRequired.Profile", "If-Match");
        if (current is not null && !ETags.MatchesStrong(ifMatch, current.Version)) return Stale();
        if (current is null && !string.IsNullOrWhiteSpace(ifMatch)) return Stale();

        var saved = new SavedProfile(caller.Uscc, profile with { Measure = "" }, (current?.Version ?? 0) + 1, clock.GetUtcNow());
        if (!await store.TryWriteAsync(saved, current?.Version ?? 0, cancellationToken)) return Stale();
        if (rematch is not null) await rematch.RematchAsync(caller.Uscc, cancellationToken);
        return Result<SavedProfile>.Ok(saved);
    }

    private static UseCaseError Stale() => new(ErrorKind.PreconditionFailed, "PreconditionFailed.Profile", "If-Match");

    private static UseCaseError BindingRequired() => new(ErrorKind.Forbidden, "BindingRequired.Profile");
}

/// <summary>Re-matches an applicant's saved profile later (implemented by the push's re-match queue, <c>IRematchQueue</c>).</summary>
public interface IProfileRematch
{
    Task RematchAsync(string uscc, CancellationToken cancellationToken = default);
}
