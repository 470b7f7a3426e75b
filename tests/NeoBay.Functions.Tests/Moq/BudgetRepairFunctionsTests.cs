using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Tests.Support;
using NeoBay.Functions.Timers;
using NeoBay.Grants.Budget;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class BudgetRepairFunctionsTests
{
    [Fact]
    public async Task The_timer_runs_the_repair_with_the_default_grace_period()
    {
        var repair = new Mock<IReservationRepairUseCase>(MockBehavior.Strict);
        repair.Setup(r => r.RunAsync(null, It.IsAny<CancellationToken>())).ReturnsAsync(new ReservationRepairReport(3, 1, 2, 18_518_518));

        await new BudgetRepairFunctions(repair.Object, NullLogger<BudgetRepairFunctions>.Instance).RepairBudgetReservations(Triggers.Timer(), CancellationToken.None);

        repair.Verify(r => r.RunAsync(null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_storage_failure_is_rethrown_for_the_host()
    {
        var repair = new Mock<IReservationRepairUseCase>(MockBehavior.Strict);
        repair.Setup(r => r.RunAsync(null, It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("slow"));

        await Assert.ThrowsAsync<TimeoutException>(() =>
            new BudgetRepairFunctions(repair.Object, NullLogger<BudgetRepairFunctions>.Instance).RepairBudgetReservations(Triggers.Timer(), CancellationToken.None));
    }
}
