using NeoBay.Policy.Calculations;

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
    public static long? YearlyQuotaFen(MeasureDefinition voucher, ApplicantKind kind, bool isSme) =>
        VoucherCalculator.HolderOf(kind, isSme) is { } holder ? ParametersOf(voucher).QuotaFen(holder) : null;

    /// <summary>
    /// One redemption: min(floor_fen(rate × fee), quota − used). Nothing left → reason QuotaExhausted;
    /// not a holder → NotVoucherHolder.
    /// </summary>
    public static VoucherRedemption Redeem(MeasureDefinition voucher, ApplicantKind kind, bool isSme, long serviceFeeFen, long quotaUsedFen)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(serviceFeeFen);
        ArgumentOutOfRangeException.ThrowIfNegative(quotaUsedFen);
        return VoucherCalculator.Redeem(ParametersOf(voucher), VoucherCalculator.HolderOf(kind, isSme), serviceFeeFen, quotaUsedFen);
    }

    private static VoucherParameters ParametersOf(MeasureDefinition voucher)
    {
        ArgumentNullException.ThrowIfNull(voucher);
        return voucher.Calculation as VoucherParameters ?? throw new ArgumentException($"{voucher.Code} is not a voucher measure", nameof(voucher));
    }
}
