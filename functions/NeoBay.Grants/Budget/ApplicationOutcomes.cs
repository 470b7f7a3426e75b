using NeoBay.Grants.Applications;
using NeoBay.Grants.Overview;

namespace NeoBay.Grants.Budget;

/// <summary>Applications of one measure by where they are (every status, 0 when none).</summary>
public sealed record MeasureOutcomes(string Measure, int Total, IReadOnlyDictionary<ApplicationStatus, int> ByStatus);

/// <summary>Applications by measure and outcome (<c>GET /admin/reports/applications</c>), from the reviewers' list partition.</summary>
public static class ApplicationOutcomes
{
    public static IReadOnlyList<MeasureOutcomes> Rows(IEnumerable<StatusEntry> entries) =>
        entries.GroupBy(e => e.Measure).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MeasureOutcomes(g.Key, g.Count(), Enum.GetValues<ApplicationStatus>().ToDictionary(s => s, s => g.Count(e => e.Status == s))))
            .ToList();
}

/// <summary><c>GET /admin/reports/applications</c>: outcomes by measure and the service days.</summary>
public sealed record ApplicationsReport(IReadOnlyList<MeasureOutcomes> ByMeasure, ServiceDaysReport ServiceDays);

/// <summary>The applications report as the budgets functions use it (<see cref="ApplicationsReportService"/>).</summary>
public interface IApplicationsReportUseCase
{
    /// <summary>Applications by measure and outcome, and the service days.</summary>
    Task<ApplicationsReport> ReportAsync(CancellationToken cancellationToken = default);
}

/// <summary>The applications report: one query of the reviewers' list partition and one of the service-days partition.</summary>
public sealed class ApplicationsReportService(IOverviewSource overview, IServiceTimeStore serviceTimes) : IApplicationsReportUseCase
{
    public async Task<ApplicationsReport> ReportAsync(CancellationToken cancellationToken = default)
    {
        var statuses = overview.ListStatusesAsync(cancellationToken);
        var days = await ServiceDaysAsync(cancellationToken);
        return new ApplicationsReport(ApplicationOutcomes.Rows(await statuses), days);
    }

    public async Task<ServiceDaysReport> ServiceDaysAsync(CancellationToken cancellationToken = default) =>
        ServiceDays.Report(await serviceTimes.ListAsync(cancellationToken));
}
