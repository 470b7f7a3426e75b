using System.Text.Json.Serialization;
using NeoBay.Grants.Budget;
using NeoBay.Grants.Common;

namespace NeoBay.Contracts.Budget;

/// <summary>Applications of one measure: total and count per status (wire names).</summary>
public sealed record MeasureOutcomesView(string Measure, int Total, IReadOnlyDictionary<string, int> Outcomes);

/// <summary>Days of a set of applications: how many, the average (one decimal) and p90 (nearest rank); null when none.</summary>
public sealed record DaysFiguresView(int Count, decimal? AverageDays, int? P90Days);

/// <summary>Days from complete to decision and from complete to first payment (of all applications, or of <c>measure</c>).</summary>
public sealed record ServiceDaysFiguresView(string? Measure, DaysFiguresView Decision, DaysFiguresView FirstPayment);

/// <summary>
/// The service days (docs/budget.md "Service days"): CST calendar days (<c>days</c>), p90 by nearest rank, the first
/// payment the first paid line's bank date, else the first issuance (<c>firstPayment</c>).
/// </summary>
public sealed record ServiceDaysView(string Days, string P90, string FirstPayment, ServiceDaysFiguresView Overall, IReadOnlyList<ServiceDaysFiguresView> ByMeasure);

/// <summary><c>GET /admin/reports/applications</c>: applications by measure and outcome, and the service days.</summary>
public sealed record ApplicationOutcomesView(IReadOnlyList<MeasureOutcomesView> ByMeasure, ServiceDaysView ServiceDays);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false)]
[JsonSerializable(typeof(ApplicationOutcomesView))]
[JsonSerializable(typeof(ServiceDaysView))]
public sealed partial class ApplicationsReportJsonContext : JsonSerializerContext;

public static class ApplicationsReportJson
{
    public const string ChinaCalendarDays = "chinaCalendarDays";
    public const string NearestRank = "nearestRank";
    public const string PaidElseIssued = "paidElseIssued";

    public static ApplicationOutcomesView View(ApplicationsReport report) =>
        new(report.ByMeasure.Select(r => new MeasureOutcomesView(r.Measure, r.Total, r.ByStatus.ToDictionary(s => StatusNames.ToWire(s.Key), s => s.Value))).ToList(),
            View(report.ServiceDays));

    public static ServiceDaysView View(ServiceDaysReport days) =>
        new(ChinaCalendarDays, NearestRank, PaidElseIssued, Row(days.Overall), days.ByMeasure.Select(Row).ToList());

    private static ServiceDaysFiguresView Row(ServiceDaysRow r) => new(r.Measure, Figures(r.ToDecision), Figures(r.ToFirstPayment));

    private static DaysFiguresView Figures(DaysFigures f) => new(f.Count, f.AverageDays, f.P90Days);
}
