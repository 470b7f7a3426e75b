using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Applications;
using NeoBay.Grants.Tests.Renewals;
using NeoBay.Policy;
using NeoBay.Testing;

namespace NeoBay.Grants.Tests.Storage;

/// <summary>
/// The benchmark's fast seeding path (docs/benchmarks.md): an application submitted and evaluated by the use cases, stored
/// again by <see cref="TableApplicationStore.SeedAsync"/> into other tables, reads back identical — the record, its
/// audit (a verifiable chain), its list entries and the queue's status partition.
/// </summary>
public sealed class SeedTests
{
    [Fact]
    public async Task A_seeded_application_reads_back_as_the_use_cases_stored_it()
    {
        var h = await RenewalHarness.CreateAsync();
        var uscc = RenewalHarness.UsccOf(401);
        var (id, _) = await h.PrepareAsync("A02.1", ApplicantKind.Enterprise, uscc, Budget.FundHarness.Facts(("totalInvestment", 12_000_000m), ("nationalApproval", true)));
        var stored = (await h.Applications.GetAsync(id))!;
        var audit = await h.Applications.GetAuditAsync(id);
        Assert.Equal(ApplicationStatus.Eligible, stored.Status);
        Assert.True(audit.Count >= 3); // submit, evaluate, evaluated

        var seeded = new GrantsTables(h.Tables.Service, Azurite.UniqueName("seed"));
        var target = new TableApplicationStore(seeded);
        await target.SeedAsync([(stored with { StorageETag = null }, audit)]);
        await target.SeedAsync([(stored with { StorageETag = null }, audit)]); // a rerun writes the same rows

        var read = (await target.GetAsync(id))!;
        Assert.Equal(StorageJson.Serialize(stored with { StorageETag = null }), StorageJson.Serialize(read with { StorageETag = null }));
        Assert.Equal(audit.Select(StorageJson.Serialize), (await target.GetAuditAsync(id)).Select(StorageJson.Serialize));
        foreach (var (store, ofUscc) in new[] { (h.Applications, (string?)null), (target, null), (h.Applications, uscc), (target, uscc) })
            Assert.Equal(ApplicationChanges.Summary(stored), Assert.Single((await store.ListAsync(ofUscc, null, 10)).Items));
        var eligible = new ApplicationQuery(ApplicationStatus.Eligible, null, null, null, null, true);
        Assert.Equal([id], (await target.QueryAsync(eligible, null, 10)).Items.Select(s => s.Id));
        Assert.Equal([id], (await target.QueryAsync(eligible with { Newest = false }, null, 10)).Items.Select(s => s.Id));
        var verified = await TableAuditVerifier.VerifyPartitionAsync(await seeded.GetAsync(GrantsTables.Applications), id);
        Assert.Null(verified.FirstBreak);
        Assert.Equal(audit.Count, verified.Lines);
    }
}
