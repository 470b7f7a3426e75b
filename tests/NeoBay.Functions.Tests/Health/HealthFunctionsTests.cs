using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Functions.Health;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Evaluation;
using NeoBay.Testing;

namespace NeoBay.Functions.Tests.Health;

/// <summary>Issue 18 §2: readiness checks tables, queues and blobs, says which failed, and is cached a few seconds.</summary>
public sealed class HealthFunctionsTests
{
    private static readonly string[] Services = ["tables", "queues", "blobs"];
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private static StorageReadiness Readiness(string connection, TimeProvider clock) =>
        new(new TableServiceClient(connection), new QueueServiceClient(connection), new BlobServiceClient(connection),
            "applications", QueueEvaluationQueue.QueueName, "documents", clock);

    /// <summary>Storage that refuses connections: nothing listens on port 1 of loopback.</summary>
    private const string Unreachable =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Azurite.AccountKey + ";" +
        "BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";

    [Fact]
    public async Task Ready_when_azurite_answers_all_three()
    {
        var readiness = Readiness(await Azurite.GetConnectionStringAsync(), new FakeTimeProvider(Start));

        var result = await new HealthFunctions(readiness).HealthReady(Requests.Make("GET", null));

        var body = result.Json();
        Assert.Equal(200, result.Api().StatusCode);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal(["ok", "ok", "ok"], Services.Select(s => body.GetProperty("checks").GetProperty(s).GetString()));
        Assert.Equal(0, body.GetProperty("failed").GetArrayLength());
    }

    [Fact]
    public async Task Not_ready_names_every_service_that_did_not_answer_and_the_answer_is_cached_five_seconds()
    {
        var clock = new FakeTimeProvider(Start);
        var readiness = Readiness(Unreachable, clock);
        var function = new HealthFunctions(readiness);

        var first = await function.HealthReady(Requests.Make("GET", null));
        clock.Advance(TimeSpan.FromSeconds(4));
        var cached = await readiness.CheckAsync();
        clock.Advance(TimeSpan.FromSeconds(2));
        var fresh = await readiness.CheckAsync();

        var body = first.Json();
        Assert.Equal(503, first.Api().StatusCode);
        Assert.Equal("notReady", body.GetProperty("status").GetString());
        Assert.Equal(Services, body.GetProperty("failed").EnumerateArray().Select(e => e.GetString()));
        Assert.All(Services, s => Assert.NotEqual("ok", body.GetProperty("checks").GetProperty(s).GetString()));
        Assert.Equal(Start, cached.CheckedAt);
        Assert.Equal(Start.AddSeconds(6), fresh.CheckedAt);
    }
}
