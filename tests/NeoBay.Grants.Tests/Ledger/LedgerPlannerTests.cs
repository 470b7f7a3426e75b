using NeoBay.Grants.Ledger;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Ledger;

public sealed class LedgerPlannerTests
{
    private static readonly DateTimeOffset ApprovedAt = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Lines_get_their_status_from_the_trigger_and_their_year_from_the_offset()
    {
        var decision = new Decision("A05.1", true, 5_000_000_000, [],
        [
            new ScheduleLine(2026, 0, "construction", ScheduleTrigger.Approval, 2_000_000_000),
            new ScheduleLine(2026, 0, "operating-1", ScheduleTrigger.Approval, 1_000_000_000),
            new ScheduleLine(2027, 1, "operating-2", ScheduleTrigger.Renewal, 1_000_000_000),
            new ScheduleLine(2028, 2, "operating-3", ScheduleTrigger.Renewal, 1_000_000_000),
            new ScheduleLine(2027, 1, "claim-1", ScheduleTrigger.Claim, 200_000_000, IsGrant: false),
        ], []);

        var lines = LedgerPlanner.Plan("G1", decision, 5_000_000_000, ApprovedAt);

        Assert.Equal([(2026, LedgerStatus.Issued), (2026, LedgerStatus.Issued), (2027, LedgerStatus.Scheduled), (2028, LedgerStatus.Scheduled), (2027, LedgerStatus.AwaitingClaim)],
            lines.Select(l => (l.FiscalYear, l.Status)));
        Assert.Equal(ApprovedAt, lines[0].IssuedAt);
        Assert.Null(lines[2].IssuedAt);
    }

    [Fact]
    public void Approving_less_scales_each_line_down_to_the_fen_and_the_last_takes_the_remainder()
    {
        // Computed 370,370.37 in two stages (185,185.18 + 185,185.19); approved 300,000.00:
        // stage 1 = floor(18,518,518 × 30,000,000 / 37,037,037) = 14,999,999 fen; stage 2 = 30,000,000 − 14,999,999 = 15,000,001.
        ScheduleLine[] schedule =
        [
            new(2026, 0, "stage-1", ScheduleTrigger.Approval, 18_518_518, 1),
            new(2026, 0, "stage-2", ScheduleTrigger.Acceptance, 18_518_519, 2),
        ];

        var amounts = LedgerPlanner.Scale(schedule, 30_000_000, 37_037_037);

        Assert.Equal([14_999_999L, 15_000_001L], amounts);
    }

    [Fact]
    public void Claim_caps_are_not_scaled_and_the_remainder_goes_to_the_last_scaled_line()
    {
        // A16.2 computed 5,500,000.00 (startup 4,000,000 + year 1 1,500,000), approved 5,000,000.00:
        // startup floor(400,000,000 × 5/5.5) = 363,636,363; year 1 floor(150,000,000 × 5/5.5) = 136,363,636 + 1 remainder fen.
        ScheduleLine[] schedule =
        [
            new(2026, 0, "startup", ScheduleTrigger.Approval, 400_000_000),
            new(2026, 0, "operating-1", ScheduleTrigger.Approval, 150_000_000),
            new(2027, 1, "operating-2", ScheduleTrigger.Claim, 200_000_000),
        ];

        Assert.Equal([363_636_363L, 136_363_637L, 200_000_000L], LedgerPlanner.Scale(schedule, 500_000_000, 550_000_000));
    }

    [Fact]
    public void Approving_the_computed_amount_keeps_the_lines_as_they_are()
    {
        ScheduleLine[] schedule = [new(2026, 0, "stage-1", ScheduleTrigger.Approval, 1, 1), new(2026, 0, "stage-2", ScheduleTrigger.Acceptance, 2, 2)];

        Assert.Equal([1L, 2L], LedgerPlanner.Scale(schedule, 3, 3));
    }

    [Fact]
    public void The_approval_fiscal_year_is_read_in_China_Standard_Time()
    {
        var decision = new Decision("A02.1", true, 100, [], [new ScheduleLine(2026, 0, "grant", ScheduleTrigger.Approval, 100)], []);

        Assert.Equal(2026, LedgerPlanner.Plan("G", decision, 100, new DateTimeOffset(2026, 12, 31, 15, 59, 59, TimeSpan.Zero)).Single().FiscalYear);
        Assert.Equal(2027, LedgerPlanner.Plan("G", decision, 100, new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero)).Single().FiscalYear);
    }
}
