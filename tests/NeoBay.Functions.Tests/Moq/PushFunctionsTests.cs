using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NeoBay.Functions.Queues;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Notifications;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class PushFunctionsTests
{
    private static readonly string Id = new('b', 32);
    private readonly Mock<IPushUseCases> push = new(MockBehavior.Strict);
    private readonly Mock<INotificationSender> sender = new(MockBehavior.Strict);

    // 2026-11-30 17:00 UTC is 01:00 on 1 December in China Standard Time.
    private PushFunctions Functions() => new(push.Object, sender.Object, new EvaluationQueueOptions(5), new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero)),
        NullLogger<PushFunctions>.Instance);

    [Fact]
    public async Task A_rematch_message_is_handled_and_a_second_delivery_says_so()
    {
        push.Setup(p => p.HandleAsync(It.Is<RematchMessage>(m => m.Uscc == Requests.UsccA), It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync(2);

        await Functions().RematchProfiles(Triggers.Message($$"""{"uscc":"{{Requests.UsccA}}"}"""), CancellationToken.None);
        await Functions().RematchProfiles(Triggers.Message($$"""{"uscc":"{{Requests.UsccA}}"}""", 2), CancellationToken.None);
        await Functions().RematchProfiles(Triggers.Message("""{"other":1}"""), CancellationToken.None);

        push.Verify(p => p.HandleAsync(It.IsAny<RematchMessage>(), false, It.IsAny<CancellationToken>()), Times.Once);
        push.Verify(p => p.HandleAsync(It.IsAny<RematchMessage>(), true, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_timer_starts_the_catalog_rematch_of_todays_CST_date()
    {
        push.Setup(p => p.StartCatalogChangeAsync(new DateOnly(2026, 12, 1), It.IsAny<CancellationToken>())).ReturnsAsync(true);

        await Functions().StartCatalogRematch(Triggers.Timer(), CancellationToken.None);

        push.Verify(p => p.StartCatalogChangeAsync(new DateOnly(2026, 12, 1), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_delivery_message_sends_that_notification()
    {
        sender.Setup(s => s.SendAsync(Requests.UsccA, Id, It.IsAny<CancellationToken>())).ReturnsAsync("sent");

        await Functions().SendNotification(Triggers.Message($$"""{"uscc":"{{Requests.UsccA}}","id":"{{Id}}"}"""), CancellationToken.None);

        sender.Verify(s => s.SendAsync(Requests.UsccA, Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_last_failed_delivery_marks_the_notification_failed_and_rethrows()
    {
        sender.Setup(s => s.SendAsync(Requests.UsccA, Id, It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("slow"));
        sender.Setup(s => s.MarkFailedAsync(Requests.UsccA, Id, "TimeoutException: slow", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        await Assert.ThrowsAsync<TimeoutException>(() => Functions().SendNotification(Triggers.Message($$"""{"uscc":"{{Requests.UsccA}}","id":"{{Id}}"}""", 5), CancellationToken.None));

        sender.Verify(s => s.MarkFailedAsync(Requests.UsccA, Id, "TimeoutException: slow", It.IsAny<CancellationToken>()), Times.Once);
    }
}
