using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Tests.Documents;
using NeoBay.Grants.Tests.Support;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Applications;

/// <summary>
/// Submit, evaluate, read, list, withdraw against Azurite and the real policy engine, and one whole flow through the decision;
/// the decisions themselves are tested in <see cref="Decisions.DecisionServiceTests"/>.
/// </summary>
public sealed class ApplicationFlowTests
{
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
        var decided = await h.Decisions.DecideAsync(GrantsHarness.Reviewer, submitted.Id, evaluated.HttpETag, new DecisionCommand(true, null, null));
        Assert.True(decided.IsSuccess, decided.Error?.Code);
        Assert.Equal(ApplicationStatus.Approved, decided.Value!.Status);

        var grant = (await h.Decisions.GetGrantAsync(GrantsHarness.ApplicantA, decided.Value.GrantId!)).Value!;
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
    public async Task The_engine_history_is_the_applicants_grants_so_the_same_project_is_not_paid_twice()
    {
        var (h, first) = await GrantsHarness.SubmittedAndEvaluatedAsync();
        await h.Decisions.DecideAsync(GrantsHarness.Reviewer, first, "\"v3\"", new DecisionCommand(true, null, null));

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
        var (h, id) = await GrantsHarness.SubmittedAndEvaluatedAsync();
        var grantId = (await h.Decisions.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, null))).Value!.GrantId!;
        var other = GrantsHarness.ApplicantB;

        Assert.Equal(ErrorKind.NotFound, (await h.Service.GetAsync(other, id)).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await h.Decisions.GetGrantAsync(other, grantId)).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await h.Service.WithdrawAsync(other, id, null)).Error!.Kind);
        Assert.Null(await h.Service.FindVisibleAsync(other, id));
        Assert.Empty((await h.Service.ListAsync(other, null, null, 50)).Value!.Items);
        Assert.Empty((await h.Service.ListAsync(other, GrantsHarness.UsccA, null, 50)).Value!.Items);

        var integrator = Caller.Create("integrator-1", [Roles.Integrator], null, [GrantsHarness.UsccA]);
        Assert.True((await h.Decisions.GetGrantAsync(integrator, grantId)).IsSuccess);
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
}
