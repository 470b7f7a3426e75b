namespace NeoBay.Policy;

/// <summary>
/// Dates and fiscal years in China Standard Time (UTC+8, no daylight saving). The policy's dates
/// (common rule 1) and fiscal years (rule 8: calendar year in CST) are read on this calendar.
/// </summary>
public static class ChinaCalendar
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset ToChinaTime(DateTimeOffset instant) => instant.ToOffset(Offset);

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToChinaTime(instant).DateTime);

    public static int FiscalYearOf(DateTimeOffset instant) => ToChinaTime(instant).Year;

    /// <summary>Today in CST, by the given clock.</summary>
    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());

    /// <summary>The first instant of a fiscal year: 1 January 00:00 CST.</summary>
    public static DateTimeOffset StartOf(int fiscalYear) => new(fiscalYear, 1, 1, 0, 0, 0, Offset);
}
