using Moq;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Notifications;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Tests.Documents;
using NeoBay.Grants.Tests.Support;
using NeoBay.Policy;
using NeoBay.Policy.Matching;

namespace NeoBay.Grants.Tests.Notifications;

/// <summary>Push (issue 15): re-matching saved profiles and recording notifications exactly once, against Azurite.</summary>
public sealed class PushServiceTests
{
    private const string UsccA = GrantsHarness.UsccA;
    private const string UsccB = GrantsHarness.UsccB;
    private const string UsccC = "91310000MA1FL0001R";

    private const string SeedA021 = "      rate: { value: 0.20, cite: A02.1, text: 给予不超过项目总投入 20% }";
    private const string SeedA032 = "      rate: { value: 0.20, cite: A03.2, text: 给予不超过项目总投入 20% }";

    /// <summary>A test catalog: from 2027-01-01 A02.1 pays 25% (better), A03.2 15% (worse); both still capped at 3,000,000.</summary>
    internal static readonly Lazy<PolicyCatalog> DatedCatalog = new(() => PolicyCatalog.Load(PolicyCatalog.EmbeddedFiles().Select(f => f.Key switch
    {
        "a02.yaml" => new KeyValuePair<string, string>(f.Key, Replace(f.Value, SeedA021, Dated("A02.1", "0.25"))),
        "a03.yaml" => new KeyValuePair<string, string>(f.Key, Replace(f.Value, SeedA032, Dated("A03.2", "0.15"))),
        _ => f,
    })));

    private static string Dated(string code, string rate) =>
        "      rate:\n        versions:\n" +
        $"          - {{ from: 2024-07-11, value: 0.20, cite: {code}, text: 给予不超过项目总投入 20% }}\n" +
        $"          - {{ from: 2027-01-01, value: {rate}, cite: {code}, text: 测试用的新比例, source: 测试 }}";

    private static string Replace(string text, string old, string @new)
    {
        Assert.Contains(old, text, StringComparison.Ordinal);
        return text.Replace(old, @new, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grant_event_refreshes_the_applicants_offers_and_a_profile_message_does_not()
    {
        var h = await PushHarness.CreateAsync();
        var approved = new GrantEvent(NotificationKinds.Approved, UsccA, "G20261201020000-0123456789", "A08.1") { AmountFen = 200_000_000 };

        await h.Push.HandleAsync(new RematchMessage(UsccB), redelivered: false);
        await h.Push.HandleAsync(new RematchMessage(UsccA, approved), redelivered: false);

        // A tier now held must withdraw its offer (免申即享); a saved profile changes no trusted fact.
        h.Offers.Verify(o => o.RefreshAsync(UsccA, It.IsAny<CancellationToken>()), Times.Once);
        h.Offers.Verify(o => o.RefreshAsync(UsccB, It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_same_event_message_delivered_twice_records_one_notification()
    {
        var h = await PushHarness.CreateAsync();
        var approved = new GrantEvent(NotificationKinds.Approved, UsccA, "G20261201020000-0123456789", "A02.1") { AmountFen = 240_000_000 };
        var message = RematchMessage.Read(new RematchMessage(UsccA, approved).ToJson())!;

        Assert.Equal(1, await h.Push.HandleAsync(message, redelivered: false));
        Assert.Equal(0, await h.Push.HandleAsync(message, redelivered: true));
        Assert.Equal(0, await h.Push.HandleAsync(message, redelivered: false)); // the event published again

        var n = Assert.Single(await h.AllAsync(UsccA));
        Assert.Equal((NotificationKinds.Approved, "approved|G20261201020000-0123456789", 240_000_000L, DeliveryStates.Pending, false),
            (n.Kind, n.Key, n.AmountFen!.Value, n.Delivery, n.Read));
        // Queued for delivery when recorded, and again on the redelivery (the first delivery may have stopped before queueing it);
        // a repeated event that is not a redelivery queues nothing.
        Assert.Equal([n.Id, n.Id], h.DeliveryQueue.Sent.Select(s => s.Id));
    }

    [Fact]
    public async Task A_saved_profile_is_news_once_then_only_what_got_better()
    {
        var h = await PushHarness.CreateAsync();
        var matcher = new ProfileMatcher(GrantsHarness.RealEngine.Value);
        var first = matcher.Match(PushHarness.Profile(UsccA, 10_000_000m), []);

        await h.SaveAsync(UsccA, 10_000_000m);
        var recorded = await h.Push.HandleAsync(new RematchMessage(UsccA), redelivered: false);
        // A first match: every eligible and needsFacts measure is news.
        Assert.Equal(first.Eligible + first.NeedsFacts, recorded);
        Assert.Contains(await h.AllAsync(UsccA), n => n.Key == "newOpportunity|A02.1|eligible|200000000"); // 20% × 10,000,000
        Assert.Equal(0, await h.Push.HandleAsync(new RematchMessage(UsccA), redelivered: true));

        // 12,000,000 invested: the measures paid on it grow (A02.1 20% → 2,400,000), nothing else is news.
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.SaveAsync(UsccA, 12_000_000m);
        var expected = MatchChanges.NewOpportunities(first, matcher.Match(PushHarness.Profile(UsccA, 12_000_000m), [])).Select(n => n.Key).Order().ToList();
        Assert.Contains("newOpportunity|A02.1|eligible|240000000", expected);
        Assert.Equal(expected.Count, await h.Push.HandleAsync(new RematchMessage(UsccA), redelivered: false));
        Assert.Equal(expected, (await h.AllAsync(UsccA)).Where(n => n.CreatedAt == h.Time.GetUtcNow()).Select(n => n.Key).Order());

        // 11,000,000: every change is for the worse: nothing.
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.SaveAsync(UsccA, 11_000_000m);
        Assert.Equal(0, await h.Push.HandleAsync(new RematchMessage(UsccA), redelivered: false));
        Assert.Equal(11_000_000m, (await h.Matched.GetAsync(UsccA))!.Profile.Facts["totalInvestment"].Number);
    }

    [Fact]
    public async Task A_dated_catalog_change_notifies_the_profiles_it_improves_once_in_pages()
    {
        var h = await PushHarness.CreateAsync(DatedCatalog.Value, pageSize: 2);
        // A: 10,000,000 → A02.1 2,000,000 becomes 2,500,000 (25%), A03.2 2,000,000 becomes 1,500,000 (15%, worse).
        // B: 16,000,000 → A02.1 capped at 3,000,000 both days; A03.2 3,000,000 (cap) becomes 2,400,000: only worse.
        // C: 40,000,000 → both capped at 3,000,000 both days: nothing changes.
        foreach (var (uscc, invested) in new[] { (UsccA, 10_000_000m), (UsccB, 16_000_000m), (UsccC, 40_000_000m) })
        {
            await h.SaveAsync(uscc, invested);
            await h.Push.HandleAsync(new RematchMessage(uscc), redelivered: false);
        }
        var before = new Dictionary<string, int>();
        foreach (var uscc in new[] { UsccA, UsccB, UsccC }) before[uscc] = (await h.AllAsync(uscc)).Count;

        // Only the two measures whose rate changes are matched on that day.
        Assert.Equal(["A02.1", "A03.2"], h.Push.ChangedMeasures(new DateOnly(2027, 1, 1))!.Order(StringComparer.Ordinal));
        h.Time.SetUtcNow(new DateTimeOffset(2027, 1, 1, 0, 5, 0, ChinaCalendar.Offset)); // the timer's 00:05 CST
        Assert.False(await h.Push.StartCatalogChangeAsync(new DateOnly(2026, 12, 31)));
        Assert.True(await h.Push.StartCatalogChangeAsync(new DateOnly(2027, 1, 1)));
        // The first page of the profiles, and the first page of the applicants with trusted facts (their offers are refreshed).
        Assert.Equal([(null, false), (null, true)], h.RematchQueue.Sent.Select(m => (m.ContinuationToken, m.Offers is true)));
        var firstPage = h.RematchQueue.Sent.First();
        Assert.Equal(1, await h.DrainAsync()); // 3 profiles, pages of 2: the first page queued the second
        h.Offers.Verify(o => o.ApplicantsAsync(null, 2, It.IsAny<CancellationToken>()), Times.Once);

        var news = Assert.Single((await h.AllAsync(UsccA)).Take((await h.AllAsync(UsccA)).Count - before[UsccA]));
        Assert.Equal(("newOpportunity|A02.1|eligible|250000000", "eligible", 250_000_000L), (news.Key, news.Status, news.AmountFen!.Value));
        Assert.Equal(before[UsccB], (await h.AllAsync(UsccB)).Count);
        Assert.Equal(before[UsccC], (await h.AllAsync(UsccC)).Count);

        // The run again (a redelivered first page and what it queues): nothing new.
        Assert.Equal(0, await h.Push.HandleAsync(firstPage, redelivered: true) + await h.DrainAsync());
        // An own re-match after the change compares both sides under the new edition: the change is not news again.
        Assert.Equal(0, await h.Push.HandleAsync(new RematchMessage(UsccA), redelivered: false));
    }

    [Fact]
    public async Task Each_application_and_grant_event_is_one_notification_with_its_own_key()
    {
        var g = await GrantsHarness.CreateAsync();
        // A09.1: 30% of 1,234,567.91 = 370,370.37; stage 1 (50%) 185,185.18 on approval, stage 2 185,185.19 on acceptance.
        var id = (await g.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.Request("A09.1", UsccA,
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(1_234_567.91m) }), null)).Value!.Id;
        await g.Evaluation.EvaluateAsync(id);
        await g.Evaluation.EvaluateAsync(id); // redelivered: published again, recorded once below
        await g.CompleteRequiredDocumentsAsync(id);
        var grantId = (await g.Decisions.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, null))).Value!.GrantId!;
        await g.Decisions.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 2, "\"v1\"");
        await g.Decisions.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 2, "\"v1\""); // already released: published again
        var rejected = (await g.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.A021(), null)).Value!.Id;
        await g.Evaluation.EvaluateAsync(rejected);
        await g.Decisions.DecideAsync(GrantsHarness.Reviewer, rejected, "\"v3\"", new DecisionCommand(false, null, "不符合条件"));
        // The renewal run's events of a plan: A05.1 operating year 2 issued (10,000,000) and an A16.2 claim opened.
        var renewal = RenewalService.EventsOf(UsccA, new RenewalPlan(RenewalOutcome.Write, grantId, "A09.1", 2027,
            [new RenewalItem("operating-2", RenewalAction.Issued, 1_000_000_000), new RenewalItem("claim-2", RenewalAction.ClaimOpened, 200_000_000)])).ToList();

        var h = await PushHarness.CreateAsync();
        var published = g.Events.Published.Concat(renewal).ToList();
        foreach (var e in published) await h.Push.HandleAsync(RematchMessage.Read(new RematchMessage(e.Uscc, e).ToJson())!, redelivered: false);

        var keys = (await h.AllAsync(UsccA)).Select(n => (n.Kind, n.Key, n.AmountFen)).OrderBy(k => k.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(new List<(string, string, long?)>
        {
            (NotificationKinds.Approved, $"approved|{grantId}", 37_037_037L),
            (NotificationKinds.ClaimInvited, $"claimInvited|{grantId}|2027", 200_000_000L),
            (NotificationKinds.Decided, $"decided|{id}|eligible", 37_037_037L),
            // A02.1 for the same project: 2,400,000 less the A09.1 grant held, 370,370.37 (common.10) = 2,029,629.63.
            (NotificationKinds.Decided, $"decided|{rejected}|eligible", 202_962_963L),
            (NotificationKinds.Decided, $"decided|{rejected}|rejected", null),
            (NotificationKinds.RenewalIssued, $"renewalIssued|{grantId}|2027", 1_000_000_000L),
            (NotificationKinds.StageReleased, $"stageReleased|{grantId}|2", 18_518_519L),
        }.OrderBy(k => k.Item2, StringComparer.Ordinal), keys);
        Assert.True(published.Count > keys.Count); // repeats were published, and recorded once
    }

    [Fact]
    public async Task Notifications_are_listed_newest_first_in_pages()
    {
        var h = await PushHarness.CreateAsync();
        var ids = new List<string>();
        for (var stage = 1; stage <= 5; stage++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(1));
            var e = new GrantEvent(NotificationKinds.StageReleased, UsccA, "G20261201020000-0123456789", "A09.1") { Stage = stage };
            await h.Push.HandleAsync(new RematchMessage(UsccA, e), redelivered: false);
            ids.Add(Notification.IdOf(UsccA, e.Key));
        }

        var service = new NotificationService(h.Notifications, null, h.Time);
        var caller = Caller.Create("wx:o-test", [Roles.Applicant], UsccA);
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = (await service.ListAsync(caller, token, 2)).Value!;
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(n => n.Id));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(Enumerable.Reverse(ids), seen);
        Assert.Empty((await service.ListAsync(GrantsHarness.ApplicantB, null, 10)).Value!.Items); // another applicant sees none of them
        Assert.Equal("InvalidContinuationToken", (await service.ListAsync(caller, "not a token!", 2)).Error!.Code);
        Assert.Equal(SignInCodes.BindingRequired, (await service.ListAsync(Caller.Create("wx:o-test", [Roles.Applicant]), null, 2)).Error!.Code);
    }

    [Fact]
    public async Task Reading_is_idempotent_and_keeps_a_delivery_recorded_in_between()
    {
        var h = await PushHarness.CreateAsync();
        var e = new GrantEvent(NotificationKinds.Approved, UsccA, "G20261201020000-0123456789", "A02.1") { AmountFen = 240_000_000 };
        await h.Push.HandleAsync(new RematchMessage(UsccA, e), redelivered: false);
        var id = Notification.IdOf(UsccA, e.Key);
        var service = new NotificationService(h.Notifications, null, h.Time);

        // The sender settles it (no subscription: notSubscribed) after the reader read version 1.
        var sender = new NotificationSender(h.Notifications, null, new WeChatTemplates(new Dictionary<string, string>()), GrantsHarness.Catalog.Value, h.Time);
        Assert.Equal(DeliveryStates.NotSubscribed, await sender.SendAsync(UsccA, id));
        Assert.Equal(ErrorKind.PreconditionFailed, (await service.MarkReadAsync(GrantsHarness.ApplicantA, id, "\"v1\"")).Error!.Kind);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        var read = (await service.MarkReadAsync(GrantsHarness.ApplicantA, id, null)).Value!;
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var again = (await service.MarkReadAsync(GrantsHarness.ApplicantA, id, "\"v1\"")).Value!; // read already: the same answer

        Assert.Equal((true, 3, DeliveryStates.NotSubscribed, h.Time.GetUtcNow().AddMinutes(-1)), (read.Read, read.Version, read.Delivery, read.ReadAt!.Value));
        Assert.Equal((read.ReadAt, read.Version), (again.ReadAt, again.Version));
        Assert.Equal(ErrorKind.NotFound, (await service.MarkReadAsync(GrantsHarness.ApplicantB, id, null)).Error!.Kind); // not B's
        Assert.Equal(ErrorKind.NotFound, (await service.MarkReadAsync(GrantsHarness.ApplicantA, "nothex", null)).Error!.Kind);
    }
}
