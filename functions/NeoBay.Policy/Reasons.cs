using NeoBay.Messages;

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

    public static readonly Reason ZeroAmount = Of(ZeroAmountCode, "Reason.ZeroAmount");

    public static Reason InvalidFact(FactDefinition fact) => Of(InvalidFactCode, "Reason.InvalidFact", new Localized(fact.Zh, fact.En), fact.Name);

    public static readonly Reason OutsideZone = Of(OutsideZoneCode, "Reason.OutsideZone");
    public static readonly Reason DeterminedByReview = Of(DeterminedByReviewCode, "Reason.DeterminedByReview");
    public static readonly Reason NotVoucherHolder = Of(NotVoucherHolderCode, "Reason.NotVoucherHolder");
    public static readonly Reason QuotaExhausted = Of(QuotaExhaustedCode, "Reason.QuotaExhausted");
    public static readonly Reason DuplicateSupport = Of(DuplicateSupportCode, "Reason.DuplicateSupport");
    public static readonly Reason ReducedByOtherSupport = Of(ReducedByOtherSupportCode, "Reason.ReducedByOtherSupport");
    public static readonly Reason InvalidUscc = Of(InvalidUsccCode, "Reason.InvalidUscc");

    public static Reason PolicyExpired(DateOnly from, DateOnly to) => Of(PolicyExpiredCode, "Reason.PolicyExpired", from, to);

    public static Reason ApplicantKindNotAllowed(string kind) => Of(ApplicantKindNotAllowedCode, "Reason.ApplicantKindNotAllowed", kind);

    public static Reason MissingFact(FactDefinition fact) => Of(MissingFactCode, "Reason.MissingFact", new Localized(fact.Zh, fact.En), fact.Name);

    public static Reason NonPositiveFact(FactDefinition fact) => Of(NonPositiveFactCode, "Reason.NonPositiveFact", new Localized(fact.Zh, fact.En), fact.Name);

    public static Reason RequiredFlagNotSet(FactDefinition fact, string expected) => Of(RequiredFlagNotSetCode, "Reason.RequiredFlagNotSet", new Localized(fact.Zh, fact.En), fact.Name, expected);

    public static Reason UnknownTier(FactDefinition fact, string value) => Of(UnknownTierCode, "Reason.UnknownTier", value, new Localized(fact.Zh, fact.En), fact.Name);

    public static Reason UnknownCategory(int person, string category) => Of(UnknownCategoryCode, "Reason.UnknownCategory", person, category);

    public static Reason AlreadyAwarded(string? tier) => tier is null
        ? Of(AlreadyAwardedCode, "Reason.AlreadyAwarded")
        : Of(AlreadyAwardedCode, "Reason.AlreadyAwarded.Tier", tier);

    public static Reason AlreadyClaimed(int fiscalYear) => Of(AlreadyClaimedCode, "Reason.AlreadyClaimed", fiscalYear);

    public static Reason ClaimYearOutOfRange(int fiscalYear, int first, int last) => Of(ClaimYearOutOfRangeCode, "Reason.ClaimYearOutOfRange", fiscalYear, first, last);

    public static readonly Reason MissingProjectKey = Of(MissingProjectKeyCode, "Reason.MissingProjectKey");

    /// <summary>common.14: names the person by its place in the list only, never by name or number.</summary>
    public static Reason PersonAlreadySupported(int person, string category) => Of(PersonAlreadySupportedCode, "Reason.PersonAlreadySupported", person, category);

    public static Reason TopUp(string heldTier, string tier) => Of(TopUpCode, "Reason.TopUp", heldTier, tier);

    public static Reason UnknownMeasure(string code) => Of(UnknownMeasureCode, "Reason.UnknownMeasure", code);

    /// <summary>A reason with its catalog message (functions/NeoBay.Messages) in both languages.</summary>
    private static Reason Of(string code, string key, params ReadOnlySpan<object?> args) =>
        new(code, MessageCatalog.Format(key, false, args), MessageCatalog.Format(key, true, args));
}
