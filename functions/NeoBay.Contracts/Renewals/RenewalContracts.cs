using System.Text.Json.Serialization;

namespace NeoBay.Contracts.Renewals;

/// <summary>Counts of a renewal run (one measure or the total): per action the number of components and their amount (yuan).</summary>
public sealed record TallyResponse(
    int Grants,
    int NotDue,
    int Issued,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal IssuedAmount,
    int ClaimsOpened,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal ClaimsCap,
    int QuotasIssued,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal QuotaAmount,
    int QuotasLapsed,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal LapsedAmount,
    int Invited,
    int Skipped,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal SkippedAmount,
    int Failed);

/// <summary>One shard of a run, for the console's progress bars: pages read so far, grants seen, done or not.</summary>
public sealed record ShardProgressResponse(int Shard, bool Done, int Pages, int Grants, int Failed);

/// <summary><c>POST/GET /api/admin/renewals/{fiscalYear}</c>: the run's record, its counts in total and by measure, its shards.</summary>
public sealed record RenewalReportResponse(
    int FiscalYear,
    DateTimeOffset StartedAt,
    string StartedBy,
    string Status,
    int Shards,
    int ShardsDone,
    TallyResponse Totals,
    IReadOnlyDictionary<string, TallyResponse> ByMeasure,
    IReadOnlyList<string> Failures,
    IReadOnlyList<ShardProgressResponse> ShardProgress);

/// <summary>An annual claim filed (A16.2/A16.3): the expenditure, the rate and cap, the amount due (yuan), the line's status.</summary>
public sealed record ClaimResponse(
    string GrantId,
    int FiscalYear,
    string Component,
    string Measure,
    int ExpenditureYear,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Expenditure,
    decimal Rate,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Cap,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Amount,
    string Status);

/// <summary>A departure recorded: the grant (person, A11.2) or the holder (zone); <c>person</c> only for a person.</summary>
public sealed record DepartureResponse(
    string Subject,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Person,
    DateOnly LeftOn,
    string Reason,
    string RecordedBy);

/// <summary>One year of an A09.4 voucher (yuan); <c>left</c> is 0 once lapsed, <c>lapsed</c> null while open.</summary>
public sealed record VoucherYearResponse(
    string GrantId,
    int FiscalYear,
    string Holder,
    string Status,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Quota,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Used,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Left,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal? Lapsed);

/// <summary>A voucher redemption paid (yuan), with the year's quota after it.</summary>
public sealed record RedemptionResponse(
    string GrantId,
    string InvoiceNo,
    string Provider,
    int FiscalYear,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal ServiceFee,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Amount,
    VoucherYearResponse Quota);

/// <summary>Body of the zone and person departures: <c>leftOn</c> a CST date.</summary>
public sealed record DepartureRequest(DateOnly? LeftOn, string? Reason);

/// <summary>Body of <c>POST /api/grants/{id}/claims/{fiscalYear}</c>: the year's expenditure in yuan.</summary>
public sealed record ClaimRequest(decimal? Expenditure);

/// <summary>Body of <c>POST /api/vouchers/redemptions</c>: the fee in yuan; <c>uscc</c> an integrator's holder.</summary>
public sealed record RedemptionRequest(decimal? ServiceFee, string? Provider, string? InvoiceNo, string? GrantId, string? Uscc);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RenewalReportResponse))]
[JsonSerializable(typeof(ClaimResponse))]
[JsonSerializable(typeof(DepartureResponse))]
[JsonSerializable(typeof(VoucherYearResponse))]
[JsonSerializable(typeof(RedemptionResponse))]
[JsonSerializable(typeof(DepartureRequest))]
[JsonSerializable(typeof(ClaimRequest))]
[JsonSerializable(typeof(RedemptionRequest))]
public sealed partial class RenewalsJsonContext : JsonSerializerContext;
