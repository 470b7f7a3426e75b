using Microsoft.Extensions.Time.Testing;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Notifications;
using NeoBay.Testing.Stubs;

namespace NeoBay.Grants.Tests.Notifications;

/// <summary>The real subscribe-message client against WeChat's endpoints stubbed on loopback.</summary>
public sealed class WeChatMessageClientTests : IAsyncLifetime
{
    private WeChatMessageStub wechat = null!;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));

    public async ValueTask InitializeAsync() => wechat = await WeChatMessageStub.StartAsync();

    public async ValueTask DisposeAsync() => await wechat.DisposeAsync();

    private WeChatMessageClient Client(int maxRetries = 2) => new(new HttpClient { Timeout = Timeout.InfiniteTimeSpan },
        new WeChatSettings(wechat.BaseAddress, WeChatMessageStub.AppId, WeChatMessageStub.AppSecret) { MaxRetries = maxRetries, RetryDelay = TimeSpan.FromMilliseconds(10) },
        clock);

    private static WeChatMessage Message(string openId = "o-test-openid") =>
        new(openId, "TEMPLATE-NEW", "pages/notifications/index?id=abc", new Dictionary<string, string> { ["thing1"] = "未来产业前沿技术研究", ["amount3"] = "2,500,000.00元" });

    [Fact]
    public async Task The_token_is_fetched_once_for_two_sends_and_the_message_carries_the_template()
    {
        var client = Client();
        Assert.Equal((WeChatSendOutcome.Sent, 0), await client.SendAsync(Message()));
        Assert.Equal((WeChatSendOutcome.Sent, 0), await client.SendAsync(Message()));

        Assert.Equal(1, wechat.TokenCalls);
        Assert.All(wechat.Sends, s => Assert.Equal("TOKEN-1", s.Token));
        var body = wechat.Sends.First().Body;
        Assert.Equal(("o-test-openid", "TEMPLATE-NEW", "pages/notifications/index?id=abc", "2,500,000.00元"),
            (body.GetProperty("touser").GetString(), body.GetProperty("template_id").GetString(), body.GetProperty("page").GetString(),
             body.GetProperty("data").GetProperty("amount3").GetProperty("value").GetString()));
    }

    [Fact]
    public async Task The_token_is_fetched_again_shortly_before_it_expires()
    {
        var client = Client();
        await client.SendAsync(Message());
        clock.Advance(TimeSpan.FromSeconds(7200) - WeChatMessageClient.RefreshMargin - TimeSpan.FromSeconds(1));
        await client.SendAsync(Message());
        Assert.Equal(1, wechat.TokenCalls);
        clock.Advance(TimeSpan.FromSeconds(2));
        await client.SendAsync(Message());
        Assert.Equal(2, wechat.TokenCalls);
    }

    [Theory]
    [InlineData(40001)]
    [InlineData(42001)]
    public async Task A_token_WeChat_refuses_is_replaced_and_the_message_sent(int errcode)
    {
        var client = Client();
        await client.SendAsync(Message());
        wechat.Expire();
        wechat.Script(errcode);

        Assert.Equal((WeChatSendOutcome.Sent, 0), await client.SendAsync(Message()));
        Assert.Equal(2, wechat.TokenCalls);
        Assert.Equal(["TOKEN-1", "TOKEN-1", "TOKEN-2"], wechat.Sends.Select(s => s.Token));
    }

    [Fact]
    public async Task Server_errors_and_busy_are_retried()
    {
        wechat.Script(500, -1);
        Assert.Equal((WeChatSendOutcome.Sent, 0), await Client().SendAsync(Message()));
        Assert.Equal(3, wechat.SendCalls);
    }

    [Fact]
    public async Task Failing_after_every_retry_throws_for_the_queue_to_deliver_again()
    {
        wechat.Script(503, 502, 500);
        await Assert.ThrowsAsync<WeChatUnavailableException>(() => Client(maxRetries: 2).SendAsync(Message()));
        Assert.Equal(3, wechat.SendCalls);
    }

    [Theory]
    [InlineData(43101, WeChatSendOutcome.NotSubscribed)]
    [InlineData(40037, WeChatSendOutcome.Refused)]
    public async Task Refusals_are_answers_not_retries(int errcode, WeChatSendOutcome outcome)
    {
        wechat.Script(errcode);
        Assert.Equal((outcome, errcode), await Client().SendAsync(Message()));
        Assert.Equal(1, wechat.SendCalls);
    }
}
