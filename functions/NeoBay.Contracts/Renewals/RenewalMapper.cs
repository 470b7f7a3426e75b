using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Vouchers;
using NeoBay.Policy;

namespace NeoBay.Contracts.Renewals;

/// <summary>Grants records → the renewal, claim, departure and voucher contracts (docs/renewals.md).</summary>
public static class RenewalMapper
{
    public static RenewalReportResponse ToResponse(RenewalReport report) =>
        new(report.Run.FiscalYear, report.Run.StartedAt, report.Run.StartedBy, report.Complete ? "complete" : "running", GrantKeys.ShardCount, report.ShardsDone,
            ToResponse(report.Tally.Total()),
            report.Tally.ByMeasure.ToDictionary(m => m.Key, m => ToResponse(m.Value), StringComparer.Ordinal),
            [.. report.Shards.SelectMany(s => s.Failures)],
            [.. report.Shards.OrderBy(s => s.Shard).Select(s =>
            {
                var total = s.Tally.Total();
                return new ShardProgressResponse(s.Shard, s.Done, s.Pages, total.Grants, total.Failed);
            })]);

    public static TallyResponse ToResponse(MeasureTally t) =>
        new(t.Grants, t.NotDue, t.Issued, Money.ToYuan(t.IssuedFen), t.ClaimsOpened, Money.ToYuan(t.ClaimsCapFen), t.QuotasIssued, Money.ToYuan(t.QuotaFen),
            t.QuotasLapsed, Money.ToYuan(t.LapsedFen), t.Invited, t.Skipped, Money.ToYuan(t.SkippedFen), t.Failed);

    public static ClaimResponse ToResponse(ClaimResult c) =>
        new(c.GrantId, c.FiscalYear, c.Component, c.Measure, c.ExpenditureYear, Money.ToYuan(c.ExpenditureFen), c.Rate, Money.ToYuan(c.CapFen),
            Money.ToYuan(c.AmountFen), c.LineStatus.ToWire());

    public static DepartureResponse ToResponse(PersonDeparture d) => new(d.GrantId, d.Person, d.LeftOn, d.Reason, d.RecordedBy);

    public static DepartureResponse ToResponse(ZoneDeparture d) => new(d.Uscc, null, d.LeftOn, d.Reason, d.RecordedBy);

    public static VoucherYearResponse ToResponse(VoucherYear y) =>
        new(y.GrantId, y.FiscalYear, y.HolderKind, y.Status, Money.ToYuan(y.QuotaFen), Money.ToYuan(y.UsedFen),
            Money.ToYuan(y.Status == VoucherYear.Open ? y.LeftFen : 0), ContractMoney.Yuan(y.LapsedFen));

    public static RedemptionResponse ToResponse(RedemptionResult r) =>
        new(r.Redemption.GrantId, r.Redemption.InvoiceNo, r.Redemption.Provider, r.Redemption.FiscalYear, Money.ToYuan(r.Redemption.ServiceFeeFen),
            Money.ToYuan(r.Redemption.AmountFen), ToResponse(r.Year));
}
