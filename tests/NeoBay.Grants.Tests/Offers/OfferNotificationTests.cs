using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Notifications;
using NeoBay.Grants.Offers;
using NeoBay.Grants.Storage.Matching;
using NeoBay.Grants.Storage.Notifications;
using NeoBay.Grants.Storage.Offers;
using NeoBay.Grants.Tests.Notifications;
using NeoBay.Grants.Tests.Support;
using NeoBay.Policy;
using NeoBay.Policy.Matching;

namespace NeoBay.Grants.Tests.Offers;

/// <summary>
/// 免申即享 meets push (issue 15): an opened offer is a <c>newOffer</c> notification, exactly once per opening, and the day
/// a dated value takes effect refreshes the offers of every applicant with trusted facts. Azurite, the real engine.
/// </summary>
public sealed class OfferNotificationTests
{
    private const string Source = "市市场监管局";
    private const string UsccB = "91310000MA1FL0002W"; // GB 32100 check character W
    private const string UsccC = "91310000MA1FL0001R";
    private static readonly Caller Integrator = Caller.Create("client-1", [Roles.Integrator], null, [GrantsHarness.UsccA, UsccB, UsccC]);
    private static readonly ProjectRef Project = new("P-7", "前沿项目");

    private sealed record Setup(GrantsHarness H, OfferService Offers, TableOfferStore Store, TableNotificationStore Notifications,
        RecordingDeliveryQueue Delivery, FlakyOfferStore Flaky);

    private static async Task<Setup> CreateAsync(IPolicyEngine? engine = null)
    {
        var h = await GrantsHarness.CreateAsync(engine);
        var store = new TableOfferStore(h.Tables);
        var flaky = new FlakyOfferStore(store);
        var notifications = new TableNotificationStore(h.Tables.Service, h.Tables.Prefix);
        var delivery = new RecordingDeliveryQueue();
        var offers = new OfferService(new TableTrustedFactStore(h.Tables), flaky, h.Grants, engine ?? GrantsHarness.RealEngine.Value, h.Service, h.Clock,
            new NotificationRecorder(notifications, delivery));
        return new Setup(h, offers, store, notifications, delivery, flaky);
    }

    /// <summary>An enterprise in the zone with project P-7: <paramref name="invested"/> yuan, national approval as given.</summary>
    private static FactsUpdate A021Facts(string uscc, decimal invested, bool approval = true) =>
        new(Source, new Applicant(ApplicantKind.Enterprise, uscc, "测试企业", true, false), Project,
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(invested), ["nationalApproval"] = FactValue.Of(approval) }, []);

    private static async Task<IReadOnlyList<Notification>> NewOffersAsync(Setup s, string uscc) =>
        (await s.Notifications.ListAsync(uscc, null, 1000)).Items.Where(n => n.Kind == NotificationKinds.NewOffer).ToList();

    [Fact]
    public async Task Each_opened_offer_is_one_newOffer_notification_and_a_reopening_is_another()
    {
        var s = await CreateAsync();
        Assert.True((await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(GrantsHarness.UsccA, 12_345_678.91m), null)).IsSuccess);
        await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(GrantsHarness.UsccA, 12_345_678.91m), null); // the same facts again

        var open = (await s.Store.ListAsync(GrantsHarness.UsccA)).Where(o => o.Status == OfferStatuses.Open).ToList();
        var notices = await NewOffersAsync(s, GrantsHarness.UsccA);
        Assert.Equal(open.Select(o => $"newOffer|{o.Id}|1").Order(), notices.Select(n => n.Key).Order());
        var a021 = open.Single(o => o.Measure == "A02.1");
        var notice = notices.Single(n => n.Subject == a021.Id);
        // 20% of 12,345,678.91 = 2,469,135.782 → 2,469,135.78 (A02.1, floor to the fen).
        Assert.Equal(("A02.1", 2_469_135_78L, DeliveryStates.Pending), (notice.Measure, notice.AmountFen!.Value, notice.Delivery));
        Assert.Equal(notices.Select(n => n.Id).Order(), s.Delivery.Sent.Select(d => d.Id).Order());

        // The approval withdrawn (version 2), then restored (version 3): A02.1 is opened again, a second notification.
        await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(GrantsHarness.UsccA, 12_345_678.91m, approval: false), null);
        Assert.Equal(notices.Count, (await NewOffersAsync(s, GrantsHarness.UsccA)).Count);
        await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(GrantsHarness.UsccA, 12_345_678.91m), null);
        var again = await NewOffersAsync(s, GrantsHarness.UsccA);
        Assert.Contains(again, n => n.Key == $"newOffer|{a021.Id}|3");
        Assert.Equal(1, again.Count(n => n.Subject == a021.Id) - 1);
    }

    [Fact]
    public async Task A_crash_between_the_notification_and_the_offer_records_it_once_and_queues_it_again()
    {
        var s = await CreateAsync();
        s.Flaky.FailNextAdd = true;
        await Assert.ThrowsAsync<IOException>(() => s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(GrantsHarness.UsccA, 10_000_000m), null));
        Assert.Empty(await s.Store.ListAsync(GrantsHarness.UsccA));
        var first = Assert.Single(await NewOffersAsync(s, GrantsHarness.UsccA));

        // The integrator retries: the facts are stored already, the refresh opens the offers; the first one's notice is not doubled.
        Assert.True((await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(GrantsHarness.UsccA, 10_000_000m), null)).IsSuccess);
        var open = (await s.Store.ListAsync(GrantsHarness.UsccA)).Where(o => o.Status == OfferStatuses.Open).ToList();
        var notices = await NewOffersAsync(s, GrantsHarness.UsccA);
        Assert.Equal(open.Count, notices.Count);
        Assert.Single(notices, n => n.Id == first.Id);
        // Still pending, so queued again: the sender settles a notification once, however often it is queued.
        Assert.Equal(2, s.Delivery.Sent.Count(d => d.Id == first.Id));
    }

    [Fact]
    public async Task The_day_a_dated_rate_takes_effect_refreshes_every_applicants_offers_in_pages()
    {
        // From 2027-01-01 A02.1 pays 25% (the dated catalog of the push tests).
        var engine = new PolicyEngine(PushServiceTests.DatedCatalog.Value);
        var s = await CreateAsync(engine);
        s.H.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 10, 0, 0, ChinaCalendar.Offset));
        // A 10,000,000: 2,000,000 → 2,500,000. B 16,000,000: capped at 3,000,000 both days. C: declined before the day.
        foreach (var (uscc, invested) in new[] { (GrantsHarness.UsccA, 10_000_000m), (UsccB, 16_000_000m), (UsccC, 10_000_000m) })
            Assert.True((await s.Offers.PutAsync(Integrator, uscc, A021Facts(uscc, invested), null)).IsSuccess);
        var declined = (await s.Store.ListAsync(UsccC)).Single(o => o.Measure == "A02.1");
        Assert.True((await s.Offers.DeclineAsync(Caller.Create("applicant-c", [Roles.Applicant], UsccC), declined.Id, null, "不需要")).IsSuccess);
        var noticesBefore = s.Delivery.Sent.Count;

        var queue = new RecordingRematchQueue();
        var tables = s.H.Tables;
        var push = new PushService(new ProfileMatcher(engine), new TableProfileStore(tables), new TableMatchedProfileStore(tables), s.H.Grants, s.Notifications,
            s.Delivery, queue, s.H.Clock, new PushOptions(PageSize: 1, Parallelism: 2), s.Offers);
        s.H.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 1, 0, 5, 0, ChinaCalendar.Offset)); // the timer's 00:05 CST
        Assert.True(await push.StartCatalogChangeAsync(new DateOnly(2027, 1, 1)));
        var handled = 0;
        while (queue.Sent.TryDequeue(out var message))
        {
            await push.HandleAsync(message, redelivered: false);
            handled++;
        }
        // The profiles' first page (none saved) and three pages of one applicant each, each queueing the next.
        Assert.Equal(1 + 3, handled);

        var a = (await s.Store.ListAsync(GrantsHarness.UsccA)).Single(o => o.Measure == "A02.1");
        var b = (await s.Store.ListAsync(UsccB)).Single(o => o.Measure == "A02.1");
        var c = (await s.Store.ListAsync(UsccC)).Single(o => o.Measure == "A02.1");
        Assert.Equal((OfferStatuses.Open, 250_000_000L, 2), (a.Status, a.AmountFen, a.Version)); // 25% × 10,000,000
        Assert.Equal((OfferStatuses.Open, 300_000_000L, 1), (b.Status, b.AmountFen, b.Version)); // the cap: unchanged
        Assert.Equal((OfferStatuses.Declined, 200_000_000L), (c.Status, c.AmountFen)); // a refusal stands
        // An offer whose amount changed is not a new offer: no notification on the day.
        Assert.Equal(noticesBefore, s.Delivery.Sent.Count);
    }

    /// <summary>The offer store, whose next insert can fail after nothing was written (a crash of the process, a lost connection).</summary>
    private sealed class FlakyOfferStore(IOfferStore inner) : IOfferStore
    {
        public bool FailNextAdd { get; set; }

        public Task<IReadOnlyList<Offer>> ListAsync(string uscc, CancellationToken cancellationToken = default) => inner.ListAsync(uscc, cancellationToken);

        public Task<Offer?> GetAsync(string uscc, string id, CancellationToken cancellationToken = default) => inner.GetAsync(uscc, id, cancellationToken);

        public Task<bool> TryAddAsync(Offer offer, CancellationToken cancellationToken = default)
        {
            if (!FailNextAdd) return inner.TryAddAsync(offer, cancellationToken);
            FailNextAdd = false;
            throw new IOException("The connection was lost before the offer was written.");
        }

        public Task<bool> TryReplaceAsync(Offer offer, CancellationToken cancellationToken = default) => inner.TryReplaceAsync(offer, cancellationToken);
    }
}
