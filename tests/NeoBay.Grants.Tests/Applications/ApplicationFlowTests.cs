using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Tests.Documents;
using NeoBay.Grants.Tests.Support;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Applications;

/// <summary>Submit → evaluate → decide → accept against Azurite and the real policy engine.</summary>
public sealed class ApplicationFlowTests
{
    private static async Task<(GrantsHarness H, string Id)> SubmittedAndEvaluatedAsync(EvaluationRequest? request = null, IPolicyEngine? engine = null)
    {
        var h = await GrantsHarness.CreateAsync(engine);
        var submitted = await h.Service.SubmitAsync(GrantsHarness.ApplicantA, request ?? GrantsHarness.A021(), null);
        Assert.True(submitted.IsSuccess, submitted.Error?.Code);
        await h.Evaluation.EvaluateAsync(submitted.Value!.Id);
        await h.CompleteRequiredDocumentsAsync(submitted.Value.Id);
        return (h, submitted.Value.Id);
    }

    [Fact]
    public async Task A021_with_12_000_000_invested_is_approved_at_2_400_000_and_issued_in_fiscal_2026()
    {
        var h = await GrantsHarness.CreateAsync();
        var submitted = (await h.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.A021(), null)).Value!;
        Assert.Equal(ApplicationStatus.Submitted, submitted.Status);
        Assert.Equal([submitted.Id], h.Queue.Sent);

        await h.Evaluation.EvaluateAsync(submitted.Id);
        var evaluated = (await h.Service.GetAsync(GrantsHarness.ApplicantA, submitted.Id)).Value!;
        Assert.Equal(ApplicationStatus.Eligible, evaluated.Status);
        Assert.Equal(240_000_000, evaluated.Decision!.AmountFen); // 20% × 12,000,000.00 = 2,400,000.00 (cap 3,000,000)
        Assert.Equal(new DateOnly(2026, 11, 26), evaluated.SubmittedOn);
        Assert.Equal("\"v3\"", evaluated.HttpETag);

        h.Clock.Advance(TimeSpan.FromHours(1));
        await h.CompleteRequiredDocumentsAsync(submitted.Id);
        var decided = await h.Service.DecideAsync(GrantsHarness.Reviewer, submitted.Id, evaluated.HttpETag, new DecisionCommand(true, null, null));
        Assert.True(decided.IsSuccess, decided.Error?.Code);
        Assert.Equal(ApplicationStatus.Approved, decided.Value!.Status);

        var grant = (await h.Service.GetGrantAsync(GrantsHarness.ApplicantA, decided.Value.GrantId!)).Value!;
        Assert.Equal(240_000_000, grant.Grant.AmountFen);
        Assert.Equal(submitted.Id, grant.Grant.ApplicationId);
        var line = Assert.Single(grant.Ledger);
        Assert.Equal((2026, ScheduleTrigger.Approval, 240_000_000L, LedgerStatus.Issued), (line.FiscalYear, line.Trigger, line.AmountFen!.Value, line.Status));

        var audit = await h.Applications.GetAuditAsync(submitted.Id);
        Assert.Equal(["submit", "evaluate", "evaluated", "approve 2400000.00"], audit.Select(a => a.What));
        Assert.Equal("reviewer-1", audit[^1].Who);
        Assert.Equal(("eligible", "approved"), (audit[^1].From, audit[^1].To));
    }

    [Fact]
    public async Task The_approval_fiscal_year_is_the_CST_year_so_31_December_17_00_UTC_is_already_the_next_one()
    {
        var (h, id) = await SubmittedAndEvaluatedAsync();
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.Zero)); // 2027-01-01 01:00 CST

        var decided = (await h.Service.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, null))).Value!;

        var grant = (await h.Service.GetGrantAsync(GrantsHarness.Reviewer, decided.GrantId!)).Value!;
        Assert.Equal(2027, grant.Grant.FiscalYear);
        Assert.Equal(2027, Assert.Single(grant.Ledger).FiscalYear);
    }

    [Fact]
    public async Task The_same_message_three_times_makes_one_decision_and_one_audit_line_per_transition()
    {
        var counting = new FixedEngine((r, hist) => GrantsHarness.RealEngine.Value.Evaluate(r, hist));
        var h = await GrantsHarness.CreateAsync(counting);
        var id = (await h.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.A021(), null)).Value!.Id;

        await h.Evaluation.EvaluateAsync(id);
        await h.Evaluation.EvaluateAsync(id);
        await h.Evaluation.EvaluateAsync(id);

        Assert.Equal(1, counting.Calls);
        var app = (await h.Applications.GetAsync(id))!;
        Assert.Equal((ApplicationStatus.Eligible, 3), (app.Status, app.Version));
        Assert.Equal(["submit", "evaluate", "evaluated"], (await h.Applications.GetAuditAsync(id)).Select(a => a.What));
    }

    [Fact]
    public async Task Three_concurrent_deliveries_still_make_one_audit_line_per_transition()
    {
        var h = await GrantsHarness.CreateAsync();
        var id = (await h.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.A021(), null)).Value!.Id;

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => h.Evaluation.EvaluateAsync(id))));

        var app = (await h.Applications.GetAsync(id))!;
        Assert.Equal((ApplicationStatus.Eligible, 3), (app.Status, app.Version));
        Assert.Equal(["submit", "evaluate", "evaluated"], (await h.Applications.GetAuditAsync(id)).Select(a => a.What));
    }

    [Fact]
    public async Task Twenty_concurrent_approvals_with_one_ETag_have_exactly_one_winner()
    {
        var (h, id) = await SubmittedAndEvaluatedAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            h.Service.DecideAsync(Caller.Create($"reviewer-{i}", [Roles.Reviewer]), id, "\"v3\"", new DecisionCommand(true, 240_000_000 - i * 100, null)))));

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
        var (h, id) = await SubmittedAndEvaluatedAsync();
        var reviewer = GrantsHarness.Reviewer;

        Assert.Equal(ErrorKind.PreconditionRequired, (await h.Service.DecideAsync(reviewer, id, null, new DecisionCommand(true, null, null))).Error!.Kind);
        Assert.Equal(ErrorKind.PreconditionFailed, (await h.Service.DecideAsync(reviewer, id, "\"v2\"", new DecisionCommand(true, null, null))).Error!.Kind);
        Assert.Equal(ErrorCodes.AmountAboveComputed, (await h.Service.DecideAsync(reviewer, id, "\"v3\"", new DecisionCommand(true, 240_000_001, null))).Error!.Code);
        Assert.Equal(ErrorCodes.AmountOutOfRange, (await h.Service.DecideAsync(reviewer, id, "\"v3\"", new DecisionCommand(true, 0, null))).Error!.Code);
        Assert.Equal(ErrorCodes.ReasonRequired, (await h.Service.DecideAsync(reviewer, id, "\"v3\"", new DecisionCommand(false, null, " "))).Error!.Code);

        // Only a strong ETag of the current version proves the reviewer read it: * and weak tags are refused.
        Assert.Equal(ErrorKind.PreconditionFailed, (await h.Service.DecideAsync(reviewer, id, "*", new DecisionCommand(true, null, null))).Error!.Kind);
        Assert.Equal(ErrorKind.PreconditionFailed, (await h.Service.DecideAsync(reviewer, id, "W/\"v3\"", new DecisionCommand(true, null, null))).Error!.Kind);
        var approved = await h.Service.DecideAsync(reviewer, id, "\"v2\", \"v3\"", new DecisionCommand(true, 200_000_000, "预算调整"));
        Assert.True(approved.IsSuccess);
        var grant = (await h.Service.GetGrantAsync(reviewer, approved.Value!.GrantId!)).Value!;
        Assert.Equal(200_000_000, Assert.Single(grant.Ledger).AmountFen);

        var again = await h.Service.DecideAsync(reviewer, id, "\"v4\"", new DecisionCommand(false, null, "改判"));
        Assert.Equal(ErrorCodes.InvalidTransition, again.Error!.Code);
    }

    [Fact]
    public async Task An_ineligible_application_cannot_be_approved_but_can_be_rejected_with_a_reason()
    {
        var outside = GrantsHarness.A021() with { Applicant = new Applicant(ApplicantKind.Enterprise, GrantsHarness.UsccA, null, false, false) };
        var (h, id) = await SubmittedAndEvaluatedAsync(outside);
        var app = (await h.Applications.GetAsync(id))!;
        Assert.Equal(ApplicationStatus.Ineligible, app.Status);
        Assert.Contains(app.Decision!.Reasons, r => r.Code == "OutsideZone");

        Assert.Equal(ErrorCodes.InvalidTransition, (await h.Service.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, 100, null))).Error!.Code);
        var rejected = await h.Service.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(false, null, "不在区内"));
        Assert.Equal((ApplicationStatus.Rejected, (string?)null), (rejected.Value!.Status, rejected.Value.GrantId));
    }

    [Fact]
    public async Task The_engine_history_is_the_applicants_grants_so_the_same_project_is_not_paid_twice()
    {
        var (h, first) = await SubmittedAndEvaluatedAsync();
        await h.Service.DecideAsync(GrantsHarness.Reviewer, first, "\"v3\"", new DecisionCommand(true, null, null));

        var second = (await h.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.A021(), null)).Value!.Id;
        await h.Evaluation.EvaluateAsync(second);

        var app = (await h.Applications.GetAsync(second))!;
        // The project already holds 2,400,000 under A02.1: nothing more is paid (rules 10a/11).
        Assert.Equal(ApplicationStatus.Ineligible, app.Status);
        Assert.Contains(app.Decision!.Reasons, r => r.Code is "AlreadyAwarded" or "DuplicateSupport");
    }

    [Fact]
    public async Task The_last_failed_delivery_marks_the_application_evaluationFailed_once()
    {
        var throwing = new FixedEngine((_, _) => throw new InvalidOperationException("engine down"));
        var h = await GrantsHarness.CreateAsync(throwing);
        var id = (await h.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.A021(), null)).Value!.Id;

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Evaluation.EvaluateAsync(id));
        await h.Evaluation.MarkEvaluationFailedAsync(id, "engine down");
        await h.Evaluation.MarkEvaluationFailedAsync(id, "engine down");

        var app = (await h.Service.GetAsync(GrantsHarness.ApplicantA, id)).Value!;
        Assert.Equal(ApplicationStatus.EvaluationFailed, app.Status);
        Assert.Equal("engine down", app.FailureReason);
        Assert.Equal(["submit", "evaluate", "evaluation-failed"], (await h.Applications.GetAuditAsync(id)).Select(a => a.What));
    }

    [Fact]
    public async Task An_application_too_large_to_store_is_refused_before_anything_is_written_so_its_key_stays_free()
    {
        var h = await GrantsHarness.CreateAsync();
        // 120,000 × '<' is stored JSON-escaped as \u003C: 720,000 characters = 1.44 MB, over the 1 MiB entity limit.
        var huge = GrantsHarness.A021() with { Project = new ProjectRef("P-1", new string('<', 120_000)) };

        var refused = await h.Service.SubmitAsync(GrantsHarness.ApplicantA, huge, "key-big");

        Assert.Equal((ErrorKind.Validation, "RequestTooLarge"), (refused.Error!.Kind, refused.Error.Code));
        Assert.Empty((await h.Service.ListAsync(GrantsHarness.ApplicantA, null, null, 50)).Value!.Items);
        var corrected = await h.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.A021(), "key-big");
        Assert.True(corrected.IsSuccess, corrected.Error?.Code); // the key was not taken by the refused body
        Assert.False(corrected.Value!.Replayed);
    }

    [Fact]
    public async Task An_Idempotency_Key_replays_the_same_answer_and_refuses_another_body()
    {
        var h = await GrantsHarness.CreateAsync();
        var first = (await h.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.A021(), "key-1")).Value!;
        h.Clock.Advance(TimeSpan.FromDays(1));
        var replay = (await h.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.A021(), "key-1")).Value!;
        var other = await h.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.A021(totalInvestment: 13_000_000m), "key-1");
        var otherCaller = (await h.Service.SubmitAsync(Caller.Create("integrator-1", [Roles.Integrator], null, [GrantsHarness.UsccA]), GrantsHarness.A021(), "key-1")).Value!;

        Assert.Equal((first.Id, ApplicationStatus.Submitted, false), (replay.Id, replay.Status, first.Replayed));
        Assert.True(replay.Replayed);
        Assert.Equal((ErrorKind.Conflict, ErrorCodes.IdempotencyKeyReused), (other.Error!.Kind, other.Error.Code));
        Assert.NotEqual(first.Id, otherCaller.Id);
        var listed = (await h.Service.ListAsync(GrantsHarness.ApplicantA, null, null, 50)).Value!;
        Assert.Equal(2, listed.Items.Count);
        Assert.Equal(new DateOnly(2026, 11, 26), (await h.Applications.GetAsync(first.Id))!.SubmittedOn);
    }

    [Fact]
    public async Task Another_applicants_application_and_grant_answer_not_found()
    {
        var (h, id) = await SubmittedAndEvaluatedAsync();
        var grantId = (await h.Service.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, null))).Value!.GrantId!;
        var other = GrantsHarness.ApplicantB;

        Assert.Equal(ErrorKind.NotFound, (await h.Service.GetAsync(other, id)).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await h.Service.GetGrantAsync(other, grantId)).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await h.Service.WithdrawAsync(other, id, null)).Error!.Kind);
        Assert.Null(await h.Service.FindVisibleAsync(other, id));
        Assert.Empty((await h.Service.ListAsync(other, null, null, 50)).Value!.Items);
        Assert.Empty((await h.Service.ListAsync(other, GrantsHarness.UsccA, null, 50)).Value!.Items);

        var integrator = Caller.Create("integrator-1", [Roles.Integrator], null, [GrantsHarness.UsccA]);
        Assert.True((await h.Service.GetGrantAsync(integrator, grantId)).IsSuccess);
        Assert.Single((await h.Service.ListAsync(GrantsHarness.Reviewer, null, null, 50)).Value!.Items);
        Assert.Equal(ErrorCodes.ApplicantMismatch, (await h.Service.SubmitAsync(other, GrantsHarness.A021(GrantsHarness.UsccA), null)).Error!.Code);
    }

    [Fact]
    public async Task A_withdrawn_application_is_not_evaluated_and_withdrawing_twice_is_harmless()
    {
        var h = await GrantsHarness.CreateAsync();
        var id = (await h.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.A021(), null)).Value!.Id;

        Assert.Equal(ApplicationStatus.Withdrawn, (await h.Service.WithdrawAsync(GrantsHarness.ApplicantA, id, "改日再报")).Value!.Status);
        Assert.Equal(ApplicationStatus.Withdrawn, (await h.Service.WithdrawAsync(GrantsHarness.ApplicantA, id, null)).Value!.Status);
        await h.Evaluation.EvaluateAsync(id);

        var app = (await h.Applications.GetAsync(id))!;
        Assert.Equal((ApplicationStatus.Withdrawn, 2, (Decision?)null), (app.Status, app.Version, app.Decision));
        Assert.Equal(ApplicationStatus.Withdrawn, Assert.Single((await h.Service.ListAsync(GrantsHarness.ApplicantA, null, null, 10)).Value!.Items).Status);
    }

    [Fact]
    public async Task A_staged_A091_grant_issues_stage_1_on_approval_and_stage_2_on_acceptance()
    {
        // A09.1: 30% of 1,234,567.91 = 370,370.373 → 370,370.37; stage 1 (50%) = 185,185.18, stage 2 takes the rest 185,185.19.
        var (h, id) = await SubmittedAndEvaluatedAsync(GrantsHarness.Request("A09.1", GrantsHarness.UsccA,
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(1_234_567.91m) }));
        Assert.Equal(37_037_037, (await h.Applications.GetAsync(id))!.Decision!.AmountFen);
        var grantId = (await h.Service.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, null))).Value!.GrantId!;

        var before = (await h.Service.GetGrantAsync(GrantsHarness.ApplicantA, grantId)).Value!;
        Assert.Equal([("stage-1", 18_518_518L, LedgerStatus.Issued), ("stage-2", 18_518_519L, LedgerStatus.Scheduled)],
            before.Ledger.Select(l => (l.Component, l.AmountFen!.Value, l.Status)));

        Assert.Equal(ErrorCodes.StageNotFound, (await h.Service.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 3, "\"v1\"")).Error!.Code);
        Assert.Equal(ErrorCodes.StageNotFound, (await h.Service.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 1, "\"v1\"")).Error!.Code); // paid on approval
        // A strong ETag of the current version is required: missing → 428; *, weak or stale → 412, and nothing is released.
        Assert.Equal(ErrorKind.PreconditionRequired, (await h.Service.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 2, null)).Error!.Kind);
        foreach (var refused in new[] { "*", "W/\"v1\"", "\"v2\"" })
            Assert.Equal(ErrorKind.PreconditionFailed, (await h.Service.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 2, refused)).Error!.Kind);
        Assert.Equal(LedgerStatus.Scheduled, (await h.Grants.GetAsync(grantId))!.Ledger.Single(l => l.Component == "stage-2").Status);
        var accepted = (await h.Service.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 2, "\"v1\"")).Value!;
        var again = (await h.Service.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 2, "\"v1\"")).Value!; // released already: the same answer

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
        var (h, id) = await SubmittedAndEvaluatedAsync(GrantsHarness.Request("A09.1", GrantsHarness.UsccA,
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(1_234_567.91m) }));
        var grantId = (await h.Service.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, null))).Value!.GrantId!;

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => h.Service.AcceptStageAsync(GrantsHarness.Reviewer, grantId, 2, "\"v1\""))));

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
        var (h, id) = await SubmittedAndEvaluatedAsync(request);
        var grantId = (await h.Service.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, null))).Value!.GrantId!;

        var grant = (await h.Service.GetGrantAsync(GrantsHarness.ApplicantA, grantId)).Value!;

        Assert.Equal(550_000_000, grant.Grant.AmountFen);
        Assert.Equal([(2026, 400_000_000L, LedgerStatus.Issued), (2026, 150_000_000L, LedgerStatus.Issued), (2027, 200_000_000L, LedgerStatus.AwaitingClaim), (2028, 200_000_000L, LedgerStatus.AwaitingClaim)],
            grant.Ledger.Select(l => (l.FiscalYear, l.AmountFen!.Value, l.Status)));
    }

    [Fact]
    public async Task A_discretionary_measure_needs_an_amount_and_a_reason_and_pays_it_on_approval()
    {
        var discretionary = new FixedEngine((r, _) => new Decision(r.Measure, true, null, [new Reason("DeterminedByReview", "由评审确定", "Set by review")], [], []) { Discretionary = true });
        var (h, id) = await SubmittedAndEvaluatedAsync(GrantsHarness.Request("A01.1", GrantsHarness.UsccA, new Dictionary<string, FactValue>()), discretionary);

        Assert.Equal(ErrorCodes.AmountRequired, (await h.Service.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, "重大平台"))).Error!.Code);
        Assert.Equal(ErrorCodes.ReasonRequired, (await h.Service.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, 5_000_000_000, null))).Error!.Code);
        var grantId = (await h.Service.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, 5_000_000_000, "重大平台"))).Value!.GrantId!;

        var line = Assert.Single((await h.Service.GetGrantAsync(GrantsHarness.Reviewer, grantId)).Value!.Ledger);
        Assert.Equal((2026, "grant", 5_000_000_000L, LedgerStatus.Issued), (line.FiscalYear, line.Component, line.AmountFen!.Value, line.Status));
    }
}
