using NeoBay.Contracts.Grants;
using NeoBay.Functions.Http;
using NeoBay.Grants.Ledger;
using NeoBay.Policy;

namespace NeoBay.Functions.Tests.Contracts;

public sealed class GrantContractTests
{
    [Fact]
    public void A_grant_has_its_ledger_in_yuan_and_leaves_out_what_does_not_apply_to_a_line()
    {
        var grant = new GrantRecord("grant-1", "app-1", "91330100799655058B", "A05.1", "proj-1", null, 30_000_000, new DateTimeOffset(2026, 12, 1, 10, 0, 0,
            TimeSpan.FromHours(8)), 2026, "reviewer", 2);
        LedgerLine[] ledger =
        [
            new("grant-1", 2026, "first", ScheduleTrigger.Approval, 15_000_000, LedgerStatus.Paid, 1, IsGrant: true)
                { PaidOn = new DateOnly(2026, 12, 20) },
            new("grant-1", 2027, "claim", ScheduleTrigger.Acceptance, null, LedgerStatus.AwaitingClaim, null, IsGrant: false),
            new("grant-1", 2027, "second", ScheduleTrigger.Acceptance, 14_999_999, LedgerStatus.Issued, 2, IsGrant: true) { ReturnReason = "账户已销户" },
        ];

        var body = ApiResult.Of(200, GrantResponse.From(new GrantView(grant, ledger)), GrantsJsonContext.Default.GrantResponse).Body;

        // 30 000 000 fen = 300 000.00 yuan; 14 999 999 fen = 149 999.99 yuan (no rounding: fen are exact).
        Assert.Equal(
            Wire.Line("""
                {"id":"grant-1","applicationId":"app-1","measure":"A05.1","amount":300000.00,"applicantUscc":"91330100799655058B","fiscalYear":2026,"status":"active",
                """) + Wire.Line("""
                "approvedAt":"2026-12-01T10:00:00+08:00","etag":"\"v2\"","ledger":[
                """) + Wire.Line("""
                {"fiscalYear":2026,"component":"first","trigger":"approval","amount":150000.00,"status":"paid","stage":1,"isGrant":true,"paidOn":"2026-12-20"},
                """) + Wire.Line("""
                {"fiscalYear":2027,"component":"claim","trigger":"acceptance","amount":null,"status":"awaitingClaim","isGrant":false},
                """) + Wire.Line("""
                {"fiscalYear":2027,"component":"second","trigger":"acceptance","amount":149999.99,"status":"issued","stage":2,"isGrant":true,"returnReason":"账户已销户"}]}
                """),
            body);
    }
}
