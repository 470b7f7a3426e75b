using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NeoBay.Functions.Queues;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Notifications;
using NeoBay.Grants.Storage.Notifications;
using NeoBay.Policy;
using NeoBay.Testing;
using NeoBay.Testing.Stubs;

namespace NeoBay.Functions.Tests.Push;

/// <summary>
/// <c>SendNotification</c> with the real sender, table and WeChat client against the loopback stub: delivery states, the poison
/// path after the last attempt, and no WeChat identity in the logs.
/// </summary>
public sealed class SendNotificationTests : IAsyncLifetime
{
    private const string Uscc = "91330100799655058B";
    private const string OpenId = "o-PERSONAL-openid-must-not-leak";
    private const int MaxDequeueCount = 5;

    private WeChatMessageStub wechat = null!;
    private TableNotificationStore store = null!;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger<PushFunctions> log = new();

    public async ValueTask InitializeAsync()
    {
        wechat = await WeChatMessageStub.StartAsync();
        store = new TableNotificationStore(new TableServiceClient(await Azurite.GetConnectionStringAsync()), Azurite.UniqueName("t"));
    }

    public async ValueTask DisposeAsync() => await wechat.DisposeAsync();

    private PushFunctions Function(bool subscribed = true, bool template = true)
    {
        var settings = new WeChatSettings(wechat.BaseAddress, WeChatMessageStub.AppId, WeChatMessageStub.AppSecret) { MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(5) };
        var templates = new WeChatTemplates(template ? new Dictionary<string, string> { [NotificationKinds.Approved] = "TEMPLATE-APPROVED" } : new Dictionary<string, string>());
        if (subscribed) store.SaveSubscriptionAsync(new PushSubscription(Uscc, OpenId, [NotificationKinds.Approved], clock.GetUtcNow())).GetAwaiter().GetResult();
        var sender = new NotificationSender(store, new WeChatMessageClient(new HttpClient(), settings, clock), templates, PolicyCatalog.LoadEmbedded(), clock);
        return new PushFunctions(Mock.Of<IPushUseCases>(MockBehavior.Strict), sender, new EvaluationQueueOptions(MaxDequeueCount), clock, log);
    }

    private async Task<string> RecordedAsync()
    {
        var approved = new GrantEvent(NotificationKinds.Approved, Uscc, "G20261201020000-0123456789", "A02.1") { AmountFen = 240_000_000 };
        var n = Assert.Single(await store.AddNewAsync(Uscc, [Notification.Of(approved, clock.GetUtcNow())]));
        return n.Id;
    }

    private static QueueMessage Message(string id, long dequeueCount) =>
        QueuesModelFactory.QueueMessage("m1", "pop", BinaryData.FromString(new DeliveryMessage(Uscc, id).ToJson()), dequeueCount);

    [Fact]
    public async Task A_subscribed_notification_is_sent_once_with_its_template_and_marked_sent()
    {
        var id = await RecordedAsync();
        var function = Function();
        await function.SendNotification(Message(id, 1), CancellationToken.None);
        await function.SendNotification(Message(id, 1), CancellationToken.None); // a second message for it: already sent

        var n = (await store.GetAsync(Uscc, id))!;
        Assert.Equal((DeliveryStates.Sent, 2), (n.Delivery, n.Version));
        var (_, body) = Assert.Single(wechat.Sends);
        Assert.Equal(("TEMPLATE-APPROVED", "已批准", "2,400,000.00元"), (body.GetProperty("template_id").GetString(),
            body.GetProperty("data").GetProperty("phrase2").GetProperty("value").GetString(), body.GetProperty("data").GetProperty("amount3").GetProperty("value").GetString()));
        Assert.DoesNotContain(log.Lines, l => l.Contains(OpenId, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task Without_a_subscription_or_a_template_nothing_is_sent_and_it_says_notSubscribed(bool subscribed, bool template)
    {
        var id = await RecordedAsync();
        await Function(subscribed, template).SendNotification(Message(id, 1), CancellationToken.None);

        Assert.Equal(DeliveryStates.NotSubscribed, (await store.GetAsync(Uscc, id))!.Delivery);
        Assert.Empty(wechat.Sends);
    }

    [Fact]
    public async Task WeChat_failing_every_attempt_leaves_it_pending_until_the_last_which_marks_it_failed_for_the_poison_queue()
    {
        var id = await RecordedAsync();
        var function = Function();
        wechat.Script([.. Enumerable.Repeat(500, 2 * MaxDequeueCount)]); // two tries per delivery (one retry), all 500

        for (var delivery = 1; delivery < MaxDequeueCount; delivery++)
        {
            await Assert.ThrowsAsync<WeChatUnavailableException>(() => function.SendNotification(Message(id, delivery), CancellationToken.None));
            Assert.Equal(DeliveryStates.Pending, (await store.GetAsync(Uscc, id))!.Delivery);
        }
        await Assert.ThrowsAsync<WeChatUnavailableException>(() => function.SendNotification(Message(id, MaxDequeueCount), CancellationToken.None));

        var n = (await store.GetAsync(Uscc, id))!;
        Assert.Equal(DeliveryStates.Failed, n.Delivery);
        Assert.StartsWith("WeChatUnavailableException", n.DeliveryError, StringComparison.Ordinal);
        Assert.Equal(2 * MaxDequeueCount, wechat.SendCalls);
        Assert.DoesNotContain(log.Lines, l => l.Contains(OpenId, StringComparison.Ordinal));
    }

    private sealed class RecordingLogger<T> : ILogger<T>
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception) + " " + exception);
    }
}
