using NeoBay.Policy;

namespace NeoBay.Policy.Tests;

/// <summary>Working days by the State Council's notices (hand-counted below, day by day) and the readings for later years.</summary>
public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadEmbedded();

    private static DateOnly D(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-02-14", true)]   // Saturday worked (春节 调休)
    [InlineData("2026-02-16", false)]  // Monday in 春节 2026-02-15 … 23
    [InlineData("2026-02-28", true)]   // Saturday worked
    [InlineData("2026-01-04", true)]   // Sunday worked (元旦 调休)
    [InlineData("2025-10-08", false)]  // Wednesday, 国庆节、中秋节 2025-10-01 … 08
    [InlineData("2024-05-11", true)]   // Saturday worked (劳动节 调休)
    [InlineData("2024-12-31", true)]   // ordinary Tuesday
    [InlineData("2027-02-06", false)]  // Saturday in a reading year: no 调休 assumed
    [InlineData("2027-02-05", false)]  // 除夕 2027 (statutory, reading)
    [InlineData("2030-10-01", true)]   // outside the data: Monday–Friday only
    public void Working_days_follow_the_notices(string date, bool working) => Assert.Equal(working, Calendar.IsWorkingDay(D(date)));

    [Fact]
    public void Sixty_working_days_from_18_September_2026_end_on_17_December()
    {
        // Sep 20 (Sun, worked) 1; 21–24 → 5; 25–27 中秋; 28–30 → 8; Oct 1–7 国庆; 8, 9 → 10; 10 (Sat, worked) → 11;
        // Oct 12–16 → 16, 19–23 → 21, 26–30 → 26; Nov 2–6 → 31, 9–13 → 36, 16–20 → 41, 23–27 → 46; Nov 30–Dec 4 → 51;
        // Dec 7–11 → 56; Dec 14, 15, 16, 17 → 60.
        Assert.Equal(D("2026-12-17"), Calendar.AddWorkingDays(D("2026-09-18"), 60));
    }

    [Fact]
    public void Ten_working_days_across_the_2026_spring_festival()
    {
        // From Fri Feb 13: Feb 14 (Sat, worked) 1; 15–23 春节; Feb 24–27 → 5; Feb 28 (Sat, worked) → 6; Mar 2, 3, 4, 5 → 10.
        Assert.Equal(D("2026-03-05"), Calendar.AddWorkingDays(D("2026-02-13"), 10));
    }

    [Theory]
    [InlineData("2025-09-30", 1, "2025-10-09")]  // Oct 1–8 off
    [InlineData("2025-09-26", 1, "2025-09-28")]  // Sun Sep 28 worked
    [InlineData("2027-02-04", 2, "2027-02-10")]  // reading: Feb 5 and 8 statutory, 6–7 weekend → 9, 10
    [InlineData("2026-12-01", 0, "2026-12-01")]
    public void Adding_working_days(string start, int days, string expected) =>
        Assert.Equal(D(expected), Calendar.AddWorkingDays(D(start), days));

    [Theory]
    [InlineData("2026-12-01", "2026-12-17", 12)]   // Dec 2–4 (3), 7–11 (8), 14–17 (12)
    [InlineData("2026-12-17", "2026-12-17", 0)]
    [InlineData("2026-10-12", "2026-09-30", -4)]   // overdue: Oct 8, 9, 10 (Sat, worked), 12
    public void Working_days_left(string today, string dueBy, int expected) =>
        Assert.Equal(expected, Calendar.WorkingDaysBetween(D(today), D(dueBy)));

    [Fact]
    public void The_data_covers_2024_to_2029_with_later_years_marked_as_readings()
    {
        Assert.Equal([2024, 2025, 2026, 2027, 2028, 2029], Calendar.Years.Keys.Order());
        Assert.All(Calendar.Years.Values, y => Assert.Equal(y.Year >= 2027, y.Reading));
        Assert.Equal(60, Calendar.ServiceDeadlineWorkingDays);
        // The 2025 notice, days off by its ranges: 元旦 1 + 春节 8 + 清明 3 + 劳动节 5 + 端午 3 + 国庆中秋 8 = 28.
        Assert.Equal(28, Calendar.Years[2025].Holidays.Sum(h => h.To.DayNumber - h.From.DayNumber + 1));
    }

    [Theory]
    [InlineData("holidays: []\n    workdays: [2026-02-13]", "not a weekend day")]                                      // a Friday cannot be 调休
    [InlineData("holidays: [ { name: 元旦, from: 2027-01-01, to: 2027-01-01 } ]\n    workdays: []", "is not in 2026")]     // another year's date
    [InlineData("holidays: [ { name: 春节, from: 2026-02-21, to: 2026-02-21 } ]\n    workdays: [2026-02-21]", "both a holiday and a working day")]
    public void A_calendar_that_contradicts_itself_is_refused(string year, string problem)
    {
        var yaml = "serviceDeadline: { workingDays: 60, cite: x, text: y }\nyears:\n  2026:\n    notice: test\n    " + year + "\n";
        var ex = Assert.Throws<CatalogException>(() => WorkingDayCalendar.Load("t.yaml", yaml));
        Assert.Contains(problem, ex.Message);
    }
}
