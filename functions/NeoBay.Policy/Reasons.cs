namespace NeoBay.Policy;

/// <summary>Stable reason codes of decisions, with their zh-CN and en messages.</summary>
public static class Reasons
{
    public const string PolicyExpiredCode = "PolicyExpired";
    public const string OutsideZoneCode = "OutsideZone";
    public const string ApplicantKindNotAllowedCode = "ApplicantKindNotAllowed";
    public const string MissingFactCode = "MissingFact";
    public const string NonPositiveFactCode = "NonPositiveFact";
    public const string RequiredFlagNotSetCode = "RequiredFlagNotSet";
    public const string UnknownTierCode = "UnknownTier";
    public const string UnknownCategoryCode = "UnknownCategory";
    public const string DuplicateSupportCode = "DuplicateSupport";
    public const string AlreadyAwardedCode = "AlreadyAwarded";
    public const string AlreadyClaimedCode = "AlreadyClaimed";
    public const string ClaimYearOutOfRangeCode = "ClaimYearOutOfRange";
    public const string MissingProjectKeyCode = "MissingProjectKey";
    public const string PersonAlreadySupportedCode = "PersonAlreadySupported";
    public const string DeterminedByReviewCode = "DeterminedByReview";
    public const string NotVoucherHolderCode = "NotVoucherHolder";
    public const string QuotaExhaustedCode = "QuotaExhausted";
    public const string UnknownMeasureCode = "UnknownMeasure";
    public const string InvalidUsccCode = "InvalidUscc";
    public const string ReducedByOtherSupportCode = "ReducedByOtherSupport";
    public const string TopUpCode = "TopUp";
    public const string InvalidFactCode = "InvalidFact";
    public const string ZeroAmountCode = "ZeroAmount";

    /// <summary>Every reason code the engine can give.</summary>
    public static readonly IReadOnlyList<string> AllCodes =
    [
        PolicyExpiredCode, OutsideZoneCode, ApplicantKindNotAllowedCode, MissingFactCode, NonPositiveFactCode,
        RequiredFlagNotSetCode, UnknownTierCode, UnknownCategoryCode, DuplicateSupportCode, AlreadyAwardedCode,
        AlreadyClaimedCode, ClaimYearOutOfRangeCode, MissingProjectKeyCode, PersonAlreadySupportedCode, DeterminedByReviewCode, NotVoucherHolderCode, QuotaExhaustedCode,
        UnknownMeasureCode, InvalidUsccCode, ReducedByOtherSupportCode, TopUpCode, InvalidFactCode, ZeroAmountCode,
    ];

    public static readonly Reason ZeroAmount = new(ZeroAmountCode,
        "计算金额为零，不予支持。", "The computed amount is zero: nothing can be awarded.");

    public static Reason InvalidFact(FactDefinition fact) => new(InvalidFactCode,
        $"{fact.Zh}（{fact.Name}）的值无效。", $"The value of {fact.En} ({fact.Name}) is not valid.");

    public static readonly Reason OutsideZone = new(OutsideZoneCode,
        "申请人未在“大零号湾”区域内注册或运营。", "The applicant is not registered or operating in the Greater Neo Bay zone.");
    public static readonly Reason DeterminedByReview = new(DeterminedByReviewCode,
        "政策未规定金额，由评审确定。", "The policy sets no figure: the amount is determined by review.");
    public static readonly Reason NotVoucherHolder = new(NotVoucherHolderCode,
        "研发服务券仅面向科技型中小企业和团队。", "Research-service vouchers are for technology-based SMEs and teams only.");
    public static readonly Reason QuotaExhausted = new(QuotaExhaustedCode,
        "本年度研发服务券额度已用完。", "This year's voucher quota is used up.");
    public static readonly Reason DuplicateSupport = new(DuplicateSupportCode,
        "按“从优、就高、不重复”原则，该项目已获得的支持不低于本项计算金额。",
        "Most favourable, highest, no duplication: the support this project already has is not below this amount.");
    public static readonly Reason ReducedByOtherSupport = new(ReducedByOtherSupportCode,
        "按“从优、就高、不重复”原则，已扣除该项目已获得的其他支持。",
        "Most favourable, highest, no duplication: support the project already has was deducted.");
    public static readonly Reason InvalidUscc = new(InvalidUsccCode,
        "统一社会信用代码无效（GB 32100-2015）。", "The unified social credit code is not valid (GB 32100-2015).");

    public static Reason PolicyExpired(DateOnly from, DateOnly to) => new(PolicyExpiredCode,
        $"申请日期不在政策有效期（{from:yyyy-MM-dd} 至 {to:yyyy-MM-dd}）内。",
        $"The submission date is outside the policy's validity ({from:yyyy-MM-dd} to {to:yyyy-MM-dd}).");

    public static Reason ApplicantKindNotAllowed(string kind) => new(ApplicantKindNotAllowedCode,
        $"申请主体类型 {kind} 不适用本措施。", $"Applicant kind '{kind}' may not apply for this measure.");

    public static Reason MissingFact(FactDefinition fact) => new(MissingFactCode,
        $"缺少必要信息：{fact.Zh}（{fact.Name}）。", $"Missing fact: {fact.En} ({fact.Name}).");

    public static Reason NonPositiveFact(FactDefinition fact) => new(NonPositiveFactCode,
        $"{fact.Zh}（{fact.Name}）必须大于零。", $"{fact.En} ({fact.Name}) must be greater than zero.");

    public static Reason RequiredFlagNotSet(FactDefinition fact, string expected) => new(RequiredFlagNotSetCode,
        $"不满足条件：{fact.Zh}（{fact.Name}）须为 {expected}。", $"Condition not met: {fact.En} ({fact.Name}) must be {expected}.");

    public static Reason UnknownTier(FactDefinition fact, string value) => new(UnknownTierCode,
        $"{fact.Zh}（{fact.Name}）的值 {value} 不在本措施的档次中。", $"'{value}' is not a tier of this measure for {fact.En} ({fact.Name}).");

    public static Reason UnknownCategory(int person, string category) => new(UnknownCategoryCode,
        $"第 {person} 人的类别 {category} 不在本措施中。", $"Person {person}: category '{category}' is not covered by this measure.");

    public static Reason AlreadyAwarded(string? tier) => tier is null
        ? new(AlreadyAwardedCode, "该申请人（项目）已获得本项支持，不重复给予。", "This applicant (project) already received this award; it is not paid again.")
        : new(AlreadyAwardedCode, $"已获得 {tier} 或更高档次的首次奖励，不重复给予。", $"The first-time award for {tier} or a higher tier was already received.");

    public static Reason AlreadyClaimed(int fiscalYear) => new(AlreadyClaimedCode,
        $"{fiscalYear} 年度的补助已申领，每年度限一次。", $"The subsidy for fiscal year {fiscalYear} was already claimed; one claim a year.");

    public static Reason ClaimYearOutOfRange(int fiscalYear, int first, int last) => new(ClaimYearOutOfRangeCode,
        $"申领年度 {fiscalYear} 须为申请日前已结束、且在 {first} 至 {last} 年之间的财政年度。",
        $"Claim year {fiscalYear} must have ended before the submission and lie in {first}–{last}.");

    public static readonly Reason MissingProjectKey = new(MissingProjectKeyCode,
        "本措施支持项目，须提供项目编号（project.key）。", "This measure supports a project: project.key is required.");

    /// <summary>common.14: names the person by its place in the list only, never by name or number.</summary>
    public static Reason PersonAlreadySupported(int person, string category) => new(PersonAlreadySupportedCode,
        $"第 {person} 人已获得本类别（{category}）的支持，同一人每类别限支持一次。", $"Person {person} was already supported in category '{category}'; one person is supported once per category.");

    public static Reason TopUp(string heldTier, string tier) => new(TopUpCode,
        $"由 {heldTier} 升至 {tier}，补足差额。", $"Top-up from {heldTier} to {tier}: the difference is paid.");

    public static Reason UnknownMeasure(string code) => new(UnknownMeasureCode,
        $"未知的措施代码 {code}。", $"Unknown measure code '{code}'.");
}
