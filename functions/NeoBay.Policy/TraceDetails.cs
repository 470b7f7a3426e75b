namespace NeoBay.Policy;

/// <summary>The text of a trace step in zh-CN and en, chosen like the reasons (Accept-Language, --en).</summary>
public sealed record TraceDetail(string Zh, string En)
{
    public string Text(bool english) => english ? En : Zh;
}

/// <summary>Every trace step's text, defined once.</summary>
internal static class TraceDetails
{
    public static readonly TraceDetail InsideWindow = new("在政策有效期内提交", "submitted inside the validity window");
    public static readonly TraceDetail OutsideWindow = new("不在政策有效期内提交", "submitted outside the validity window");
    public static readonly TraceDetail InZone = new("申请人在“大零号湾”区域内", "applicant in the zone");
    public static readonly TraceDetail OutsideZone = new("申请人不在“大零号湾”区域内", "applicant outside the zone");
    public static readonly TraceDetail KindAllowed = new("申请主体类型符合本措施", "applicant kind allowed");
    public static readonly TraceDetail KindNotAllowed = new("申请主体类型不符合本措施", "applicant kind not allowed");
    public static readonly TraceDetail RequiredFacts = new("本措施要求的事实与条件", "the measure's required facts and conditions");
    public static readonly TraceDetail DatedValues = new("申请日有效的政策取值及其生效日期", "values in force on the submission date, with the date each took effect");
    public static readonly TraceDetail Discretionary = new("政策未规定金额，由评审确定", "no figure in the text: the amount is set by review");
    public static readonly TraceDetail ProjectHoldsMeasure = new("该项目已获得本项支持", "this project already holds this measure");
    public static readonly TraceDetail RateCapped = new("比例 × 基数，超过上限按上限核定", "rate × base, capped");
    public static readonly TraceDetail RateFloored = new("比例 × 基数，向下取整到分", "rate × base, rounded down to the fen");
    public static readonly TraceDetail NotAboveRequested = new("不超过申请金额", "not above the amount requested");
    public static readonly TraceDetail RequestedCapped = new("申请金额超过上限，按上限核定", "requested amount capped");
    public static readonly TraceDetail RequestedWithinCap = new("申请金额未超过上限", "requested amount within the cap");
    public static readonly TraceDetail TwoStages = new("分两阶段拨付：立项时与验收时；末阶段承担分位舍入余额", "paid in two stages, on approval and on acceptance; the last stage takes the fen remainder");
    public static readonly TraceDetail Stages = new("分阶段拨付；末阶段承担分位舍入余额", "paid in stages; the last stage takes the fen remainder");
    public static readonly TraceDetail ApplicantHoldsFixed = new("该申请人已获得本项定额支持", "this applicant already received this fixed award");
    public static readonly TraceDetail FixedAmount = new("定额支持", "fixed amount");
    public static readonly TraceDetail TierHeld = new("已获得同档或更高档次的首次奖励", "a tier at or above this one was already awarded");
    public static readonly TraceDetail TierAmount = new("档次金额", "tier amount");
    public static readonly TraceDetail TopUpFull = new("由低档升至高档：按高档金额全额给予", "higher tier after a lower one: the tier's figure is paid in full");
    public static readonly TraceDetail TopUpDifference = new("由低档升至高档：补足差额", "higher tier after a lower one: the difference is paid");
    public static readonly TraceDetail TierCap = new("该档次的上限", "cap of the tier");
    public static readonly TraceDetail NeedsCapped = new("申报需求超过上限，按上限核定", "declared needs capped");
    public static readonly TraceDetail NeedsWithinCap = new("申报需求未超过上限", "declared needs within the cap");
    public static readonly TraceDetail YearlyRenewal = new("第一年立项时拨付，以后各年由年度续拨发放", "year 1 on approval, later years by the yearly renewal");
    public static readonly TraceDetail YearlyClaims = new("以后各年运营经费按当年支出申领，不超过年度上限", "later operating years are claims on that year's expenditure, up to the yearly cap");
    public static readonly TraceDetail ClaimYearInRange = new("申领年度已结束且在政策年度内", "the claimed year has ended and lies in the policy's years");
    public static readonly TraceDetail ClaimYearOutOfRange = new("申领年度尚未结束或不在政策年度内", "the claimed year has not ended or lies outside the policy's years");
    public static readonly TraceDetail AlreadyClaimed = new("每年度限申领一次：该年度已申领", "one claim per fiscal year: already claimed");
    public static readonly TraceDetail AnnualClaim = new("申领一个财政年度的补助，批准时拨付", "claim for one fiscal year, paid on approval");
    public static readonly TraceDetail VoucherRedemption = new("按专业研发服务费用比例核定，不超过本年度剩余额度", "rate × the service fee, within what is left of the year's quota");
    public static readonly TraceDetail VoucherQuota = new("本年度研发服务券额度", "the year's voucher quota");
    public static readonly TraceDetail PersonYearly = new("按人员类别每年给予生活补助", "yearly allowance for the person's category");
    public static readonly TraceDetail PersonOnce = new("按人员类别给予一次性补助和项目完成补助", "one-off and completion allowances for the person's category");
    public static readonly TraceDetail NoOtherSupport = new("该项目未持有或申报其他支持", "no other support held or declared for this project");
    public static readonly TraceDetail OtherSupportCovers = new("该项目已获其他支持不低于本项金额", "the project's other support covers this amount");
    public static readonly TraceDetail OtherSupportDeducted = new("扣除该项目已获其他支持，从最后拨付的部分开始扣减", "the project's other support is deducted; later lines shrink first");
}
