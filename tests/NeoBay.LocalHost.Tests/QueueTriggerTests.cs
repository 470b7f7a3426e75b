using System.Net;
using System.Text;
using Azure.Storage.Queues;
using NeoBay.LocalHost.Tests.Support;

namespace NeoBay.LocalHost.Tests;

public sealed class QueueTriggerTests : IAsyncLifetime
{
    private TestHost host = null!;

    public async ValueTask InitializeAsync() => host = await TestHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private QueueClient Queue(string setting, QueueMessageEncoding encoding = QueueMessageEncoding.Base64) =>
        new(host.Storage, host.Queue(setting), new QueueClientOptions { MessageEncoding = encoding });

    private async Task<QueueClient> CreatedQueueAsync(string setting, QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
    {
        var queue = Queue(setting, encoding);
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    [Fact]
    public async Task A_base64_message_runs_the_function_once_and_is_deleted()
    {
        var queue = await CreatedQueueAsync("TestQueue");

        await queue.SendMessageAsync("申请 A-1");
        var calls = await host.Recorder.WaitForAsync("Consume", 1);

        Assert.Equal("申请 A-1|1|1", calls.Single());
        // Deleted (hidden messages count too): it cannot be delivered again.
        await Eventually(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
        Assert.Single(host.Recorder.Calls("Consume"));
    }

    [Fact]
    public async Task A_batch_of_messages_each_runs_exactly_once()
    {
        var queue = await CreatedQueueAsync("TestQueue");

        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => queue.SendMessageAsync($"m{i}")));
        var calls = await host.Recorder.WaitForAsync("Consume", 20);

        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"m{i}|1|1").Order(), calls.Order());
    }

    [Fact]
    public async Task A_json_message_binds_to_a_poco()
    {
        var queue = await CreatedQueueAsync("OrderQueue");

        await queue.SendMessageAsync("""{"id":"o-7","amountFen":123456}""");

        Assert.Equal("o-7:123456", (await host.Recorder.WaitForAsync("ConsumeOrder", 1)).Single());
    }

    [Fact]
    public async Task A_failing_message_is_tried_max_dequeue_count_times_then_moved_to_the_poison_queue()
    {
        var queue = await CreatedQueueAsync("FailQueue");
        var poison = new QueueClient(host.Storage, host.Queue("FailQueue") + "-poison");

        await queue.SendMessageAsync("doomed");
        await Eventually(async () => (await poison.ExistsAsync()).Value && (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 1);

        // host.json of the tests says maxDequeueCount 3: three attempts, with dequeue counts 1, 2, 3.
        Assert.Equal(["doomed|1", "doomed|2", "doomed|3"], host.Recorder.Calls("AlwaysFails").Select(c => string.Join('|', c.Split('|')[..2])));
        var moved = (await new QueueClient(host.Storage, poison.Name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }).ReceiveMessageAsync()).Value;
        Assert.Equal("doomed", moved.Body.ToString());
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_message_that_is_not_base64_goes_to_poison_without_running()
    {
        var plain = await CreatedQueueAsync("TestQueue", QueueMessageEncoding.None);
        var poison = new QueueClient(host.Storage, host.Queue("TestQueue") + "-poison");

        await plain.SendMessageAsync("plain text, not base64!");
        await Eventually(async () => (await poison.ExistsAsync()).Value && (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 1);

        Assert.Empty(host.Recorder.Calls("Consume"));
        Assert.Equal("plain text, not base64!", (await poison.ReceiveMessageAsync()).Value.MessageText);
    }

    [Fact]
    public async Task At_most_batch_size_plus_new_batch_threshold_messages_run_at_once()
    {
        var queue = await CreatedQueueAsync("SlowQueue");

        await Task.WhenAll(Enumerable.Range(1, 24).Select(i => queue.SendMessageAsync($"s{i}")));
        await host.Recorder.WaitForAsync("Slow", 24);

        // Test host.json: batchSize 4, newBatchThreshold 2 — a new batch of 4 only when 2 or fewer still run: at most 6.
        Assert.InRange(host.Recorder.MostRunning, 4, 6);
        Assert.Equal(24, host.Recorder.Calls("Slow").Distinct().Count());
    }

    [Fact]
    public async Task A_long_run_keeps_its_message_hidden_by_renewing_its_visibility_and_settles_with_the_renewed_receipt()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var gated = await TestHost.StartAsync(clock: clock);
        var queue = new QueueClient(gated.Storage, gated.Queue("GateQueue"), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("long");
        await gated.Recorder.WaitForAsync("GatedEntered", 1);
        Assert.Empty(Renewals(gated)); // nothing before half the running visibility (5 of 10 minutes) has passed
        clock.Advance(Queues.QueueListener.RunningVisibility / 2);
        await WaitForRenewalsAsync(gated, 1);
        clock.Advance(Queues.QueueListener.RunningVisibility / 2);
        await WaitForRenewalsAsync(gated, 2);
        gated.Recorder.Gate.SetResult();

        Assert.Equal("long|1", (await gated.Recorder.WaitForAsync("Gated", 1)).Single());
        // Deleted with the receipt of the second renewal (the first two are stale): the queue is empty, hidden messages included.
        await Eventually(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
        Assert.Equal(2, Renewals(gated).Count);
    }

    private static IReadOnlyList<string> Renewals(TestHost host) =>
        host.Recorder.Calls(TestApp.RecordingLoggerProvider.Function).Where(l => l.StartsWith("Renewed the visibility of message", StringComparison.Ordinal)).ToList();

    private static async Task WaitForRenewalsAsync(TestHost host, int count)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (Renewals(host).Count < count)
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"{Renewals(host).Count} renewals, expected {count}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task The_admin_api_runs_a_queue_function_with_the_input_as_its_message()
    {
        var response = await host.Client.SendAsync(host.Admin(HttpMethod.Post, "/admin/functions/ConsumeOrder", """{"input": "{\"id\":\"by-hand\",\"amountFen\":5}"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("by-hand:5", (await host.Recorder.WaitForAsync("ConsumeOrder", 1)).Single());
    }

    [Fact]
    public async Task The_listener_creates_its_queue_when_missing()
    {
        var queue = Queue("OrderQueue");

        await Eventually(async () => (await queue.ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_failed_message_reappears_only_after_the_visibility_timeout()
    {
        await using var slow = await TestHost.StartAsync(hostJson: TestHost.HostJson
            .Replace("\"maxDequeueCount\": 3", "\"maxDequeueCount\": 2")
            .Replace("\"visibilityTimeout\": \"00:00:00\"", "\"visibilityTimeout\": \"00:00:02\""));
        var queue = new QueueClient(slow.Storage, slow.Queue("FailQueue"), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("later");
        var calls = await slow.Recorder.WaitForAsync("AlwaysFails", 2);
        var poison = new QueueClient(slow.Storage, slow.Queue("FailQueue") + "-poison");
        await Eventually(async () => (await poison.ExistsAsync()).Value && (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 1);

        var at = calls.Select(c => long.Parse(c.Split('|')[2])).ToList();
        Assert.True(at[1] - at[0] >= 1900, $"the second delivery came {at[1] - at[0]} ms after the first, before the 2 s visibility timeout");
        Assert.Equal(2, slow.Recorder.Calls("AlwaysFails").Count);
    }

    private static async Task Eventually(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(seconds);
        while (!await condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline) throw new TimeoutException("The condition did not hold within " + seconds + " s.");
            await Task.Delay(100);
        }
    }
}
