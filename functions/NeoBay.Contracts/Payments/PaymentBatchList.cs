using System.Text.Json.Serialization;
using NeoBay.Grants.Payments;
using NeoBay.Policy;

namespace NeoBay.Contracts.Payments;

/// <summary>One batch of <c>GET /api/admin/payments/batches</c>: its run, fiscal year, funding line, status and totals.</summary>
public sealed record PaymentBatchListItem(
    string Id,
    string RunId,
    int FiscalYear,
    string FundingLine,
    string Status,
    int Payees,
    int Lines,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Total,
    string? FileSha256,
    DateTimeOffset CreatedAt)
{
    public static PaymentBatchListItem From(PaymentBatch b) =>
        new(b.Id, b.RunId, b.FiscalYear, b.FundingLine, b.Status, b.PayeeCount, b.LineCount, Money.ToYuan(b.TotalFen), b.FileSha256, b.CreatedAt);
}

/// <summary>A page of batches; <see cref="ContinuationToken"/> null on the last page.</summary>
public sealed record PaymentBatchListPage(IReadOnlyList<PaymentBatchListItem> Items, string? ContinuationToken);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PaymentBatchListPage))]
public sealed partial class PaymentBatchListJsonContext : JsonSerializerContext;
