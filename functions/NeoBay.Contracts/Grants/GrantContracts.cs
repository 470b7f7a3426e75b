using System.Text.Json.Serialization;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Policy;

namespace NeoBay.Contracts.Grants;

/// <summary>
/// One payment line of a grant. <c>amount</c> is null for a claim not yet filed; <c>stage</c>, <c>paidOn</c> and
/// <c>returnReason</c> are left out when they do not apply.
/// </summary>
public sealed record LedgerLineResponse(
    int FiscalYear,
    string Component,
    string Trigger,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal? Amount,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Stage,
    bool IsGrant,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? PaidOn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReturnReason);

/// <summary><c>GET /api/grants/{id}</c>: the award (yuan) and its ledger.</summary>
public sealed record GrantResponse(
    string Id,
    string ApplicationId,
    string Measure,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Amount,
    string ApplicantUscc,
    int FiscalYear,
    string Status,
    DateTimeOffset ApprovedAt,
    string Etag,
    IReadOnlyList<LedgerLineResponse> Ledger)
{
    public static GrantResponse From(GrantView view)
    {
        var g = view.Grant;
        return new GrantResponse(g.Id, g.ApplicationId, g.Measure, Money.ToYuan(g.AmountFen), g.ApplicantUscc, g.FiscalYear, g.Status, g.ApprovedAt,
            ETags.ForVersion(g.Version),
            [.. view.Ledger.Select(l => new LedgerLineResponse(l.FiscalYear, l.Component, l.Trigger.ToWire(), ContractMoney.Yuan(l.AmountFen), l.Status.ToWire(),
                l.Stage, l.IsGrant, l.PaidOn, l.ReturnReason))]);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(GrantResponse))]
public sealed partial class GrantsJsonContext : JsonSerializerContext;
