using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Offers;
using NeoBay.Grants.Storage.Offers;
using NeoBay.Grants.Tests.Documents;
using NeoBay.Grants.Tests.Support;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Offers;

/// <summary>免申即享 against Azurite and the real engine: trusted facts → offers (once per key) → accept → the normal evaluation.</summary>
public sealed class OfferFlowTests
{
    private const string Source = "市市场监管局";
    private static readonly Caller Integrator = Caller.Create("client-1", [Roles.Integrator], null, [GrantsHarness.UsccA]);
    private static readonly Applicant Enterprise = new(ApplicantKind.Enterprise, GrantsHarness.UsccA, "测试企业", true, false);
    private static readonly ProjectRef Project = new("P-7", "前沿项目");

    private sealed record Setup(GrantsHarness H, OfferService Offers, TableTrustedFactStore Facts, TableOfferStore Store);

    private static async Task<Setup> CreateAsync()
    {
        var h = await GrantsHarness.CreateAsync();
        var facts = new TableTrustedFactStore(h.Tables);
        var store = new TableOfferStore(h.Tables);
        return new Setup(h, new OfferService(facts, store, h.Grants, GrantsHarness.RealEngine.Value, h.Service, h.Clock), facts, store);
    }

    /// <summary>A02.1's facts for project P-7: 12,345,678.91 invested, national approval.</summary>
    private static FactsUpdate A021Facts(decimal invested = 12_345_678.91m, bool approval = true, Applicant? applicant = null) =>
        new(Source, applicant ?? Enterprise, Project,
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(invested), ["nationalApproval"] = FactValue.Of(approval) }, []);

    private static async Task<Offer> OfferOf(Setup s, string measure, Caller? caller = null) =>
        (await s.Offers.ListAsync(caller ?? GrantsHarness.ApplicantA)).Value!.Single(o => o.Measure == measure);

    [Fact]
    public async Task Repeated_PUTs_of_the_same_facts_create_each_offer_once_and_keep_one_version()
    {
        var s = await CreateAsync();
        var first = await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(), null);
        Assert.True(first.IsSuccess, first.Error?.Code);
        Assert.Equal(1, first.Value.Facts.Version);
        Assert.True(first.Value.Offers.Created >= 1);

        for (var i = 0; i < 3; i++)
        {
            var again = await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(), null);
            Assert.Equal(1, again.Value.Facts.Version);
            Assert.Equal(new OfferRefreshResult(0, 0, 0, 0), again.Value.Offers);
        }

        var offers = (await s.Offers.ListAsync(GrantsHarness.ApplicantA)).Value!;
        Assert.Single(offers, o => o.Measure == "A02.1");
        var a021 = await OfferOf(s, "A02.1");
        // 20% of 12,345,678.91 = 2,469,135.782 → 2,469,135.78 (floor to the fen, cap 3,000,000).
        Assert.Equal(2_469_135_78L, a021.AmountFen);
        Assert.Equal((OfferStatuses.Open, 1, Source), (a021.Status, a021.Version, a021.Sources["totalInvestment"]));
        Assert.Equal(OfferKeys.Id(GrantsHarness.UsccA, "A02.1", "project:P-7"), a021.Id);
        Assert.Single(await s.Facts.HistoryAsync(GrantsHarness.UsccA));
    }

    [Fact]
    public async Task Facts_that_stop_qualifying_withdraw_the_offer_and_the_history_keeps_both_sources()
    {
        var s = await CreateAsync();
        await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(), null);
        var changed = await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA,
            new FactsUpdate("市科委", null, Project, new Dictionary<string, FactValue> { ["nationalApproval"] = FactValue.Of(false) }, []), "\"v1\"");
        Assert.True(changed.IsSuccess, changed.Error?.Code);
        Assert.Equal(2, changed.Value.Facts.Version);
        Assert.True(changed.Value.Offers.Withdrawn >= 2); // A02.1 and A03.2 need the approval

        var a021 = await OfferOf(s, "A02.1");
        Assert.Equal((OfferStatuses.Withdrawn, 2), (a021.Status, a021.Version));
        var a091 = await OfferOf(s, "A09.1"); // 30% of the investment, no approval needed: still open
        Assert.Equal(OfferStatuses.Open, a091.Status);

        var history = await s.Facts.HistoryAsync(GrantsHarness.UsccA);
        Assert.Equal([(1, Source), (2, "市科委")], history.Select(e => (e.Version, e.Source)));
        var set = (await s.Facts.GetAsync(GrantsHarness.UsccA))!;
        Assert.Equal(("市科委", Source), (set.Projects["P-7"].Facts["nationalApproval"].Source, set.Projects["P-7"].Facts["totalInvestment"].Source));

        // A stale ETag is refused.
        var stale = await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(), "\"v1\"");
        Assert.Equal(ErrorKind.PreconditionFailed, stale.Error!.Kind);
    }

    [Fact]
    public async Task Accepting_twice_makes_one_application_marked_offer_with_the_trusted_facts_and_it_is_evaluated_normally()
    {
        var s = await CreateAsync();
        await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(), null);
        var offer = await OfferOf(s, "A02.1");

        var first = await s.Offers.AcceptAsync(GrantsHarness.ApplicantA, offer.Id, offer.HttpETag, factsGiven: false);
        Assert.True(first.IsSuccess, first.Error?.Code);
        var second = await s.Offers.AcceptAsync(GrantsHarness.ApplicantA, offer.Id, null, factsGiven: false);
        Assert.True(second.IsSuccess, second.Error?.Code);
        Assert.Equal(first.Value.Application.Id, second.Value.Application.Id);
        Assert.False(first.Value.Application.Replayed);
        Assert.True(second.Value.Application.Replayed);
        Assert.Equal(OfferKeys.ApplicationId(offer), first.Value.Application.Id);

        var mine = (await s.H.Service.ListAsync(GrantsHarness.ApplicantA, null, null, 10)).Value!.Items;
        var listed = Assert.Single(mine);
        Assert.Equal(first.Value.Application.Id, listed.Id);

        var application = (await s.H.Service.GetAsync(GrantsHarness.ApplicantA, listed.Id)).Value!;
        Assert.Equal((ApplicationSources.Offer, offer.Id, "A02.1", "P-7"), (application.Source, application.OfferId, application.Measure, application.ProjectKey));
        Assert.Equal(12_345_678.91m, application.Request.Facts["totalInvestment"].Number);
        Assert.Equal(true, application.Request.Facts["nationalApproval"].Flag);

        await s.H.Evaluation.EvaluateAsync(application.Id);
        var evaluated = (await s.H.Service.GetAsync(GrantsHarness.ApplicantA, application.Id)).Value!;
        Assert.Equal(ApplicationStatus.Eligible, evaluated.Status);
        Assert.Equal(2_469_135_78L, evaluated.Decision!.AmountFen);
        Assert.Equal(ApplicationSources.Offer, evaluated.Source);

        // Approved, the grant is in the applicant's history: the offer stays accepted, nothing is offered again for A02.1.
        await s.H.CompleteRequiredDocumentsAsync(application.Id);
        var approved = await s.H.Decisions.DecideAsync(GrantsHarness.Reviewer, application.Id, evaluated.HttpETag, new DecisionCommand(true, null, null));
        Assert.True(approved.IsSuccess, approved.Error?.Code);
        await s.Offers.RefreshAsync(GrantsHarness.UsccA);
        var after = await OfferOf(s, "A02.1");
        Assert.Equal((OfferStatuses.Accepted, application.Id), (after.Status, after.ApplicationId));
    }

    [Fact]
    public async Task The_applicant_cannot_change_an_offer_s_facts()
    {
        var s = await CreateAsync();
        await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(), null);
        var offer = await OfferOf(s, "A02.1");
        var refused = await s.Offers.AcceptAsync(GrantsHarness.ApplicantA, offer.Id, null, factsGiven: true);
        Assert.Equal((ErrorKind.Conflict, OfferCodes.OfferFactsFixed), (refused.Error!.Kind, refused.Error.Code));
        Assert.Equal(OfferStatuses.Open, (await OfferOf(s, "A02.1")).Status);
    }

    [Fact]
    public async Task A_declined_offer_is_not_recreated_and_neither_it_nor_a_withdrawn_one_can_be_accepted()
    {
        var s = await CreateAsync();
        await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(), null);
        var a091 = await OfferOf(s, "A09.1");
        var declined = await s.Offers.DeclineAsync(GrantsHarness.ApplicantA, a091.Id, a091.HttpETag, "不需要");
        Assert.True(declined.IsSuccess, declined.Error?.Code);
        Assert.Equal((OfferStatuses.Declined, "不需要"), (declined.Value!.Status, declined.Value.Reason));

        // A new figure refreshes every offer: the declined one stays declined (not re-created, not updated).
        await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(invested: 20_000_000m), null);
        var still = await OfferOf(s, "A09.1");
        Assert.Equal((OfferStatuses.Declined, a091.AmountFen), (still.Status, still.AmountFen));
        // The open A02.1 follows the figure: 20% of 20,000,000 = 4,000,000 → cap 3,000,000.
        Assert.Equal(3_000_000_00L, (await OfferOf(s, "A02.1")).AmountFen);

        var acceptDeclined = await s.Offers.AcceptAsync(GrantsHarness.ApplicantA, a091.Id, null, false);
        Assert.Equal(OfferCodes.OfferNotOpen, acceptDeclined.Error!.Code);

        await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(invested: 20_000_000m, approval: false), null);
        var withdrawn = await OfferOf(s, "A02.1");
        Assert.Equal(OfferStatuses.Withdrawn, withdrawn.Status);
        var acceptWithdrawn = await s.Offers.AcceptAsync(GrantsHarness.ApplicantA, withdrawn.Id, null, false);
        Assert.Equal((ErrorKind.Conflict, OfferCodes.OfferNotOpen), (acceptWithdrawn.Error!.Kind, acceptWithdrawn.Error.Code));
        Assert.Empty((await s.H.Service.ListAsync(GrantsHarness.ApplicantA, null, null, 10)).Value!.Items);

        // Qualifying again reopens the same offer (same id, next version).
        await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(invested: 20_000_000m, approval: true), null);
        var reopened = await OfferOf(s, "A02.1");
        Assert.Equal((withdrawn.Id, OfferStatuses.Open, withdrawn.Version + 1), (reopened.Id, reopened.Status, reopened.Version));
    }

    [Fact]
    public async Task Another_applicant_sees_none_of_the_offers_and_cannot_accept_them()
    {
        var s = await CreateAsync();
        await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA, A021Facts(), null);
        var offer = await OfferOf(s, "A02.1");
        Assert.Empty((await s.Offers.ListAsync(GrantsHarness.ApplicantB)).Value!);
        var accept = await s.Offers.AcceptAsync(GrantsHarness.ApplicantB, offer.Id, null, false);
        Assert.Equal(ErrorKind.NotFound, accept.Error!.Kind);
        var decline = await s.Offers.DeclineAsync(GrantsHarness.ApplicantB, offer.Id, null, null);
        Assert.Equal(ErrorKind.NotFound, decline.Error!.Kind);
        Assert.Equal(OfferStatuses.Open, (await OfferOf(s, "A02.1")).Status);
    }

    [Fact]
    public async Task Only_an_integrator_the_applicant_authorised_may_state_facts_and_never_a_declared_one()
    {
        var s = await CreateAsync();
        var asApplicant = await s.Offers.PutAsync(GrantsHarness.ApplicantA, GrantsHarness.UsccA, A021Facts(), null);
        Assert.Equal(ErrorKind.Forbidden, asApplicant.Error!.Kind);
        var otherCompany = await s.Offers.PutAsync(Integrator, GrantsHarness.UsccB, A021Facts(applicant: Enterprise with { Uscc = GrantsHarness.UsccB }), null);
        Assert.Equal(ErrorKind.Forbidden, otherCompany.Error!.Kind);

        var declared = await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA,
            new FactsUpdate(Source, Enterprise, null, new Dictionary<string, FactValue> { ["requestedAmount"] = FactValue.Of(2_000_000m) }, []), null);
        Assert.Equal((ErrorKind.Validation, OfferCodes.DeclaredFactNotTrusted, "facts.requestedAmount"), (declared.Error!.Kind, declared.Error.Code, declared.Error.Field));

        var noApplicant = await s.Offers.PutAsync(Integrator, GrantsHarness.UsccA,
            new FactsUpdate(Source, null, null, new Dictionary<string, FactValue> { ["status"] = FactValue.Of("gazelle") }, []), null);
        Assert.Equal(OfferCodes.ApplicantRequired, noApplicant.Error!.Code);
        Assert.Null(await s.Facts.GetAsync(GrantsHarness.UsccA));
    }
}
