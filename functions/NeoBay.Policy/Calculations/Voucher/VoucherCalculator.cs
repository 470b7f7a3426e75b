using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

internal static class VoucherCalculator
{
    /// <summary>The holder kind of an applicant, or null when it holds no voucher (an SME enterprise or a team).</summary>
    public static VoucherHolderKind? HolderOf(ApplicantKind kind, bool isSme) => kind switch
    {
        ApplicantKind.Team => VoucherHolderKind.Team,
        ApplicantKind.Enterprise when isSme => VoucherHolderKind.Sme,
        _ => null,
    };

    /// <summary>One redemption: min(floor_fen(rate × fee), quota − used).</summary>
    public static VoucherRedemption Redeem(VoucherParameters p, VoucherHolderKind? holder, long serviceFeeFen, long quotaUsedFen)
    {
        if (holder is not { } h) return new VoucherRedemption(0, 0, 0, 0, Reasons.NotVoucherHolder);
        var quota = p.QuotaFen(h);
        var remaining = Math.Max(0, quota - quotaUsedFen);
        if (remaining == 0) return new VoucherRedemption(0, quota, 0, 0, Reasons.QuotaExhausted);
        var amount = Math.Min(Money.FloorRate(p.Rate, serviceFeeFen), remaining);
        if (amount <= 0) return new VoucherRedemption(0, quota, remaining, remaining, Reasons.ZeroAmount);
        return new VoucherRedemption(amount, quota, remaining, remaining - amount, null);
    }

    /// <summary>A09.4: the year's <c>quota</c> (once per fiscal year), or one <c>redemption</c> when a service fee is given.</summary>
    public static void Calculate(Evaluation e, VoucherParameters p)
    {
        var applicant = e.Request.Applicant;
        if (HolderOf(applicant.Kind, applicant.IsSme) is not { } holder) { e.Block(Reasons.NotVoucherHolder); return; }
        if (e.Request.Facts.TryGetValue(FactNames.ServiceFee, out var fee) && fee.Number is not null)
        {
            var feeFen = e.Fen(FactNames.ServiceFee);
            if (feeFen <= 0) { e.Block(Reasons.NonPositiveFact(e.Catalog.Facts[FactNames.ServiceFee])); return; }
            var used = e.Fen(FactNames.QuotaUsed);
            var r = Redeem(p, holder, feeFen, used);
            if (e.Tracing)
                e.Step("voucherRedemption", e.Code, TraceDetails.VoucherRedemption, e.Measure.CitationOf("rate"),
                    e.Yuan("serviceFee", feeFen), e.Rate("rate", p.Rate), e.Yuan("quota", r.QuotaFen), e.Yuan("quotaUsed", used), e.Yuan("amount", r.AmountFen));
            if (r.Reason is not null) { e.Block(r.Reason); return; }
            e.Add(ScheduleLine.For(e.Year, 0, LedgerComponent.Redemption, ScheduleTrigger.Approval, r.AmountFen));
            return;
        }
        foreach (var prior in e.History)
        {
            if (prior.Measure != e.Code || prior.FiscalYear != e.Year) continue;
            e.Block(Reasons.AlreadyAwarded(null));
            return;
        }
        var quota = p.QuotaFen(holder);
        if (e.Tracing)
            e.Step("voucherQuota", e.Code, TraceDetails.VoucherQuota, e.Measure.CitationOf(holder == VoucherHolderKind.Team ? "teamQuota" : "smeQuota"),
                Evaluation.F("holder", HolderKinds.Name(holder)), e.Yuan("quota", quota));
        e.Add(ScheduleLine.For(e.Year, 0, LedgerComponent.Quota, ScheduleTrigger.Approval, quota));
    }
}
