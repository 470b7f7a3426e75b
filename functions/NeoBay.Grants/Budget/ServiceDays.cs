using NeoBay.Grants.Applications;
using NeoBay.Grants.Deadlines;
using NeoBay.Grants.Documents;
using NeoBay.Policy;

namespace NeoBay.Grants.Budget;

/// <summary>
/// The instants of one application that the service-days statistic needs (docs/budget.md "Service days"), recorded when
/// they happen: complete (evaluated and every required document verified), decided, first issued, first paid (bank date).
/// </summary>
public sealed record ServiceTimes(string ApplicationId, string? Measure, DateTimeOffset? CompleteAt, DateTimeOffset? DecidedAt,
    DateTimeOffset? FirstIssuedAt, DateOnly? FirstPaidOn)
{
    /// <summary>The first payment's CST date: the first paid line's bank date, or while nothing is paid, the first issuance's.</summary>
    public DateOnly? FirstPaymentOn => FirstPaidOn ?? (FirstIssuedAt is { } issued ? ChinaCalendar.DateOf(issued) : null);
}

/// <summary>Average (one decimal) and p90 (nearest rank) of a set of day counts; null figures when the set is empty.</summary>
public sealed record DaysFigures(int Count, decimal? AverageDays, int? P90Days);

/// <summary>Days from complete to decision and from complete to first payment, of one measure (or of all: <c>Measure</c> null).</summary>
public sealed record ServiceDaysRow(string? Measure, DaysFigures ToDecision, DaysFigures ToFirstPayment);

public sealed record ServiceDaysReport(ServiceDaysRow Overall, IReadOnlyList<ServiceDaysRow> ByMeasure);

/// <summary>
/// Pure arithmetic of the statistic. Days are CST calendar days: the CST date of the later instant minus the CST date of
/// the complete instant (complete 2026-03-01 23:00 CST, decided 2026-03-02 09:00 CST → 1 day).
/// </summary>
public static class ServiceDays
{
    public static int Days(DateTimeOffset completeAt, DateOnly on) => on.DayNumber - ChinaCalendar.DateOf(completeAt).DayNumber;

    /// <summary>Average rounded half away from zero to one decimal; p90 the nearest rank: the ⌈0.9 n⌉-th smallest.</summary>
    public static DaysFigures Figures(IEnumerable<int> days)
    {
        var sorted = days.Order().ToList();
        if (sorted.Count == 0) return new DaysFigures(0, null, null);
        var average = decimal.Round((decimal)sorted.Sum(d => (long)d) / sorted.Count, 1, MidpointRounding.AwayFromZero);
        var rank = (9 * sorted.Count + 9) / 10; // ⌈9n/10⌉ in integers
        return new DaysFigures(sorted.Count, average, sorted[rank - 1]);
    }

    /// <summary>The report over the recorded rows: an application counts in a figure when both of its instants are recorded.</summary>
    public static ServiceDaysReport Report(IReadOnlyList<ServiceTimes> rows)
    {
        var complete = rows.Where(r => r.CompleteAt is not null && r.Measure is not null).ToList();
        var byMeasure = complete.GroupBy(r => r.Measure!).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Row(g.Key, g.ToList())).ToList();
        return new ServiceDaysReport(Row(null, complete), byMeasure);
    }

    private static ServiceDaysRow Row(string? measure, IReadOnlyList<ServiceTimes> rows) =>
        new(measure,
            Figures(rows.Where(r => r.DecidedAt is not null).Select(r => Days(r.CompleteAt!.Value, ChinaCalendar.DateOf(r.DecidedAt!.Value)))),
            Figures(rows.Where(r => r.FirstPaymentOn is not null).Select(r => Days(r.CompleteAt!.Value, r.FirstPaymentOn!.Value))));
}

/// <summary>The statistic's rows: table <c>budgets</c>, partition <c>servicetimes</c>, one row per application keyed by its id.</summary>
public interface IServiceTimeStore
{
    /// <summary>Insert-or-merge of the decision's instants: a repeated decision writes the same values (counted once).</summary>
    Task RecordDecisionAsync(string applicationId, string measure, DateTimeOffset completeAt, DateTimeOffset decidedAt, CancellationToken cancellationToken = default);

    /// <summary>Keeps the earliest issuance instant (on the row's ETag).</summary>
    Task RecordIssuedAsync(string applicationId, DateTimeOffset issuedAt, CancellationToken cancellationToken = default);

    /// <summary>Keeps the earliest paid date (on the row's ETag).</summary>
    Task RecordPaidAsync(string applicationId, DateOnly paidOn, CancellationToken cancellationToken = default);

    /// <summary>Every row of the statistic (one partition query).</summary>
    Task<IReadOnlyList<ServiceTimes>> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>What use cases call when an instant of the statistic happens.</summary>
public interface IServiceTimes
{
    /// <summary>An application was approved or rejected: records its complete instant (from its audit and documents) and decision instant.</summary>
    Task DecidedAsync(ApplicationRecord decided, CancellationToken cancellationToken = default);

    /// <summary>Lines of the application's grant were issued at <paramref name="issuedAt"/>.</summary>
    Task IssuedAsync(string applicationId, DateTimeOffset issuedAt, CancellationToken cancellationToken = default);

    /// <summary>Lines of the application's grant were paid on <paramref name="paidOn"/> (the bank's result).</summary>
    Task PaidAsync(string applicationId, DateOnly paidOn, CancellationToken cancellationToken = default);
}

/// <summary>Records the statistic's instants; an application decided while not complete is not recorded.</summary>
public sealed class ServiceTimesRecorder(IServiceTimeStore store, IApplicationStore applications, IDocumentStore documents, PolicyCatalog catalog) : IServiceTimes
{
    public async Task DecidedAsync(ApplicationRecord decided, CancellationToken cancellationToken = default)
    {
        if (decided.DecidedAt is not { } decidedAt) return;
        var completeAt = await ServiceDeadlineService.CompleteAtAsync(applications, documents, catalog, decided.Id, decided.Measure, cancellationToken);
        if (completeAt is { } complete) await store.RecordDecisionAsync(decided.Id, decided.Measure, complete, decidedAt, cancellationToken);
    }

    public Task IssuedAsync(string applicationId, DateTimeOffset issuedAt, CancellationToken cancellationToken = default) =>
        store.RecordIssuedAsync(applicationId, issuedAt, cancellationToken);

    public Task PaidAsync(string applicationId, DateOnly paidOn, CancellationToken cancellationToken = default) =>
        store.RecordPaidAsync(applicationId, paidOn, cancellationToken);
}

/// <summary>The service days as CSV for Excel (UTF-8 with BOM, CRLF), like the commitments report: one row overall (<c>*</c>) then one per measure.</summary>
public static class ServiceDaysCsv
{
    /// <summary>Bilingual, as the commitments report's (Excel users read the Chinese).</summary>
    public const string Header = "措施 measure,决定数 decisionCount,至决定平均天数 decisionAverageDays,至决定P90天数 decisionP90Days,首次支付数 firstPaymentCount,至首次支付平均天数 firstPaymentAverageDays,至首次支付P90天数 firstPaymentP90Days\r\n";

    public static byte[] Csv(ServiceDaysReport report)
    {
        var text = new System.Text.StringBuilder();
        text.Append(Header);
        foreach (var r in report.ByMeasure.Prepend(report.Overall))
            text.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{r.Measure ?? "*"},{Figures(r.ToDecision)},{Figures(r.ToFirstPayment)}\r\n");
        return [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Figures(DaysFigures f) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{f.Count},{f.AverageDays?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)},{f.P90Days}");
}
