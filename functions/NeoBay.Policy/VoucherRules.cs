namespace NeoBay.Policy;

/// <summary>The result of one voucher redemption: the amount paid and what is left of the year's quota.</summary>
public sealed record VoucherRedemption(long AmountFen, long QuotaFen, long RemainingBeforeFen, long RemainingAfterFen, Reason? Reason)
{
    public bool Accepted => Reason is null;
}

/// <summary>
/// A09.4 研发服务券: the yearly quota of a holder (technology-based SME or team) and one redemption,
/// rate × the service fee, within what is left of the quota. Pure; the grants code calls it for redemptions.
/// </summary>
public static class VoucherRules
{
    /// <summary>The year's quota in fen for an SME enterprise or a team, or null when the applicant holds no voucher.</summary>
    public static long? YearlyQuotaFen(MeasureDefinition voucher, ApplicantKind kind, bool isSme)
    {
        EnsureVoucher(voucher);
        return kind switch
        {
            ApplicantKind.Team => voucher.TeamQuotaFen,
            ApplicantKind.Enterprise when isSme => voucher.SmeQuotaFen,
            _ => null,
        };
    }

    /// <summary>
    /// One redemption: min(floor_fen(rate × fee), quota − used). Nothing left → reason QuotaExhausted;
    /// not a holder → NotVoucherHolder.
    /// </summary>
    public static VoucherRedemption Redeem(MeasureDefinition voucher, ApplicantKind kind, bool isSme, long serviceFeeFen, long quotaUsedFen)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(serviceFeeFen);
        ArgumentOutOfRangeException.ThrowIfNegative(quotaUsedFen);
        var quota = YearlyQuotaFen(voucher, kind, isSme);
        if (quota is null) return new VoucherRedemption(0, 0, 0, 0, Reasons.NotVoucherHolder);
        var remaining = Math.Max(0, quota.Value - quotaUsedFen);
        if (remaining == 0) return new VoucherRedemption(0, quota.Value, 0, 0, Reasons.QuotaExhausted);
        var amount = Math.Min(Money.FloorRate(voucher.Rate!.Value, serviceFeeFen), remaining);
        if (amount <= 0) return new VoucherRedemption(0, quota.Value, remaining, remaining, Reasons.ZeroAmount);
        return new VoucherRedemption(amount, quota.Value, remaining, remaining - amount, null);
    }

    private static void EnsureVoucher(MeasureDefinition voucher)
    {
        ArgumentNullException.ThrowIfNull(voucher);
        if (voucher.Kind != CalculationKind.Voucher) throw new ArgumentException($"{voucher.Code} is not a voucher measure", nameof(voucher));
    }
}
