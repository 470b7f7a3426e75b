using NeoBay.Messages;

namespace NeoBay.Policy;

/// <summary>The text of a trace step in zh-CN and en, chosen like the reasons (Accept-Language, --en).</summary>
public sealed record TraceDetail(string Zh, string En)
{
    public string Text(bool english) => english ? En : Zh;

    /// <summary>The step text of catalog key <paramref name="key"/>, read once (a static field), never per quote.</summary>
    public static TraceDetail Of(string key) => new(MessageCatalog.Text(key, false), MessageCatalog.Text(key, true));
}

/// <summary>Every trace step's text, defined once.</summary>
internal static class TraceDetails
{
    public static readonly TraceDetail InsideWindow = TraceDetail.Of("Trace.InsideWindow");
    public static readonly TraceDetail OutsideWindow = TraceDetail.Of("Trace.OutsideWindow");
    public static readonly TraceDetail InZone = TraceDetail.Of("Trace.InZone");
    public static readonly TraceDetail OutsideZone = TraceDetail.Of("Trace.OutsideZone");
    public static readonly TraceDetail KindAllowed = TraceDetail.Of("Trace.KindAllowed");
    public static readonly TraceDetail KindNotAllowed = TraceDetail.Of("Trace.KindNotAllowed");
    public static readonly TraceDetail RequiredFacts = TraceDetail.Of("Trace.RequiredFacts");
    public static readonly TraceDetail DatedValues = TraceDetail.Of("Trace.DatedValues");
    public static readonly TraceDetail Discretionary = TraceDetail.Of("Trace.Discretionary");
    public static readonly TraceDetail ProjectHoldsMeasure = TraceDetail.Of("Trace.ProjectHoldsMeasure");
    public static readonly TraceDetail RateCapped = TraceDetail.Of("Trace.RateCapped");
    public static readonly TraceDetail RateFloored = TraceDetail.Of("Trace.RateFloored");
    public static readonly TraceDetail NotAboveRequested = TraceDetail.Of("Trace.NotAboveRequested");
    public static readonly TraceDetail RequestedCapped = TraceDetail.Of("Trace.RequestedCapped");
    public static readonly TraceDetail RequestedWithinCap = TraceDetail.Of("Trace.RequestedWithinCap");
    public static readonly TraceDetail TwoStages = TraceDetail.Of("Trace.TwoStages");
    public static readonly TraceDetail Stages = TraceDetail.Of("Trace.Stages");
    public static readonly TraceDetail ApplicantHoldsFixed = TraceDetail.Of("Trace.ApplicantHoldsFixed");
    public static readonly TraceDetail FixedAmount = TraceDetail.Of("Trace.FixedAmount");
    public static readonly TraceDetail TierHeld = TraceDetail.Of("Trace.TierHeld");
    public static readonly TraceDetail TierAmount = TraceDetail.Of("Trace.TierAmount");
    public static readonly TraceDetail TopUpFull = TraceDetail.Of("Trace.TopUpFull");
    public static readonly TraceDetail TopUpDifference = TraceDetail.Of("Trace.TopUpDifference");
    public static readonly TraceDetail TierCap = TraceDetail.Of("Trace.TierCap");
    public static readonly TraceDetail NeedsCapped = TraceDetail.Of("Trace.NeedsCapped");
    public static readonly TraceDetail NeedsWithinCap = TraceDetail.Of("Trace.NeedsWithinCap");
    public static readonly TraceDetail YearlyRenewal = TraceDetail.Of("Trace.YearlyRenewal");
    public static readonly TraceDetail YearlyClaims = TraceDetail.Of("Trace.YearlyClaims");
    public static readonly TraceDetail ClaimYearInRange = TraceDetail.Of("Trace.ClaimYearInRange");
    public static readonly TraceDetail ClaimYearOutOfRange = TraceDetail.Of("Trace.ClaimYearOutOfRange");
    public static readonly TraceDetail AlreadyClaimed = TraceDetail.Of("Trace.AlreadyClaimed");
    public static readonly TraceDetail AnnualClaim = TraceDetail.Of("Trace.AnnualClaim");
    public static readonly TraceDetail VoucherRedemption = TraceDetail.Of("Trace.VoucherRedemption");
    public static readonly TraceDetail VoucherQuota = TraceDetail.Of("Trace.VoucherQuota");
    public static readonly TraceDetail PersonYearly = TraceDetail.Of("Trace.PersonYearly");
    public static readonly TraceDetail PersonOnce = TraceDetail.Of("Trace.PersonOnce");
    public static readonly TraceDetail NoOtherSupport = TraceDetail.Of("Trace.NoOtherSupport");
    public static readonly TraceDetail OtherSupportCovers = TraceDetail.Of("Trace.OtherSupportCovers");
    public static readonly TraceDetail OtherSupportDeducted = TraceDetail.Of("Trace.OtherSupportDeducted");
}
