using System.Globalization;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.DataContracts;

namespace NeoBay.Functions.Telemetry;

/// <summary>
/// One custom metric per business event (Application Insights <c>customMetrics</c>; docs/operations.md queries them).
/// Dimensions are measure codes, fiscal years, shards and outcomes — never an applicant, a person or an id.
/// Amounts are yuan (the metric value is a double by Application Insights' contract; <c>AmountFen</c> carries the
/// exact integer). Without Application Insights (tests, the local host) nothing is sent.
/// </summary>
public sealed class BusinessMetrics(TelemetryClient? telemetry)
{
    public const string Submitted = "NeoBay.Application.Submitted";
    public const string Decided = "NeoBay.Application.Decided";
    public const string Approved = "NeoBay.Application.Approved";
    public const string Rejected = "NeoBay.Application.Rejected";
    public const string Issued = "NeoBay.Renewal.Issued";
    public const string ShardProgress = "NeoBay.Renewal.ShardProgress";
    public const string ShardDone = "NeoBay.Renewal.ShardDone";

    public void ApplicationSubmitted(string measure) => Track(Submitted, 1, ("Measure", measure));

    public void ApplicationDecided(string measure, bool eligible, long? amountFen) =>
        Track(Decided, Yuan(amountFen ?? 0), ("Measure", measure), ("Eligible", eligible ? "true" : "false"), ("AmountFen", Fen(amountFen)));

    public void ApplicationApproved(string measure, long? amountFen) =>
        Track(Approved, Yuan(amountFen ?? 0), ("Measure", measure), ("AmountFen", Fen(amountFen)));

    public void ApplicationRejected(string measure) => Track(Rejected, 1, ("Measure", measure));

    public void RenewalIssued(int fiscalYear, string measure, int lines, long amountFen) =>
        Track(Issued, Yuan(amountFen), ("FiscalYear", Year(fiscalYear)), ("Measure", measure), ("Lines", lines.ToString(CultureInfo.InvariantCulture)), ("AmountFen", Fen(amountFen)));

    public void RenewalShardProgress(int fiscalYear, int shard, int pages) =>
        Track(ShardProgress, pages, ("FiscalYear", Year(fiscalYear)), ("Shard", shard.ToString(CultureInfo.InvariantCulture)));

    public void RenewalShardDone(int fiscalYear, int shard, int grants) =>
        Track(ShardDone, grants, ("FiscalYear", Year(fiscalYear)), ("Shard", shard.ToString(CultureInfo.InvariantCulture)));

    private void Track(string name, double value, params (string Key, string Value)[] dimensions)
    {
        if (telemetry is null) return;
        var metric = new MetricTelemetry(name, value);
        foreach (var (key, text) in dimensions) metric.Properties[key] = text;
        telemetry.TrackMetric(metric);
    }

    private static double Yuan(long fen) => (double)(fen / 100m);

    private static string Fen(long? fen) => fen?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);
}
