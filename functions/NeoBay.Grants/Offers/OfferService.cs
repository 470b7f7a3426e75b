using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Matching;
using NeoBay.Policy;
using NeoBay.Policy.Matching;

namespace NeoBay.Grants.Offers;

/// <summary>What one refresh of an applicant's offers did.</summary>
public sealed record OfferRefreshResult(int Created, int Updated, int Withdrawn, int Reopened);

/// <summary>
/// Re-computes an applicant's offers from its trusted facts and grants (idempotent): creates each missing one once, updates
/// an open one whose amount or facts changed, withdraws open ones the facts no longer qualify for, reopens withdrawn ones
/// that qualify again; declined and accepted offers are left alone. The push re-match (issue 15 step 2) calls it too.
/// </summary>
public interface IOfferRefresh
{
    Task<OfferRefreshResult> RefreshAsync(string uscc, CancellationToken cancellationToken = default);

    /// <summary>One page of the applicants with trusted facts (the catalog day's refresh of every offer).</summary>
    Task<ListPage<string>> ApplicantsAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default);
}

/// <summary>The integrator's facts (<c>PUT /api/integrations/facts/{uscc}</c>), then the applicant's offers refreshed.</summary>
public interface ITrustedFactsUseCase
{
    Task<Result<(TrustedFactSet Facts, OfferRefreshResult Offers)>> PutAsync(Caller caller, string uscc, FactsUpdate update, string? ifMatch, CancellationToken cancellationToken = default);
}

/// <summary>The applicant's offers: list, accept (an application marked <c>source: offer</c>), decline.</summary>
public interface IOfferUseCases
{
    Task<Result<IReadOnlyList<Offer>>> ListAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>
    /// Accepts the offer: idempotent (accepted twice → one application). <paramref name="factsGiven"/>: the caller tried to
    /// change facts (refused: an offer's facts come from trusted sources, <see cref="OfferCodes.OfferFactsFixed"/>).
    /// </summary>
    Task<Result<(Offer Offer, SubmitResult Application)>> AcceptAsync(Caller caller, string id, string? ifMatch, bool factsGiven, CancellationToken cancellationToken = default);

    Task<Result<Offer>> DeclineAsync(Caller caller, string id, string? ifMatch, string? reason, CancellationToken cancellationToken = default);
}

public static class OfferCodes
{
    /// <summary>Accept or decline of an offer that is withdrawn, declined, or (decline) accepted.</summary>
    public const string OfferNotOpen = "OfferNotOpen";
    /// <summary>The facts of an offer come from trusted sources: the applicant cannot change them.</summary>
    public const string OfferFactsFixed = "OfferFactsFixed";
    /// <summary>A fact only the applicant can declare (requestedAmount, needs, persons) given by an integrator.</summary>
    public const string DeclaredFactNotTrusted = "DeclaredFactNotTrusted";
    /// <summary>The first facts of an applicant must say who it is (applicant kind, zone).</summary>
    public const string ApplicantRequired = "ApplicantRequired";
    public const string TooManyProjects = "TooManyProjects";
}

public sealed class OfferService(
    ITrustedFactStore facts,
    IOfferStore offers,
    IGrantStore grants,
    IPolicyEngine engine,
    IOfferSubmission submission,
    TimeProvider clock,
    IOfferNotices? notices = null) : IOfferRefresh, ITrustedFactsUseCase, IOfferUseCases
{
    /// <summary>Projects per applicant: keeps the set within one entity (1 MiB).</summary>
    public const int MaxProjects = 50;

    private const int MaxAttempts = 5;

    public async Task<Result<(TrustedFactSet Facts, OfferRefreshResult Offers)>> PutAsync(Caller caller, string uscc, FactsUpdate update, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!caller.IsInRole(Roles.Integrator) || !caller.ActsForApplicant(uscc))
            return new UseCaseError(ErrorKind.Forbidden, "ApplicantMismatch.Facts", "uscc");
        if (update.Facts.Keys.Concat(update.Removed).FirstOrDefault(n => engine.Catalog.Facts[n].Declared) is { } declared)
            return new UseCaseError(ErrorKind.Validation, OfferCodes.DeclaredFactNotTrusted, "facts." + declared, [declared]);

        for (var attempt = 1; ; attempt++)
        {
            var current = await facts.GetAsync(uscc, cancellationToken) ?? TrustedFactSet.Empty(uscc);
            if (!string.IsNullOrWhiteSpace(ifMatch) && !ETags.MatchesStrong(ifMatch, current.Version))
                return new UseCaseError(ErrorKind.PreconditionFailed, "PreconditionFailed.Facts", "If-Match");
            if (update.Applicant is null && current.Applicant is null)
                return new UseCaseError(ErrorKind.Validation, OfferCodes.ApplicantRequired, "applicant");
            var now = clock.GetUtcNow();
            var (next, changes) = Apply(current, update, now);
            if (changes.Count == 0 && (update.Applicant is null || SameApplicant(current.Applicant, next.Applicant)))
                return Result<(TrustedFactSet, OfferRefreshResult)>.Ok((current, await RefreshAsync(uscc, cancellationToken)));
            if (next.Projects.Count > MaxProjects)
                return new UseCaseError(ErrorKind.Validation, OfferCodes.TooManyProjects, "project.key", [MaxProjects]);

            next = next with { Version = current.Version + 1, UpdatedAt = now };
            var entry = new FactsHistoryEntry(next.Version, update.Source, caller.LogLabel, now, update.Project?.Key, changes,
                update.Applicant is null ? null : next.Applicant);
            if (await facts.TryWriteAsync(next, current.Version, entry, cancellationToken))
                return Result<(TrustedFactSet, OfferRefreshResult)>.Ok((next, await RefreshAsync(uscc, cancellationToken)));
            if (attempt == MaxAttempts || !string.IsNullOrWhiteSpace(ifMatch))
                return new UseCaseError(ErrorKind.PreconditionFailed, "PreconditionFailed.Facts", "If-Match");
        }
    }

    /// <summary>The set after <paramref name="update"/>, and the facts it changed (null: removed). A value restated by the same source is no change.</summary>
    private static (TrustedFactSet Next, Dictionary<string, FactValue?> Changes) Apply(TrustedFactSet current, FactsUpdate update, DateTimeOffset now)
    {
        var changes = new Dictionary<string, FactValue?>(StringComparer.Ordinal);
        TrustedProject? was = null;
        if (update.Project is { } named) current.Projects.TryGetValue(named.Key, out was);
        var scope = update.Project is null ? current.Facts : was?.Facts ?? new Dictionary<string, TrustedFact>();
        var merged = new Dictionary<string, TrustedFact>(scope, StringComparer.Ordinal);
        foreach (var (name, value) in update.Facts)
        {
            if (merged.TryGetValue(name, out var old) && old.Value == value && old.Source == update.Source) continue;
            merged[name] = new TrustedFact(value, update.Source, now);
            changes[name] = value;
        }
        foreach (var name in update.Removed)
        {
            if (merged.Remove(name)) changes[name] = null;
        }

        var stated = update.Applicant is { } a ? new TrustedApplicant(a.Kind, a.Name, a.InZone, a.IsSme, update.Source, now) : null;
        var applicant = stated is not null && !SameApplicant(current.Applicant, stated) ? stated : current.Applicant;
        if (update.Project is not { } project) return (current with { Applicant = applicant, Facts = merged }, changes);

        var projectName = project.Name ?? was?.Name;
        if (was is null || projectName != was.Name) changes["project.name"] = projectName is null ? null : FactValue.Of(projectName);
        var projects = new Dictionary<string, TrustedProject>(current.Projects, StringComparer.Ordinal) { [project.Key] = new TrustedProject(projectName, merged) };
        return (current with { Applicant = applicant, Projects = projects }, changes);
    }

    private static bool SameApplicant(TrustedApplicant? a, TrustedApplicant? b) =>
        a is not null && b is not null && a.Kind == b.Kind && a.Name == b.Name && a.InZone == b.InZone && a.IsSme == b.IsSme && a.Source == b.Source;

    public async Task<OfferRefreshResult> RefreshAsync(string uscc, CancellationToken cancellationToken = default)
    {
        var set = await facts.GetAsync(uscc, cancellationToken);
        var now = clock.GetUtcNow();
        var candidates = new List<OfferCandidate>();
        if (set?.Applicant is { } who)
        {
            var history = await ApplicantHistory.ReadAsync(grants, uscc, cancellationToken);
            var applicant = new Applicant(who.Kind, uscc, who.Name, who.InZone, who.IsSme);
            var profile = new EvaluationRequest("", ChinaCalendar.DateOf(now), applicant, null, Values(set.Facts), []);
            candidates.AddRange(OfferCandidates.Find(engine, profile, history));
            foreach (var (key, project) in set.Projects)
            {
                var merged = new Dictionary<string, TrustedFact>(set.Facts, StringComparer.Ordinal);
                foreach (var (name, fact) in project.Facts) merged[name] = fact;
                candidates.AddRange(OfferCandidates.Find(engine, profile with { Project = new ProjectRef(key, project.Name), Facts = Values(merged) }, history));
            }
        }

        var existing = (await offers.ListAsync(uscc, cancellationToken)).ToDictionary(o => o.Id, StringComparer.Ordinal);
        int created = 0, updated = 0, withdrawn = 0, reopened = 0;
        var offered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var id = OfferKeys.Id(uscc, candidate.Measure, candidate.Unit);
            offered.Add(id);
            var sources = SourcesOf(set!, candidate);
            if (!existing.TryGetValue(id, out var offer))
            {
                var fresh = new Offer(id, uscc, candidate.Measure, candidate.Unit, OfferStatuses.Open, candidate.AmountFen, candidate.Tier,
                    candidate.Request, sources, 1, now, now);
                await NotifyAsync(fresh, now, cancellationToken);
                if (await offers.TryAddAsync(fresh, cancellationToken)) created++;
                continue;
            }
            var reopen = offer.Status == OfferStatuses.Withdrawn;
            if (offer.Status != OfferStatuses.Open && !reopen) continue; // declined and accepted stay as they are
            if (!reopen && offer.AmountFen == candidate.AmountFen && SameFacts(offer.Request, candidate.Request) && offer.Tier == candidate.Tier) continue;
            var changed = offer with
            {
                Status = OfferStatuses.Open, AmountFen = candidate.AmountFen, Tier = candidate.Tier, Request = candidate.Request, Sources = sources,
                Version = offer.Version + 1, UpdatedAt = now, Reason = null,
            };
            if (reopen) await NotifyAsync(changed, now, cancellationToken);
            // A lost race means another refresh (or an acceptance) wrote it: that writer saw facts at least as new.
            if (await offers.TryReplaceAsync(changed, cancellationToken)) _ = reopen ? reopened++ : updated++;
        }

        foreach (var offer in existing.Values.Where(o => o.Status == OfferStatuses.Open && !offered.Contains(o.Id)))
        {
            var gone = offer with { Status = OfferStatuses.Withdrawn, Version = offer.Version + 1, UpdatedAt = now, Reason = "FactsNoLongerQualify" };
            if (await offers.TryReplaceAsync(gone, cancellationToken)) withdrawn++;
        }
        return new OfferRefreshResult(created, updated, withdrawn, reopened);
    }

    /// <summary>
    /// A <c>newOffer</c> notification for an offer opened at its version (created, or reopened after a withdrawal), recorded
    /// before the offer is written: a refresh repeated after a crash finds the same key and records nothing twice, and its
    /// delivery is queued again while pending.
    /// </summary>
    private async Task NotifyAsync(Offer opened, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (notices is not null) await notices.OfferOpenedAsync(opened, now, cancellationToken);
    }

    public Task<ListPage<string>> ApplicantsAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default) =>
        facts.ListApplicantsAsync(continuationToken, pageSize, cancellationToken);

    private static Dictionary<string, FactValue> Values(IReadOnlyDictionary<string, TrustedFact> trusted) =>
        trusted.ToDictionary(p => p.Key, p => p.Value.Value, StringComparer.Ordinal);

    /// <summary>The source of each fact of the offer's request (a pinned claim year has none: the engine's default year).</summary>
    private static Dictionary<string, string> SourcesOf(TrustedFactSet set, OfferCandidate candidate)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var project = candidate.Request.Project is { } p && set.Projects.TryGetValue(p.Key, out var found) ? found : null;
        foreach (var name in candidate.Request.Facts.Keys)
        {
            if (project is not null && project.Facts.TryGetValue(name, out var pf)) sources[name] = pf.Source;
            else if (set.Facts.TryGetValue(name, out var f)) sources[name] = f.Source;
        }
        if (set.Applicant is { } a) sources["applicant"] = a.Source;
        return sources;
    }

    private static bool SameFacts(EvaluationRequest a, EvaluationRequest b) =>
        StorageJson.Serialize(a with { SubmittedOn = default }) == StorageJson.Serialize(b with { SubmittedOn = default });

    public async Task<Result<IReadOnlyList<Offer>>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        if (caller.Uscc is null) return BindingRequired();
        var list = await offers.ListAsync(caller.Uscc, cancellationToken);
        return Result<IReadOnlyList<Offer>>.Ok([.. list.OrderByDescending(o => o.UpdatedAt).ThenBy(o => o.Id, StringComparer.Ordinal)]);
    }

    public async Task<Result<(Offer Offer, SubmitResult Application)>> AcceptAsync(Caller caller, string id, string? ifMatch, bool factsGiven, CancellationToken cancellationToken = default)
    {
        if (caller.Uscc is null) return BindingRequired();
        for (var attempt = 1; ; attempt++)
        {
            var offer = await FindAsync(caller.Uscc, id, cancellationToken);
            if (offer is null) return OfferNotFound();
            if (factsGiven)
                return new UseCaseError(ErrorKind.Conflict, OfferCodes.OfferFactsFixed, "facts");
            if (offer.Status == OfferStatuses.Open)
            {
                if (!string.IsNullOrWhiteSpace(ifMatch) && !ETags.MatchesStrong(ifMatch, offer.Version)) return StaleOffer();
                var accepted = offer with
                {
                    Status = OfferStatuses.Accepted, Version = offer.Version + 1, UpdatedAt = clock.GetUtcNow(), ApplicationId = OfferKeys.ApplicationId(offer),
                };
                // The offer is marked first: a retry after a fault finds it accepted and submits the same application again (idempotent).
                if (!await offers.TryReplaceAsync(accepted, cancellationToken))
                {
                    if (attempt == MaxAttempts) return StaleOffer();
                    continue;
                }
                offer = accepted;
            }
            if (offer.Status != OfferStatuses.Accepted) return NotOpen(offer);
            var submitted = await submission.SubmitOfferAsync(caller, offer.Request, offer.ApplicationId!, offer.Id, cancellationToken);
            if (!submitted.IsSuccess) return submitted.Error!;
            return Result<(Offer, SubmitResult)>.Ok((offer, submitted.Value!));
        }
    }

    public async Task<Result<Offer>> DeclineAsync(Caller caller, string id, string? ifMatch, string? reason, CancellationToken cancellationToken = default)
    {
        if (caller.Uscc is null) return BindingRequired();
        if (reason is { Length: > ReasonText.MaxLength }) return ReasonText.TooLong();
        for (var attempt = 1; ; attempt++)
        {
            var offer = await FindAsync(caller.Uscc, id, cancellationToken);
            if (offer is null) return OfferNotFound();
            if (offer.Status == OfferStatuses.Declined) return Result<Offer>.Ok(offer);
            if (offer.Status != OfferStatuses.Open) return NotOpen(offer);
            if (!string.IsNullOrWhiteSpace(ifMatch) && !ETags.MatchesStrong(ifMatch, offer.Version)) return StaleOffer();
            var declined = offer with { Status = OfferStatuses.Declined, Version = offer.Version + 1, UpdatedAt = clock.GetUtcNow(), Reason = reason };
            if (await offers.TryReplaceAsync(declined, cancellationToken)) return Result<Offer>.Ok(declined);
            if (attempt == MaxAttempts) return StaleOffer();
        }
    }

    /// <summary>The caller's own offer, or null (another applicant's id answers 404).</summary>
    private async Task<Offer?> FindAsync(string uscc, string id, CancellationToken cancellationToken) =>
        OfferKeys.IsWellFormed(id) ? await offers.GetAsync(uscc, id, cancellationToken) : null;

    private static UseCaseError OfferNotFound() => UseCaseError.NotFound("NotFound.Offer");

    private static UseCaseError NotOpen(Offer offer) => new(ErrorKind.Conflict, OfferCodes.OfferNotOpen, "status", [offer.Status]);

    private static UseCaseError StaleOffer() => new(ErrorKind.PreconditionFailed, "PreconditionFailed.Offer", "If-Match");

    private static UseCaseError BindingRequired() => new(ErrorKind.Forbidden, "BindingRequired.Offer");
}

/// <summary>The <c>newOffer</c> notifications of opened offers (implemented by the notifications feature).</summary>
public interface IOfferNotices
{
    /// <summary>Records the notification of <paramref name="opened"/> at its version once, and queues its delivery while pending.</summary>
    Task OfferOpenedAsync(Offer opened, DateTimeOffset now, CancellationToken cancellationToken = default);
}
