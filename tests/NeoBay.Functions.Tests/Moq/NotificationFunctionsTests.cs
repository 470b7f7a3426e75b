using Moq;
using NeoBay.Functions.Http.Matching;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Common;
using NeoBay.Grants.Notifications;
using NeoBay.Policy;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class NotificationFunctionsTests
{
    private static readonly Lazy<PolicyCatalog> Catalog = new(PolicyCatalog.LoadEmbedded);
    private static readonly string Id = new('a', 32);
    private readonly Mock<INotificationUseCases> notifications = new(MockBehavior.Strict);

    private NotificationFunctions Functions() => new(notifications.Object, Catalog.Value);

    private static Notification Note(int version = 1) =>
        new(Id, Requests.UsccA, NotificationKinds.NewOpportunity, "k", "A02.1", Triggers.Instant) { Status = "eligible", AmountFen = 240_000_000, Version = version };

    [Fact]
    public async Task The_list_passes_the_page_and_answers_amounts_in_yuan_never_cached()
    {
        notifications.Setup(n => n.ListAsync(Requests.ApplicantA, "tok", 5, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<ListPage<Notification>>.Ok(new ListPage<Notification>([Note()], null)));
        var result = (await Functions().ListNotifications(Triggers.Query(Requests.ApplicantA, "?take=5&continuationToken=tok"))).Api();

        Assert.Equal("no-store", result.Headers["Cache-Control"]);
        var item = result.JsonBody().GetProperty("items")[0];
        Assert.Equal((Id, "2400000.00", false), (item.GetProperty("id").GetString(), item.GetProperty("amount").GetRawText(), item.GetProperty("read").GetBoolean()));
    }

    [Fact]
    public async Task A_bad_page_size_is_400_before_the_use_case()
    {
        (await Functions().ListNotifications(Triggers.Query(Requests.ApplicantA, "?take=many"))).Problem(400, "InvalidPageSize");
        notifications.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Reading_passes_If_Match_and_answers_the_new_ETag_and_a_stale_one_is_412()
    {
        notifications.Setup(n => n.MarkReadAsync(Requests.ApplicantA, Id, "\"v1\"", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<Notification>.Ok(Note(2) with { ReadAt = Triggers.Instant }));
        notifications.Setup(n => n.MarkReadAsync(Requests.ApplicantA, Id, "\"v0\"", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<Notification>.Fail(new UseCaseError(ErrorKind.PreconditionFailed, "PreconditionFailed.Notification", "If-Match")));

        var result = (await Functions().ReadNotification(Requests.Make("POST", caller: Requests.ApplicantA, headers: ("If-Match", "\"v1\"")), Id)).Api();

        Assert.Equal(("\"v2\"", true), (result.Headers["ETag"], result.JsonBody().GetProperty("read").GetBoolean()));
        (await Functions().ReadNotification(Requests.Make("POST", caller: Requests.ApplicantA, headers: ("If-Match", "\"v0\"")), Id)).Problem(412, "PreconditionFailed");
    }

    [Fact]
    public async Task A_subscription_passes_the_code_and_kinds_and_a_missing_code_is_400()
    {
        notifications.Setup(n => n.SubscribeAsync(Requests.ApplicantA, "wx-code", It.Is<IReadOnlyList<string>>(k => k.SequenceEqual(new[] { "decided", "newOpportunity" })),
                It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<PushSubscription>.Ok(new PushSubscription(Requests.UsccA, "openid", ["decided", "newOpportunity"], Triggers.Instant)));

        var body = (await Functions().Subscribe(Requests.Make("POST", """{"code": "wx-code", "kinds": ["decided", "newOpportunity"]}""", Requests.ApplicantA))).Json();

        Assert.Equal(2, body.GetProperty("kinds").GetArrayLength());
        Assert.DoesNotContain("openid", body.GetRawText(), StringComparison.Ordinal);
        (await Functions().Subscribe(Requests.Make("POST", """{"kinds": []}""", Requests.ApplicantA))).Problem(400, "MissingField");
    }

    [Fact]
    public async Task WeChat_rate_limiting_the_code_exchange_is_429()
    {
        notifications.Setup(n => n.SubscribeAsync(Requests.ApplicantA, "wx-code", It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<PushSubscription>.Fail(new UseCaseError(ErrorKind.Conflict, NeoBay.Grants.Auth.SignInCodes.WeChatRateLimited)));

        (await Functions().Subscribe(Requests.Make("POST", """{"code": "wx-code", "kinds": []}""", Requests.ApplicantA))).Problem(429, NeoBay.Grants.Auth.SignInCodes.WeChatRateLimited);
    }
}
