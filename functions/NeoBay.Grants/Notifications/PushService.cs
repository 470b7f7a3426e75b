using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Matching;
using NeoBay.Grants.Offers;
using NeoBay.Policy;
using NeoBay.Policy.Matching;
using Polly;

namespace NeoBay.Grants.Notifications;

/// <summary>Settings <c>NeoBay:Push:PageSize</c> (profiles per catalog message) and <c>:Parallelism</c> (profiles matched at once).</summary>
public sealed record PushOptions(int PageSize = PushOptions.DefaultPageSize, int Parallelism = PushOptions.DefaultParallelism)
{
    public const int DefaultPageSize = 500;
    public const int DefaultParallelism = 8;
}

/// <summary>The use cases of queue <c>profiles-rematch</c> and its daily timer.</summary>
public interface IPushUseCases
{
    /// <summary>
    /// Carries out one message: records its event's notification, re-matches the applicant or a page of every profile,
    /// records a <c>newOpportunity</c> per measure that got better, and queues each new notification for delivery.
    /// <paramref name="redelivered"/>: an earlier delivery may have recorded notifications without queueing them.
    /// Returns the number of notifications recorded now.
    /// </summary>
    Task<int> HandleAsync(RematchMessage message, bool redelivered, CancellationToken cancellationToken = default);

    /// <summary>The daily timer: when a catalog edition takes effect on <paramref name="day"/>, queues the first page of every profile. True when it did.</summary>
    Task<bool> StartCatalogChangeAsync(DateOnly day, CancellationToken cancellationToken = default);
}

/// <summary>
/// Push (issue 15): a profile is re-matched on the day of the re-match (CST), so the catalog in force today applies.
/// Its own changes (saved, a grant event) compare the inputs last matched with today's; a catalog change compares the
/// same inputs on the day before and the day an edition takes effect. What got better is a <c>newOpportunity</c>,
/// recorded under its deterministic key (<see cref="MatchChanges"/>): a repeated message records nothing new.
/// </summary>
public sealed class PushService(
    ProfileMatcher matcher,
    IProfileStore profiles,
    IMatchedProfileStore matched,
    IGrantStore grants,
    INotificationStore notifications,
    INotificationDeliveryQueue delivery,
    IRematchQueue queue,
    TimeProvider clock,
    PushOptions? options = null,
    IOfferRefresh? offers = null) : IPushUseCases
{
    private readonly PushOptions options = options ?? new PushOptions();
    private readonly ResiliencePipeline retry = ConflictRetry.Create();
    private readonly NotificationRecorder recorder = new(notifications, delivery);

    public Task<int> HandleAsync(RematchMessage message, bool redelivered, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.CatalogDay is { } day)
        {
            return message.Offers is true
                ? RefreshOffersPageAsync(day, message.ContinuationToken, cancellationToken)
                : RematchCatalogPageAsync(day, message.ContinuationToken, redelivered, cancellationToken);
        }
        return RematchApplicantAsync(message.Uscc!, message.Event, redelivered, cancellationToken);
    }

    public async Task<bool> StartCatalogChangeAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        if (!matcher.Catalog.Editions.Any(e => e.InForceFrom == day)) return false;
        await queue.EnqueueAsync(new RematchMessage(CatalogDay: day), cancellationToken);
        if (offers is not null) await queue.EnqueueAsync(new RematchMessage(CatalogDay: day, Offers: true), cancellationToken);
        return true;
    }

    /// <summary>
    /// One page of the applicants with trusted facts, on a day a catalog edition takes effect: each one's offers are refreshed
    /// under today's catalog (created, updated, withdrawn; idempotent). The next page is queued first. Returns the offers
    /// created or reopened (each one a <c>newOffer</c> notification).
    /// </summary>
    public async Task<int> RefreshOffersPageAsync(DateOnly day, string? continuationToken, CancellationToken cancellationToken = default)
    {
        if (offers is null) return 0;
        var page = await offers.ApplicantsAsync(continuationToken, options.PageSize, cancellationToken);
        if (page.ContinuationToken is { } next)
            await queue.EnqueueAsync(new RematchMessage(CatalogDay: day, ContinuationToken: next, Offers: true), cancellationToken);
        var opened = 0;
        await Parallel.ForEachAsync(page.Items, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken }, async (uscc, ct) =>
        {
            var result = await offers.RefreshAsync(uscc, ct);
            Interlocked.Add(ref opened, result.Created + result.Reopened);
        });
        return opened;
    }

    /// <summary>The applicant's event (if any), and its profile re-matched with its grants read now.</summary>
    public async Task<int> RematchApplicantAsync(string uscc, GrantEvent? grantEvent, bool redelivered, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var recorded = grantEvent is null ? 0 : await recorder.RecordAsync(uscc, [Notification.Of(grantEvent with { Uscc = uscc }, now)], redelivered, cancellationToken);
        // 免申即享: a grant of the applicant changed what may be offered (a tier or year now held is withdrawn); idempotent.
        if (grantEvent is not null && offers is not null) await offers.RefreshAsync(uscc, cancellationToken);
        return recorded + await retry.ExecuteAsync(async ct =>
        {
            if (await profiles.GetAsync(uscc, ct) is not { } saved) return 0;
            var last = await matched.GetAsync(uscc, ct);
            var history = await ApplicantHistory.ReadAsync(grants, uscc, ct);
            if (saved.Profile.Facts.TryGetValue("persons", out var persons) && persons.Persons is { Count: > 0 } list)
            {
                foreach (var measure in matcher.Catalog.Measures.Where(m => m.Kind == CalculationKind.PerPerson))
                    await ApplicantHistory.AddSupportedPersonsAsync(grants, history, measure.Code, list, ct);
            }

            var today = Policy.ChinaCalendar.DateOf(now);
            var before = last is null ? null : matcher.Match(last.Profile with { SubmittedOn = today }, last.History);
            var after = matcher.Match(saved.Profile with { SubmittedOn = today }, history);
            var news = MatchChanges.NewOpportunities(before, after).Select(n => Notification.Of(uscc, n, now)).ToList();
            var count = await recorder.RecordAsync(uscc, news, redelivered, ct);
            // Recorded first: a crash before this write repeats the comparison, and the keys make it record nothing twice.
            if (!await matched.TryWriteAsync(new MatchedProfile(uscc, saved.Version, saved.Profile, history) { StorageETag = last?.StorageETag }, ct))
                throw new ConcurrencyConflictException($"The re-match inputs of {uscc} changed since they were read.");
            return count;
        }, cancellationToken);
    }

    /// <summary>One page of every profile, on the day <paramref name="day"/> a catalog edition takes effect; the next page is queued first.</summary>
    public async Task<int> RematchCatalogPageAsync(DateOnly day, string? continuationToken, bool redelivered, CancellationToken cancellationToken = default)
    {
        var page = await matched.ListAsync(continuationToken, options.PageSize, cancellationToken);
        if (page.ContinuationToken is { } next) await queue.EnqueueAsync(new RematchMessage(CatalogDay: day, ContinuationToken: next), cancellationToken);
        var now = clock.GetUtcNow();
        var recorded = 0;
        await Parallel.ForEachAsync(page.Items, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken }, async (profile, ct) =>
        {
            var news = CatalogNews(profile, day);
            if (news.Count > 0)
                Interlocked.Add(ref recorded, await recorder.RecordAsync(profile.Uscc, news.Select(n => Notification.Of(profile.Uscc, n, now)).ToList(), redelivered, ct));
        });
        return recorded;
    }

    /// <summary>
    /// What the edition taking effect on <paramref name="day"/> makes better for these inputs (nothing when no edition starts
    /// that day). Only the measures the edition changes are matched (<see cref="ChangedMeasures"/>).
    /// </summary>
    public IReadOnlyList<NewOpportunity> CatalogNews(MatchedProfile profile, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var dayBefore = day.AddDays(-1);
        if (ReferenceEquals(matcher.Catalog.At(dayBefore), matcher.Catalog.At(day))) return [];
        var only = changed.GetOrAdd(day, ChangedMeasures);
        return MatchChanges.NewOpportunities(
            matcher.Match(profile.Profile with { SubmittedOn = dayBefore }, profile.History, only),
            matcher.Match(profile.Profile with { SubmittedOn = day }, profile.History, only));
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<DateOnly, IReadOnlySet<string>?> changed = new();

    /// <summary>
    /// The codes of the measures whose catalog entry differs between the day before and <paramref name="day"/>; null (every
    /// measure) when the common rules or the facts differ too, or when a measure was added or removed.
    /// </summary>
    public IReadOnlySet<string>? ChangedMeasures(DateOnly day) =>
        CatalogChanges.ChangedMeasures(matcher.Catalog.At(day.AddDays(-1)), matcher.Catalog.At(day));
}
