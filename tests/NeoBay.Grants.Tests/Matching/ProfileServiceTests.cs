using NeoBay.Grants.Common;
using NeoBay.Grants.Matching;
using NeoBay.Grants.Notifications;
using NeoBay.Grants.Tests.Notifications;
using NeoBay.Grants.Tests.Support;

namespace NeoBay.Grants.Tests.Matching;

/// <summary>A saved profile is re-matched through Matching's own port, which the push's re-match queue implements.</summary>
public sealed class ProfileServiceTests
{
    [Fact]
    public async Task A_saved_profile_queues_one_rematch_of_its_applicant_and_a_refused_save_queues_none()
    {
        var h = await PushHarness.CreateAsync();
        var service = new ProfileService(h.Profiles, h.Time, h.RematchQueue);
        var applicant = GrantsHarness.ApplicantA;

        var saved = await service.SaveAsync(applicant, PushHarness.Profile(GrantsHarness.UsccA, 12_000_000m), null);
        var stale = await service.SaveAsync(applicant, PushHarness.Profile(GrantsHarness.UsccA, 15_000_000m), "\"v7\"");
        var mismatch = await service.SaveAsync(applicant, PushHarness.Profile(GrantsHarness.UsccB, 15_000_000m), null);

        Assert.Equal(1, saved.Value!.Version);
        Assert.Equal(ErrorKind.PreconditionFailed, stale.Error!.Kind);
        Assert.Equal(ErrorKind.Forbidden, mismatch.Error!.Kind);
        var message = Assert.Single(h.RematchQueue.Sent);
        Assert.Equal(new RematchMessage(GrantsHarness.UsccA), message);
    }

    [Fact]
    public async Task Without_push_a_profile_is_saved_and_nothing_is_queued()
    {
        var h = await PushHarness.CreateAsync();

        var saved = await new ProfileService(h.Profiles, h.Time).SaveAsync(GrantsHarness.ApplicantA, PushHarness.Profile(GrantsHarness.UsccA, 12_000_000m), null);

        Assert.True(saved.IsSuccess, saved.Error?.Code);
        Assert.Equal(1, (await h.Profiles.GetAsync(GrantsHarness.UsccA))!.Version);
        Assert.Empty(h.RematchQueue.Sent);
    }
}
