using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NeoBay.Functions.Tests.Support;
using NeoBay.Functions.Timers;
using NeoBay.Grants.Common;
using NeoBay.Grants.Renewals;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class RenewalRunFunctionsTests
{
    private readonly Mock<IRenewalRunUseCases> renewals = new(MockBehavior.Strict);
    private readonly Mock<IRenewalQueue> queue = new(MockBehavior.Strict);

    // 2026-12-31 16:05 UTC is 00:05 on 1 January 2027 in China Standard Time: the fiscal year that has just begun.
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 31, 16, 5, 0, TimeSpan.Zero));

    private RenewalRunFunctions Functions() => new(renewals.Object, queue.Object, new RenewalQueueOptions(7), clock, NullLogger<RenewalRunFunctions>.Instance);

    [Fact]
    public async Task The_timer_starts_the_fiscal_year_of_the_CST_date_as_the_timer()
    {
        renewals.Setup(r => r.StartAsync("timer", 2027, It.IsAny<CancellationToken>())).ReturnsAsync(Result<RenewalReport>.Ok(RenewalsFunctionsTests.Report(2027)));

        await Functions().StartYearlyRenewal(Triggers.Timer(), CancellationToken.None);

        renewals.Verify(r => r.StartAsync("timer", 2027, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_refused_start_is_logged_not_thrown()
    {
        renewals.Setup(r => r.StartAsync("timer", 2027, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<RenewalReport>.Fail(new UseCaseError(ErrorKind.Conflict, "FiscalYearNotBegun", "fiscalYear", [2027, 2026])));

        await Functions().StartYearlyRenewal(Triggers.Timer(), CancellationToken.None);

        queue.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_shard_message_processes_at_most_the_configured_pages_and_requeues_the_rest()
    {
        renewals.Setup(r => r.ProcessShardAsync(2027, 3, It.IsAny<CancellationToken>(), 7))
            .ReturnsAsync(new ShardProgress(2027, 3, 1, 7, "next", false, new RenewalTally()));
        queue.Setup(q => q.EnqueueAsync(2027, 3, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        await Functions().RenewShard(Triggers.Message("""{"fiscalYear":2027,"shard":3}"""), CancellationToken.None);

        queue.Verify(q => q.EnqueueAsync(2027, 3, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_done_shard_queues_nothing_and_a_foreign_message_is_dropped()
    {
        renewals.Setup(r => r.ProcessShardAsync(2027, 15, It.IsAny<CancellationToken>(), 7))
            .ReturnsAsync(new ShardProgress(2027, 15, 1, 2, null, true, new RenewalTally()));

        await Functions().RenewShard(Triggers.Message("""{"fiscalYear":2027,"shard":15}"""), CancellationToken.None);
        await Functions().RenewShard(Triggers.Message("""{"fiscalYear":2027,"shard":16}"""), CancellationToken.None);

        renewals.Verify(r => r.ProcessShardAsync(It.IsAny<int>(), It.IsAny<int>(), It.IsAny<CancellationToken>(), It.IsAny<int>()), Times.Once);
        queue.VerifyNoOtherCalls();
    }
}
