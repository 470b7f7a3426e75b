using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Tests.Support;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Decisions;

/// <summary>Decide and accept stage against Azurite and the real policy engine, after a submission and its evaluation.</summary>
public sealed class DecisionServiceTests
{
    [Fact]
    public async Task The_approval_fiscal_year_is_the_CST_year_so_31_December_17_00_UTC_is_already_the_next_one()
    {
        var (h, id) = await GrantsHarness.SubmittedAndEvaluatedAsync();
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.Zero)); // 2027-01-01 01:00 CST

        var decided = (await h.Decisions.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, null))).Value!;

        var grant = (await h.Decisions.GetGrantAsync(GrantsHarness.Reviewer, decided.GrantId!)).Value!;
        Assert.Equal(2027, grant.Grant.FiscalYear);
        Assert.Equal(2027, Assert.Single(grant.Ledger).FiscalYear);
    }

    [Fact]
    public async Task Twenty_concurrent_approvals_with_one_ETag_have_exactly_one_winner()
    {
        var (h, id) = await GrantsHarness.SubmittedAndEvaluatedAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            h.Decisions.DecideAsync(Caller.Create($"reviewer-{i}", [Roles.Reviewer]), id, "\"v3\"", new DecisionCommand(true, 240_000_000 - i * 100, null)))));

        Assert.Single(results, r => r.IsSuccess);
        Assert.Equal(19, results.Count(r => r.Error?.Kind == ErrorKind.PreconditionFailed));
        var app = (await h.Applications.GetAsync(id))!;
        var grant = (await h.Grants.GetAsync(app.GrantId!))!;
        Assert.Equal(app.ApprovedAmountFen, grant.Grant.AmountFen);
        Assert.Equal(app.ApprovedAmountFen, Assert.Single(grant.Ledger).AmountFen);
        Assert.Single(await h.Applications.GetAuditAsync(id), a => a.What.StartsWith("approve", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_decision_needs_a_current_If_Match_and_obeys_the_amount_rules()
    {
        var (h, id) = await GrantsHarness.SubmittedAndEvaluatedAsync();
        var reviewer = GrantsHarness.Reviewer;

        Assert.Equal(ErrorKind.PreconditionRequired, (await h.Decisions.DecideAsync(reviewer, id, null, new DecisionCommand(true, null, null))).Error!.Kind);
        Assert.Equal(ErrorKind.PreconditionFailed, (await h.Decisions.DecideAsync(reviewer, id, "\"v2\"", new DecisionCommand(true, null, null))).Error!.Kind);
        Assert.Equal(ErrorCodes.AmountAboveComputed, (await h.Decisions.DecideAsync(reviewer, id, "\"v3\"", new DecisionCommand(true, 240_000_001, null))).Error!.Code);
        Assert.Equal(ErrorCodes.AmountOutOfRange, (await h.Decisions.DecideAsync(reviewer, id, "\"v3\"", new DecisionCommand(true, 0, null))).Error!.Code);
        Assert.Equal(ErrorCodes.ReasonRequired, (await h.Decisions.DecideAsync(reviewer, id, "\"v3\"", new DecisionCommand(false, null, " "))).Error!.Code);

        // Only a strong ETag of the current version proves the reviewer read it: * and weak tags are refused.
        Assert.Equal(ErrorKind.PreconditionFailed, (await h.Decisions.DecideAsync(reviewer, id, "*", new DecisionCommand(true, null, null))).Error!.Kind);
        Assert.Equal(ErrorKind.PreconditionFailed, (await h.Decisions.DecideAsync(reviewer, id, "W/\"v3\"", new DecisionCommand(true, null, null))).Error!.Kind);
        var approved = await h.Decisions.DecideAsync(reviewer, id, "\"v2\", \"v3\"", new DecisionCommand(true, 200_000_000, "预算调整"));
        Assert.True(approved.IsSuccess);
        var grant = (await h.Decisions.GetGrantAsync(reviewer, approved.Value!.GrantId!)).Value!;
        Assert.Equal(200_000_000, Assert.Single(grant.Ledger).AmountFen);

        var again = await h.Decisions.DecideAsync(reviewer, id, "\"v4\"", new DecisionCommand(false, null, "改判"));
        Assert.Equal(ErrorCodes.InvalidTransition, again.Error!.Code);
    }

    [Fact]
    public async Task An_ineligible_application_cannot_be_approved_but_can_be_rejected_with_a_reason()
    {
        var outside = GrantsHarness.A021() with { Applicant = new Applicant(ApplicantKind.Enterprise, GrantsHarness.UsccA, null, false, false) };
        var (h, id) = await GrantsHarness.SubmittedAndEvaluatedAsync(outside);
        var app = (await h.Applications.GetAsync(id))!;
        Assert.Equal(ApplicationStatus.Ineligible, app.Status);
        Assert.Contains(app.Decision!.Reasons, r => r.Code == "OutsideZone");

        Assert.Equal(ErrorCodes.InvalidTransition, (await h.Decisions.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, 100, null))).Error!.Code);
        var rejected = await h.Decisions.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(false, null, "不在区内"));
        Assert.Equal((ApplicationStatus.Rejected, (string?)null), (rejected.Value!.Status, rejected.Value.GrantId));
    }

    [Fact]
    public async Task A_staged_A091_grant_issues_stage_1_on_approval_and_stage_2_on_acceptance()
    {
        // A09.1: 30% of 1,234,567.91 = 370,370.373 → 370,370.37; stage 1 (50%) = 185,185.18, stage 2 takes the rest 185,185.19.
        var (h, id) = await GrantsHarness.SubmittedAndEvaluatedAsync(GrantsHarness.Request("A09.1", GrantsHarness.UsccA,
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(1_234_567.91m) }));
        Assert.Equal(37_037_037, (await h.Applications.GetAsync(id))!.Decision!.AmountFen);
        var grantId = (await h.Decisions.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, null))).Value!.GrantId!;

        var before = (await h.Decisions.GetGrantAsync(GrantsHarness.ApplicantA, grantId)).Value!;
        Assert.Equal([("stage-1", 18_518_518L, LedgerStatus.Issued), ("stage-2", 18_518_519L, LedgerStatus.Scheduled)],
            before.Ledger.Select(l => (l.Component, l.AmountFen!.Value, l.Status)));

        Assert.Equal(ErrorCodes.StageNotFound, (await h.Decisions.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 3, "\"v1\"")).Error!.Code);
        Assert.Equal(ErrorCodes.StageNotFound, (await h.Decisions.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 1, "\"v1\"")).Error!.Code); // paid on approval
        // A strong ETag of the current version is required: missing → 428; *, weak or stale → 412, and nothing is released.
        Assert.Equal(ErrorKind.PreconditionRequired, (await h.Decisions.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 2, null)).Error!.Kind);
        foreach (var refused in new[] { "*", "W/\"v1\"", "\"v2\"" })
            Assert.Equal(ErrorKind.PreconditionFailed, (await h.Decisions.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 2, refused)).Error!.Kind);
        Assert.Equal(LedgerStatus.Scheduled, (await h.Grants.GetAsync(grantId))!.Ledger.Single(l => l.Component == "stage-2").Status);
        var accepted = (await h.Decisions.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 2, "\"v1\"")).Value!;
        var again = (await h.Decisions.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 2, "\"v1\"")).Value!; // released already: the same answer

        Assert.All(accepted.Ledger, l => Assert.Equal(LedgerStatus.Issued, l.Status));
        var stored = (await h.Grants.GetAsync(grantId))!; // the answer is built from the write, without a second read: it must equal one
        Assert.Equal(stored.Grant, accepted.Grant);
        Assert.Equal(stored.Ledger, accepted.Ledger);
        Assert.Equal(2, again.Grant.Version);
        Assert.Equal(["grant 370370.37", "accept-stage-2 185185.19"], (await ReadGrantAuditAsync(h, grantId)).Select(a => a.What));
    }

    [Fact]
    public async Task Concurrent_acceptances_of_one_stage_issue_it_once()
    {
        var (h, id) = await GrantsHarness.SubmittedAndEvaluatedAsync(GrantsHarness.Request("A09.1", GrantsHarness.UsccA,
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(1_234_567.91m) }));
        var grantId = (await h.Decisions.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, null))).Value!.GrantId!;

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => h.Decisions.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 2, "\"v1\""))));

        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Single(await ReadGrantAuditAsync(h, grantId), a => a.What.StartsWith("accept-stage-2", StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<AuditEntry>> ReadGrantAuditAsync(GrantsHarness h, string grantId)
    {
        var table = await h.Tables.GetAsync(NeoBay.Grants.Storage.GrantsTables.Grants);
        var entries = new List<AuditEntry>();
        await foreach (var e in table.QueryAsync<Azure.Data.Tables.TableEntity>(x => x.PartitionKey == grantId))
        {
            if (e.RowKey.StartsWith("audit-", StringComparison.Ordinal)) entries.Add(new AuditEntry(grantId, 0, default, e.GetString("Who"), e.GetString("What"), e.GetString("Why")));
        }

        return entries;
    }

    [Fact]
    public async Task A_A162_grant_issues_startup_and_year_1_and_leaves_years_2_and_3_awaiting_claims()
    {
        // A16.2: startup 4,000,000 (cap 5,000,000) + year 1 at 30% of 5,000,000 = 1,500,000; years 2–3 are claims capped at 2,000,000.
        var request = GrantsHarness.Request("A16.2", GrantsHarness.UsccA, new Dictionary<string, FactValue>
        {
            ["settledInZone"] = FactValue.Of(true), ["startupNeeds"] = FactValue.Of(4_000_000m), ["annualOperatingExpenditure"] = FactValue.Of(5_000_000m),
        }) with { Applicant = new Applicant(ApplicantKind.InternationalOrganization, GrantsHarness.UsccA, null, true, false) };
        var (h, id) = await GrantsHarness.SubmittedAndEvaluatedAsync(request);
        var grantId = (await h.Decisions.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, null))).Value!.GrantId!;

        var grant = (await h.Decisions.GetGrantAsync(GrantsHarness.ApplicantA, grantId)).Value!;

        Assert.Equal(550_000_000, grant.Grant.AmountFen);
        Assert.Equal([(2026, 400_000_000L, LedgerStatus.Issued), (2026, 150_000_000L, LedgerStatus.Issued), (2027, 200_000_000L, LedgerStatus.AwaitingClaim), (2028, 200_000_000L, LedgerStatus.AwaitingClaim)],
            grant.Ledger.Select(l => (l.FiscalYear, l.AmountFen!.Value, l.Status)));
    }

    [Fact]
    public async Task A_discretionary_measure_needs_an_amount_and_a_reason_and_pays_it_on_approval()
    {
        var discretionary = new FixedEngine((r, _) => new Decision(r.Measure, true, null, [new Reason("DeterminedByReview", "由评审确定", "Set by review")], [], []) { Discretionary = true });
        var (h, id) = await GrantsHarness.SubmittedAndEvaluatedAsync(GrantsHarness.Request("A01.1", GrantsHarness.UsccA, new Dictionary<string, FactValue>()), discretionary);

        Assert.Equal(ErrorCodes.AmountRequired, (await h.Decisions.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, "重大平台"))).Error!.Code);
        Assert.Equal(ErrorCodes.ReasonRequired, (await h.Decisions.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, 5_000_000_000, null))).Error!.Code);
        var grantId = (await h.Decisions.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, 5_000_000_000, "重大平台"))).Value!.GrantId!;

        var line = Assert.Single((await h.Decisions.GetGrantAsync(GrantsHarness.Reviewer, grantId)).Value!.Ledger);
        Assert.Equal((2026, "grant", 5_000_000_000L, LedgerStatus.Issued), (line.FiscalYear, line.Component, line.AmountFen!.Value, line.Status));
    }
}
