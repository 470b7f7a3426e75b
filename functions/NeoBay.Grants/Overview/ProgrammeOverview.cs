using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Policy;

namespace NeoBay.Grants.Overview;

/// <summary>One application list entry as the overview counts it: its status, measure and the CST month it last changed.</summary>
public sealed record StatusEntry(ApplicationStatus Status, string Measure, DateTimeOffset LastChanged);

/// <summary>Reads for the programme office's overview: the reviewers' list partition and the grant index by shard.</summary>
public interface IOverviewSource
{
    Task<IReadOnlyList<StatusEntry>> ListStatusesAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<GrantIndexEntry>> ListGrantsAsync(CancellationToken cancellationToken = default);
}

/// <summary>Approved grants of one measure and fiscal year (of approval): how many and how much (fen).</summary>
public sealed record MeasureYearTotal(string Measure, int FiscalYear, int Grants, long AmountFen);

/// <summary>Decisions of one CST month (yyyy-MM).</summary>
public sealed record MonthDecisions(string Month, int Approved, int Rejected);

/// <summary>Counts per status, approved grants by measure and fiscal year, decisions per month.</summary>
public sealed record ProgrammeOverview(IReadOnlyDictionary<ApplicationStatus, int> Statuses, IReadOnlyList<MeasureYearTotal> Grants, IReadOnlyList<MonthDecisions> Months);

/// <summary>The console's overview figures (<see cref="OverviewService"/>).</summary>
public interface IOverviewUseCase
{
    /// <summary>Counts per status, approved grants by measure and fiscal year, decisions per month.</summary>
    Task<ProgrammeOverview> GetAsync(CancellationToken cancellationToken = default);
}

public sealed class OverviewService(IOverviewSource source) : IOverviewUseCase
{
    public async Task<ProgrammeOverview> GetAsync(CancellationToken cancellationToken = default)
    {
        var statuses = source.ListStatusesAsync(cancellationToken);
        var grants = source.ListGrantsAsync(cancellationToken);
        return Summarise(await statuses, await grants);
    }

    /// <summary>Pure: every status appears (0 when none); revoked grants are left out of the amounts.</summary>
    public static ProgrammeOverview Summarise(IReadOnlyList<StatusEntry> entries, IReadOnlyList<GrantIndexEntry> grants)
    {
        var statuses = Enum.GetValues<ApplicationStatus>().ToDictionary(s => s, s => entries.Count(e => e.Status == s));
        var totals = grants.Where(g => g.Status == GrantStatuses.Active)
            .GroupBy(g => (g.Measure, g.FiscalYear))
            .Select(g => new MeasureYearTotal(g.Key.Measure, g.Key.FiscalYear, g.Count(), g.Sum(x => x.AmountFen)))
            .OrderBy(t => t.FiscalYear).ThenBy(t => t.Measure, StringComparer.Ordinal)
            .ToList();
        var months = entries.Where(e => e.Status is ApplicationStatus.Approved or ApplicationStatus.Rejected)
            .GroupBy(e => ChinaCalendar.ToChinaTime(e.LastChanged).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))
            .Select(g => new MonthDecisions(g.Key, g.Count(e => e.Status == ApplicationStatus.Approved), g.Count(e => e.Status == ApplicationStatus.Rejected)))
            .OrderBy(m => m.Month, StringComparer.Ordinal)
            .ToList();
        return new ProgrammeOverview(statuses, totals, months);
    }
}

/// <summary>An application's audit trail for the console (<see cref="ApplicationHistoryService"/>).</summary>
public interface IApplicationHistoryUseCase
{
    /// <summary>The audit lines, oldest first; null when there is no such application.</summary>
    Task<IReadOnlyList<AuditEntry>?> GetAsync(string applicationId, CancellationToken cancellationToken = default);
}

/// <summary>For reviewers: an application's audit lines (who, when, what, why), oldest first; null when there is no such application.</summary>
public sealed class ApplicationHistoryService(IApplicationStore applications) : IApplicationHistoryUseCase
{
    public async Task<IReadOnlyList<AuditEntry>?> GetAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        if (!ApplicationKeys.IsWellFormed(applicationId) || await applications.GetAsync(applicationId, cancellationToken) is null) return null;
        return [.. (await applications.GetAuditAsync(applicationId, cancellationToken)).OrderBy(a => a.Sequence)];
    }
}
