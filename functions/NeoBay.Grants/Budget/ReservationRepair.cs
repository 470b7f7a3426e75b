using NeoBay.Grants.Applications;
using NeoBay.Grants.Ledger;

namespace NeoBay.Grants.Budget;

/// <summary>What a repair pass found: approval markers read, released (orphans), kept (approved, or younger than the grace period).</summary>
public sealed record ReservationRepairReport(int Markers, int Released, int Kept, long ReleasedCommittedFen);

/// <summary>The daily repair of orphan budget reservations (<see cref="ReservationRepair"/>).</summary>
public interface IReservationRepairUseCase
{
    /// <summary>Releases the reservations older than <paramref name="gracePeriod"/> (default a day) whose application is not approved.</summary>
    Task<ReservationRepairReport> RunAsync(TimeSpan? gracePeriod = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// Orphan budget reservations (docs/budget.md "Known limits"): an approval counts its years before the approval is
/// recorded, so a crash in between leaves <c>event-approve-{grant}</c> markers that a reviewer may never retry. This pass
/// reads each fiscal year's approval markers (one partition query a year) and releases those older than the grace period
/// whose application is not approved (a rejection, a withdrawal, still undecided, or gone). A release deletes the marker
/// and reverses the counters in one transaction on the year row's ETag, so a marker is released once however often the
/// pass runs, crashes or races another pass.
/// </summary>
public sealed class ReservationRepair(IBudgetStore store, BudgetService budget, IApplicationStore applications, TimeProvider clock) : IReservationRepairUseCase
{
    /// <summary>A reservation this young may belong to an approval still on its way (its write not yet done).</summary>
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromDays(1);

    public async Task<ReservationRepairReport> RunAsync(TimeSpan? gracePeriod = null, CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow() - (gracePeriod ?? DefaultGracePeriod);
        int markers = 0, released = 0, kept = 0;
        long releasedFen = 0;
        for (var year = budget.Options.FirstFiscalYear; year <= budget.Options.LastFiscalYear; year++)
        {
            foreach (var marker in await store.ListEventsAsync(year, BudgetKeys.ApprovalEventPrefix, cancellationToken))
            {
                markers++;
                var grantId = marker.Id[BudgetKeys.ApprovalEventPrefix.Length..];
                if (marker.CountedAt is not { } countedAt || countedAt > cutoff
                    || await applications.GetAsync(GrantKeys.ApplicationOf(grantId), cancellationToken) is { Status: ApplicationStatus.Approved })
                {
                    kept++;
                    continue;
                }

                if (!await budget.ReleaseAsync(year, marker.Id, cancellationToken)) continue; // a racing pass released it
                // A reviewer's retry may have approved it between the read and the release: count it again (same marker id).
                if (await applications.GetAsync(GrantKeys.ApplicationOf(grantId), cancellationToken) is { Status: ApplicationStatus.Approved })
                {
                    await budget.RecordAsync([marker], cancellationToken);
                    kept++;
                    continue;
                }

                released++;
                releasedFen += marker.Delta.CommittedFen;
            }
        }

        return new ReservationRepairReport(markers, released, kept, releasedFen);
    }
}
