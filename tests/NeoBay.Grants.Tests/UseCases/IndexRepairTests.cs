using NeoBay.Grants.Documents;
using NeoBay.Grants.Domain;
using NeoBay.Grants.Tests.Support;
using NeoBay.Grants.UseCases;

namespace NeoBay.Grants.Tests.UseCases;

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
        var service = new ApplicationService(new IndexFailsOnce(h.Applications), h.Grants, h.Queue,
            new DocumentChecklist(h.DocumentStore, GrantsHarness.Catalog.Value), h.Clock);

        await Assert.ThrowsAsync<InvalidOperationException>(() => service.WithdrawAsync(GrantsHarness.ApplicantA, id, null)); // withdrawn recorded, list entry lost
        Assert.True((await service.WithdrawAsync(GrantsHarness.ApplicantA, id, null)).IsSuccess); // the client retries

        Assert.Equal(ApplicationStatus.Withdrawn, (await h.Applications.ListAsync(GrantsHarness.UsccA, null, 10)).Items.Single().Status);
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

        public Task<IdempotencyRecord?> GetIdempotencyAsync(string scope, string keyHash, CancellationToken cancellationToken = default) =>
            inner.GetIdempotencyAsync(scope, keyHash, cancellationToken);

        public Task<bool> TryAddIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken = default) =>
            inner.TryAddIdempotencyAsync(record, cancellationToken);
    }
}
