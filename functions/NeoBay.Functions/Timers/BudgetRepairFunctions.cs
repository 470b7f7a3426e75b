using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Grants.Budget;

namespace NeoBay.Functions.Timers;

/// <summary>
/// Releases orphan budget reservations once a day (18:30 UTC = 02:30 CST; docs/budget.md "Repair"); fire it by hand
/// through the host's <c>POST /admin/functions/RepairBudgetReservations</c>. Thin: <see cref="ReservationRepair"/> does the work.
/// </summary>
public sealed class BudgetRepairFunctions(IReservationRepairUseCase repair, ILogger<BudgetRepairFunctions> logger)
{
    public const string Schedule = "0 30 18 * * *";

    [Function(nameof(RepairBudgetReservations))]
    public async Task RepairBudgetReservations([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await repair.RunAsync(cancellationToken: cancellationToken);
        logger.LogInformation("Budget reservations repaired: {Markers} approval markers, {Released} released ({Fen} fen), {Kept} kept",
            report.Markers, report.Released, report.ReleasedCommittedFen, report.Kept);
    }
}
