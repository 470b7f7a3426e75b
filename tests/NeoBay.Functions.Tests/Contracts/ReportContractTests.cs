using NeoBay.Contracts.Reports;
using NeoBay.Functions.Http;
using NeoBay.Grants.Budget;

namespace NeoBay.Functions.Tests.Contracts;

public sealed class ReportContractTests
{
    [Fact]
    public void Commitment_rows_are_in_yuan_with_two_decimals()
    {
        // 1 fen = 0.01 yuan; 250 000 000 fen = 2 500 000.00 yuan; 0 stays 0.00.
        CommitmentRow[] rows = [new(2026, "A05", 250_000_000, 1, 0, 12_345)];
        Assert.Equal(
            Wire.Line("""
                {"from":2026,"to":2027,"basis":"plannedYear","rows":[{"fiscalYear":2026,"article":"A05","approved":2500000.00,"scheduled":0.01,"issued":0.00,"lapsed":123.45}]}
                """),
            ApiResult.Of(200, CommitmentsView.Of(2026, 2027, rows), ReportsJsonContext.Default.CommitmentsView).Body);
    }

    [Fact]
    public void Money_is_written_with_two_decimals_whatever_the_scale_of_the_decimal()
    {
        // The converter, not the mapper, fixes the scale: 12.5 → 12.50, 1 → 1.00, 0.004 → 0.00 (floored to the fen).
        var view = new CommitmentsView(2026, 2026, "plannedYear", [new CommitmentRowView(2026, "A05", 12.5m, 1m, 0.004m, 0m)]);
        Assert.EndsWith(Wire.Line("""
            "approved":12.50,"scheduled":1.00,"issued":0.00,"lapsed":0.00}]}
            """),
            ApiResult.Of(200, view, ReportsJsonContext.Default.CommitmentsView).Body);
        var line = new NeoBay.Contracts.Grants.LedgerLineResponse(2026, "first", "approval", 7m, "issued", null, true, null, null);
        Assert.Contains(Wire.Line("""
            "ledger":[{"fiscalYear":2026,"component":"first","trigger":"approval","amount":7.00,
            """), ApiResult.Of(200,
            new NeoBay.Contracts.Grants.GrantResponse("g", "a", "A05.1", 7m, "u", 2026, "active", DateTimeOffset.UnixEpoch, "e", [line]),
            NeoBay.Contracts.Grants.GrantsJsonContext.Default.GrantResponse).Body);
    }
}
