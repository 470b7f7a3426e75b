using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Notifications;
using NeoBay.Grants.Storage.Notifications;
using NeoBay.Grants.Tests.Support;
using NeoBay.Testing;
using NeoBay.Testing.Stubs;

namespace NeoBay.Grants.Tests.Notifications;

/// <summary><c>POST /api/me/subscriptions</c>' use case: the openid comes from a fresh code exchanged at WeChat (stub on loopback).</summary>
public sealed class SubscriptionTests : IAsyncLifetime
{
    private WeChatStub wechat = null!;
    private TableNotificationStore store = null!;
    private NotificationService service = null!;

    public async ValueTask InitializeAsync()
    {
        wechat = await WeChatStub.StartAsync();
        store = new TableNotificationStore(new TableServiceClient(await Azurite.GetConnectionStringAsync()), Azurite.UniqueName("t"));
        var sessions = new WeChatSessionClient(new HttpClient(), new WeChatSettings(wechat.BaseAddress, WeChatStub.AppId, WeChatStub.AppSecret));
        service = new NotificationService(store, sessions, new FakeTimeProvider(PushHarness.Start));
    }

    public async ValueTask DisposeAsync() => await wechat.DisposeAsync();

    private static Caller WeChatApplicant(string unionId) => Caller.Create(Caller.WeChatSubjectPrefix + unionId, [Roles.Applicant], GrantsHarness.UsccA);

    [Fact]
    public async Task The_signed_in_persons_openid_is_recorded_with_the_kinds_accepted()
    {
        wechat.AddCode("code-1", "o-openid-1", "u-union-1");
        var result = await service.SubscribeAsync(WeChatApplicant("u-union-1"), "code-1", [NotificationKinds.NewOpportunity, NotificationKinds.Approved, NotificationKinds.Approved]);

        Assert.True(result.IsSuccess, result.Error?.Code);
        var stored = (await store.GetSubscriptionAsync(GrantsHarness.UsccA))!;
        Assert.Equal("o-openid-1", stored.OpenId);
        Assert.Equal([NotificationKinds.NewOpportunity, NotificationKinds.Approved], stored.Kinds);
    }

    [Fact]
    public async Task Another_persons_code_an_unknown_kind_or_a_staff_sign_in_are_refused()
    {
        wechat.AddCode("code-2", "o-openid-2", "u-union-2");
        Assert.Equal("WeChatIdentityMismatch", (await service.SubscribeAsync(WeChatApplicant("u-union-1"), "code-2", [NotificationKinds.Approved])).Error!.Code);
        Assert.Equal("InvalidValue", (await service.SubscribeAsync(WeChatApplicant("u-union-2"), "code-2", ["spam"])).Error!.Code);
        Assert.Equal("InvalidValue", (await service.SubscribeAsync(WeChatApplicant("u-union-2"), "code-2", [])).Error!.Code);
        Assert.Equal("WeChatSignInRequired", (await service.SubscribeAsync(GrantsHarness.ApplicantA, "code-2", [NotificationKinds.Approved])).Error!.Code);
        Assert.Equal(SignInCodes.WeChatCodeInvalid, (await service.SubscribeAsync(WeChatApplicant("u-union-2"), "unknown", [NotificationKinds.Approved])).Error!.Code);
        Assert.Null(await store.GetSubscriptionAsync(GrantsHarness.UsccA));
    }
}
