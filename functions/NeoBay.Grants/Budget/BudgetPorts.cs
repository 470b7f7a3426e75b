using NeoBay.Grants.Common;

namespace NeoBay.Grants.Budget;

/// <summary>How applying an event ended.</summary>
public enum BudgetApply
{
    Applied,
    /// <summary>The event's marker exists: it was counted before (a retry, a repeat, a recovery).</summary>
    AlreadyCounted,
}

/// <summary>The <c>budgets</c> table: one partition per fiscal year — the year row (lines and counters) and one marker row per counted event.</summary>
public interface IBudgetStore
{
    /// <summary>Point read of the year row; null when nothing was set or counted for the year.</summary>
    Task<BudgetYear?> GetYearAsync(int fiscalYear, CancellationToken cancellationToken = default);

    /// <summary>Point read of an event's marker (its delta); null when not counted.</summary>
    Task<BudgetEvent?> GetEventAsync(int fiscalYear, string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the year row (insert when it has no storage ETag, else replace on it) and inserts the event's marker, in
    /// one transaction. <see cref="BudgetApply.AlreadyCounted"/> when the marker exists;
    /// <see cref="ConcurrencyConflictException"/> when the year row changed since it was read.
    /// </summary>
    Task<BudgetApply> ApplyAsync(BudgetYear updated, BudgetEvent counted, CancellationToken cancellationToken = default);

    /// <summary>Replaces the year row on its ETag and deletes the event's marker, in one transaction (a reservation released).</summary>
    Task ReleaseAsync(BudgetYear updated, BudgetEvent released, CancellationToken cancellationToken = default);

    /// <summary>The markers of a year whose id starts with <paramref name="idPrefix"/> (one partition query).</summary>
    Task<IReadOnlyList<BudgetEvent>> ListEventsAsync(int fiscalYear, string idPrefix, CancellationToken cancellationToken = default);

    /// <summary>Writes the year row alone (budget lines changed): insert or replace on its ETag.</summary>
    Task<BudgetYear> SaveYearAsync(BudgetYear year, CancellationToken cancellationToken = default);
}
