using Moq;
using NeoBay.Functions.Health;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Storage;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class HealthFunctionsTests
{
    [Fact]
    public async Task Ready_storage_is_200_and_a_failing_service_is_503_naming_it()
    {
        var readiness = new Mock<IStorageReadiness>(MockBehavior.Strict);
        readiness.SetupSequence(r => r.CheckAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StorageReadinessReport([new ServiceReadiness("tables", true, null), new ServiceReadiness("queues", true, null)], Triggers.Instant))
            .ReturnsAsync(new StorageReadinessReport([new ServiceReadiness("tables", true, null), new ServiceReadiness("queues", false, "timeout")], Triggers.Instant));
        var function = new HealthFunctions(readiness.Object);

        var ready = (await function.HealthReady(Requests.Make())).Api();
        var notReady = (await function.HealthReady(Requests.Make())).Api();

        Assert.Equal((200, "ready"), (ready.StatusCode, ready.JsonBody().GetProperty("status").GetString()));
        Assert.Equal((503, "notReady", "timeout"), (notReady.StatusCode, notReady.JsonBody().GetProperty("status").GetString(),
            notReady.JsonBody().GetProperty("checks").GetProperty("queues").GetString()));
        Assert.Equal(["queues"], notReady.JsonBody().GetProperty("failed").EnumerateArray().Select(f => f.GetString()));
    }
}
