using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Tests.Support;
using NeoBay.Functions.Timers;
using NeoBay.Grants.Payments;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class PaymentRunFunctionsTests
{
    private readonly Mock<IPaymentRunUseCases> runs = new(MockBehavior.Strict);
    private readonly Mock<IPaymentRunQueue> queue = new(MockBehavior.Strict);

    private PaymentRunFunctions Functions() => new(runs.Object, queue.Object, NullLogger<PaymentRunFunctions>.Instance);

    [Fact]
    public async Task The_timer_records_the_run_and_queues_it_as_started_by_the_timer()
    {
        runs.Setup(r => r.StartAsync("timer", It.IsAny<CancellationToken>())).ReturnsAsync(PaymentsFunctionsTests.Report());
        queue.Setup(q => q.EnqueueAsync("timer", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        await Functions().StartScheduledPaymentRun(Triggers.Timer(), CancellationToken.None);

        runs.Verify(r => r.StartAsync("timer", It.IsAny<CancellationToken>()), Times.Once);
        queue.Verify(q => q.EnqueueAsync("timer", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_run_message_carries_the_run_out_for_whoever_started_it()
    {
        runs.Setup(r => r.RunAsync("admin-1", It.IsAny<CancellationToken>())).ReturnsAsync(PaymentsFunctionsTests.Report("complete"));

        await Functions().RunPayments(Triggers.Message("""{"startedBy":"admin-1"}"""), CancellationToken.None);

        runs.Verify(r => r.RunAsync("admin-1", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_message_that_is_not_a_run_is_dropped()
    {
        await Functions().RunPayments(Triggers.Message("""{"fiscalYear":2027}"""), CancellationToken.None);

        runs.VerifyNoOtherCalls();
    }
}
