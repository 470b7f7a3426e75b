using NeoBay.Grants.Applications;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Overview;

namespace NeoBay.Grants.Tests.Overview;

public sealed class OverviewServiceTests
{
    [Fact]
    public void Counts_every_status_sums_active_grants_by_measure_and_year_and_counts_decisions_by_CST_month()
    {
        var utc = TimeSpan.Zero;
        StatusEntry[] entries =
        [
            new(ApplicationStatus.Eligible, "A02.1", new DateTimeOffset(2026, 11, 2, 0, 0, 0, utc)),
            new(ApplicationStatus.Eligible, "A09.1", new DateTimeOffset(2026, 11, 2, 0, 0, 0, utc)),
            new(ApplicationStatus.Approved, "A02.1", new DateTimeOffset(2026, 11, 30, 16, 30, 0, utc)),   // 00:30 CST on 1 December
            new(ApplicationStatus.Approved, "A09.1", new DateTimeOffset(2026, 11, 30, 15, 30, 0, utc)),   // 23:30 CST on 30 November
            new(ApplicationStatus.Rejected, "A02.1", new DateTimeOffset(2026, 11, 5, 0, 0, 0, utc)),
        ];
        GrantIndexEntry[] grants =
        [
            new("G1", "U", "A02.1", "P1", null, 240_000_000, 2026, GrantStatuses.Active),
            new("G2", "U", "A02.1", "P2", null, 100_000_001, 2026, GrantStatuses.Active),
            new("G3", "U", "A02.1", "P3", null, 999_999_999, 2026, GrantStatuses.Revoked),
            new("G4", "U", "A09.1", "P4", null, 37_037_037, 2025, GrantStatuses.Active),
        ];

        var overview = OverviewService.Summarise(entries, grants);

        Assert.Equal(2, overview.Statuses[ApplicationStatus.Eligible]);
        Assert.Equal(0, overview.Statuses[ApplicationStatus.Submitted]);
        Assert.Equal(8, overview.Statuses.Count);
        Assert.Equal([new MeasureYearTotal("A09.1", 2025, 1, 37_037_037), new MeasureYearTotal("A02.1", 2026, 2, 340_000_001)], overview.Grants);
        Assert.Equal([new MonthDecisions("2026-11", 1, 1), new MonthDecisions("2026-12", 1, 0)], overview.Months);
    }
}
