using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Evaluation;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Tests.Documents;
using NeoBay.Grants.Tests.Support;

namespace NeoBay.Grants.Tests.Applications;

/// <summary>A transition is recorded, then its list entry is not (a crash or storage fault between the two): the repeat mends the list.</summary>
public sealed class IndexRepairTests
{
    [Fact]
    public async Task A_redelivered_evaluation_brings_the_list_up_to_date_when_the_first_stopped_before_the_index()
    {
        var h = await GrantsHarness.CreateAsync();
        var id = (await h.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.A021(), null)).Value!.Id;
        var evaluation = new EvaluationService(new IndexFailsOnce(h.Applications), h.Grants, GrantsHarness.RealEngine.Value, h.Clock);

        await Assert.ThrowsAsync<InvalidOperationException>(() => evaluation.EvaluateAsync(id)); // eligible recorded, list entry lost
        await evaluation.EvaluateAsync(id); // the queue delivers the message again

        Assert.Equal(ApplicationStatus.Eligible, (await h.Applications.ListAsync(GrantsHarness.UsccA, null, 10)).Items.Single().Status);
    }

    [Fact]
    public async Task A_repeated_withdrawal_brings_the_list_up_to_date_when_the_first_stopped_before_the_index()
    {
        var h = await GrantsHarness.CreateAsync();
        var id = (await h.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.A021(), null)).Value!.Id;
        var service = new ApplicationService(new IndexFailsOnce(h.Applications), h.Queue, h.Clock);

        await Assert.ThrowsAsync<InvalidOperationException>(() => service.WithdrawAsync(GrantsHarness.ApplicantA, id, null)); // withdrawn recorded, list entry lost
        Assert.True((await service.WithdrawAsync(GrantsHarness.ApplicantA, id, null)).IsSuccess); // the client retries

        Assert.Equal(ApplicationStatus.Withdrawn, (await h.Applications.ListAsync(GrantsHarness.UsccA, null, 10)).Items.Single().Status);
    }

    [Fact]
    public async Task Reading_a_grant_whose_approval_stopped_before_the_grant_write_also_brings_the_list_up_to_date()
    {
        var h = await GrantsHarness.CreateAsync();
        var id = (await h.Service.SubmitAsync(GrantsHarness.ApplicantA, GrantsHarness.A021(), null)).Value!.Id;
        await h.Evaluation.EvaluateAsync(id);
        await h.CompleteRequiredDocumentsAsync(id);
        var service = new DecisionService(h.Applications, new GrantWriteFailsOnce(h.Grants), new DocumentChecklist(h.DocumentStore, GrantsHarness.Catalog.Value), h.Clock);

        // Approval recorded (v3 → v4), then storage fails: no grant, and the list entry is not written either.
        await Assert.ThrowsAsync<InvalidOperationException>(() => service.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, null)));
        Assert.Equal(ApplicationStatus.Eligible, (await h.Applications.ListAsync(GrantsHarness.UsccA, null, 10)).Items.Single().Status);
        // The reviewer's retry is stale: the decision is already recorded.
        Assert.Equal(ErrorKind.PreconditionFailed, (await service.DecideAsync(GrantsHarness.Reviewer, id, "\"v3\"", new DecisionCommand(true, null, null))).Error!.Kind);

        var grant = (await service.GetGrantAsync(GrantsHarness.ApplicantA, GrantKeys.ForApplication(id))).Value!; // the grant repairs itself
        Assert.Equal(240_000_000, grant.Grant.AmountFen); // 20% × 12,000,000.00

        var mine = (await h.Applications.ListAsync(GrantsHarness.UsccA, null, 10)).Items.Single();
        var all = (await h.Applications.ListAsync(null, null, 10)).Items.Single();
        Assert.Equal((ApplicationStatus.Approved, 4), (mine.Status, mine.Version));
        Assert.Equal((ApplicationStatus.Approved, 4), (all.Status, all.Version));
    }

    /// <summary>The real store, except that its first list-entry write fails.</summary>
    private sealed class IndexFailsOnce(IApplicationStore inner) : IApplicationStore
    {
        private int failed;

        public Task UpsertIndexAsync(ApplicationSummary summary, CancellationToken cancellationToken = default) =>
            Interlocked.Exchange(ref failed, 1) == 0
                ? Task.FromException(new InvalidOperationException("The list entry was not written."))
                : inner.UpsertIndexAsync(summary, cancellationToken);

        public Task<bool> TryCreateAsync(ApplicationRecord application, AuditEntry audit, CancellationToken cancellationToken = default) =>
            inner.TryCreateAsync(application, audit, cancellationToken);

        public Task<ApplicationRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<ApplicationRecord> ReplaceAsync(ApplicationRecord application, AuditEntry audit, CancellationToken cancellationToken = default) =>
            inner.ReplaceAsync(application, audit, cancellationToken);

        public Task<ListPage<ApplicationSummary>> ListAsync(string? uscc, string? continuationToken, int pageSize, CancellationToken cancellationToken = default) =>
            inner.ListAsync(uscc, continuationToken, pageSize, cancellationToken);

        public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string id, CancellationToken cancellationToken = default) => inner.GetAuditAsync(id, cancellationToken);

        public bool Fits(ApplicationRecord application) => inner.Fits(application);

        public Task<IdempotencyRecord?> GetIdempotencyAsync(string scope, string keyHash, CancellationToken cancellationToken = default) =>
            inner.GetIdempotencyAsync(scope, keyHash, cancellationToken);

        public Task<bool> TryAddIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken = default) =>
            inner.TryAddIdempotencyAsync(record, cancellationToken);
    }

    /// <summary>The real store, except that its first grant write fails (nothing written).</summary>
    private sealed class GrantWriteFailsOnce(IGrantStore inner) : IGrantStore
    {
        private int failed;

        public Task<bool> TryCreateAsync(GrantRecord grant, IReadOnlyList<LedgerLine> lines, AuditEntry audit, CancellationToken cancellationToken = default) =>
            Interlocked.Exchange(ref failed, 1) == 0
                ? Task.FromException<bool>(new InvalidOperationException("The grant was not written."))
                : inner.TryCreateAsync(grant, lines, audit, cancellationToken);

        public Task<GrantView?> GetAsync(string grantId, CancellationToken cancellationToken = default) => inner.GetAsync(grantId, cancellationToken);

        public Task<(GrantRecord Grant, IReadOnlyList<LedgerLine> Lines)> UpdateAsync(GrantRecord grant, IReadOnlyList<LedgerLine> changedLines, AuditEntry audit,
            CancellationToken cancellationToken = default) => inner.UpdateAsync(grant, changedLines, audit, cancellationToken);

        public Task<bool> TryAddLineAsync(LedgerLine line, CancellationToken cancellationToken = default) => inner.TryAddLineAsync(line, cancellationToken);

        public Task UpsertIndexAsync(GrantIndexEntry entry, CancellationToken cancellationToken = default) => inner.UpsertIndexAsync(entry, cancellationToken);

        public Task<IReadOnlyList<GrantIndexEntry>> ListByApplicantAsync(string uscc, CancellationToken cancellationToken = default) =>
            inner.ListByApplicantAsync(uscc, cancellationToken);

        public Task<ListPage<GrantIndexEntry>> ListByShardAsync(int shard, string? continuationToken, int pageSize, CancellationToken cancellationToken = default) =>
            inner.ListByShardAsync(shard, continuationToken, pageSize, cancellationToken);
    }
}
