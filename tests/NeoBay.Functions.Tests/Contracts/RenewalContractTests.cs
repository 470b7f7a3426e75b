using NeoBay.Contracts.Renewals;
using NeoBay.Functions.Http;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Vouchers;

namespace NeoBay.Functions.Tests.Contracts;

public sealed class RenewalContractTests
{
    private static readonly string ZeroTally =
        Wire.Line("""
            {"grants":0,"notDue":0,"issued":0,"issuedAmount":0.00,"claimsOpened":0,"claimsCap":0.00,"quotasIssued":0,"quotaAmount":0.00,"quotasLapsed":0,"lapsedAmount":0.00,"invited":0,"skipped":0,"skippedAmount":0.00,"failed":0}
            """);

    [Fact]
    public void A_run_report_sums_the_shards_by_measure_in_yuan()
    {
        var a = new RenewalTally();
        a.For("A13.2").Grants = 2;
        a.For("A13.2").Issued = 1;
        a.For("A13.2").IssuedFen = 100_050; // 1 000.50 yuan
        var b = new RenewalTally();
        b.For("A05.1").Grants = 1;
        b.For("A05.1").Failed = 1;
        ShardProgress[] shards =
        [
            new(2027, 3, 1, 2, null, true, a) { Failures = ["grant-9: timeout"] },
            new(2027, 1, 1, 1, "t", false, b),
        ];
        var tally = new RenewalTally();
        tally.For("A13.2").Add(a.For("A13.2"));
        tally.For("A05.1").Add(b.For("A05.1"));
        var report = new RenewalReport(new RenewalRun(2027, new DateTimeOffset(2027, 1, 2, 3, 0, 0, TimeSpan.FromHours(8)), "admin"), shards, tally);

        var body = ApiResult.Of(202, RenewalMapper.ToResponse(report), RenewalsJsonContext.Default.RenewalReportResponse).Body;

        Assert.Equal(
            Wire.Line("""
                {"fiscalYear":2027,"startedAt":"2027-01-02T03:00:00+08:00","startedBy":"admin","status":"running","shards":16,"shardsDone":1,
                """) + Wire.Line("""
                "totals":{"grants":3,"notDue":0,"issued":1,"issuedAmount":1000.50,"claimsOpened":0,"claimsCap":0.00,"quotasIssued":0,"quotaAmount":0.00,"quotasLapsed":0,"lapsedAmount":0.00,"invited":0,"skipped":0,"skippedAmount":0.00,"failed":1},
                """) + Wire.Line("""
                "byMeasure":{"A05.1":{"grants":1,"notDue":0,"issued":0,"issuedAmount":0.00,"claimsOpened":0,"claimsCap":0.00,"quotasIssued":0,"quotaAmount":0.00,"quotasLapsed":0,"lapsedAmount":0.00,"invited":0,"skipped":0,"skippedAmount":0.00,"failed":1},
                """) + Wire.Line("""
                "A13.2":{"grants":2,"notDue":0,"issued":1,"issuedAmount":1000.50,"claimsOpened":0,"claimsCap":0.00,"quotasIssued":0,"quotaAmount":0.00,"quotasLapsed":0,"lapsedAmount":0.00,"invited":0,"skipped":0,"skippedAmount":0.00,"failed":0}},
                """) + Wire.Line("""
                "failures":["grant-9: timeout"],"shardProgress":[{"shard":1,"done":false,"pages":1,"grants":1,"failed":1},{"shard":3,"done":true,"pages":2,"grants":2,"failed":0}]}
                """),
            body);
        Assert.Equal(ZeroTally, ApiResult.Of(200, RenewalMapper.ToResponse(new MeasureTally()), RenewalsJsonContext.Default.TallyResponse).Body);
    }

    [Fact]
    public void A_claim_keeps_its_rate_as_stated_and_its_amounts_in_yuan()
    {
        // A16.2: 12% of 1 234 567.89 yuan = 148 148.1468 → floored to the fen 148 148.14, under the 2 000 000.00 cap.
        var claim = new ClaimResult("grant-1", 2027, "claim-2026", "A16.2", 2026, 123_456_789, 0.12m, 200_000_000, 14_814_814, LedgerStatus.Issued);
        Assert.Equal(
            Wire.Line("""
                {"grantId":"grant-1","fiscalYear":2027,"component":"claim-2026","measure":"A16.2","expenditureYear":2026,"expenditure":1234567.89,"rate":0.12,"cap":2000000.00,"amount":148148.14,"status":"issued"}
                """),
            ApiResult.Of(200, RenewalMapper.ToResponse(claim), RenewalsJsonContext.Default.ClaimResponse).Body);
    }

    [Fact]
    public void A_departure_names_the_person_only_for_a_person()
    {
        var at = DateTimeOffset.UnixEpoch;
        Assert.Equal(Wire.Line("""
            {"subject":"grant-1","person":2,"leftOn":"2027-03-31","reason":"离职","recordedBy":"admin"}
            """),
            ApiResult.Of(200, RenewalMapper.ToResponse(new PersonDeparture("grant-1", 2, new DateOnly(2027, 3, 31), "离职", "admin", at)),
                RenewalsJsonContext.Default.DepartureResponse).Body);
        Assert.Equal(Wire.Line("""
            {"subject":"91330100799655058B","leftOn":"2027-03-31","reason":"","recordedBy":"admin"}
            """),
            ApiResult.Of(200, RenewalMapper.ToResponse(new ZoneDeparture("91330100799655058B", new DateOnly(2027, 3, 31), "", "admin", at)),
                RenewalsJsonContext.Default.DepartureResponse).Body);
    }

    [Fact]
    public void A_redemption_carries_the_years_quota_and_a_lapsed_year_has_nothing_left()
    {
        var open = new VoucherYear("grant-1", 2027, 20_000_000, 1_234_500, "enterprise", IsSme: true);
        var redemption = new RedemptionRecord("grant-1", "k", "INV-1", "某检测中心", 2027, 2_469_000, 1_234_500, DateTimeOffset.UnixEpoch, "wx:abc");
        // Quota 200 000.00 yuan, 12 345.00 used → 187 655.00 left; lapsed null while open.
        Assert.Equal(
            Wire.Line("""
                {"grantId":"grant-1","invoiceNo":"INV-1","provider":"某检测中心","fiscalYear":2027,"serviceFee":24690.00,"amount":12345.00,
                """) + Wire.Line("""
                "quota":{"grantId":"grant-1","fiscalYear":2027,"holder":"enterprise","status":"open","quota":200000.00,"used":12345.00,"left":187655.00,"lapsed":null}}
                """),
            ApiResult.Of(201, RenewalMapper.ToResponse(new RedemptionResult(redemption, open)), RenewalsJsonContext.Default.RedemptionResponse).Body);

        var lapsed = open with { Status = VoucherYear.Lapsed, LapsedFen = 18_765_500 };
        Assert.Equal(
            Wire.Line("""
                {"grantId":"grant-1","fiscalYear":2027,"holder":"enterprise","status":"lapsed","quota":200000.00,"used":12345.00,"left":0.00,"lapsed":187655.00}
                """),
            ApiResult.Of(200, RenewalMapper.ToResponse(lapsed), RenewalsJsonContext.Default.VoucherYearResponse).Body);
    }
}
