using System.Text.Json.Serialization;
using NeoBay.Grants.Budget;
using NeoBay.Policy;

namespace NeoBay.Contracts.Reports;

/// <summary>One row of the commitments report (yuan): a fiscal year × article.</summary>
public sealed record CommitmentRowView(
    int FiscalYear,
    string Article,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Approved,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Scheduled,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Issued,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal Lapsed);

/// <summary>
/// <c>GET /admin/reports/commitments?from=&amp;to=</c> and <c>neobay report</c>: the rows by planned fiscal year (<c>basis</c>).
/// </summary>
public sealed record CommitmentsView(int From, int To, string Basis, IReadOnlyList<CommitmentRowView> Rows)
{
    public static CommitmentsView Of(int from, int to, IReadOnlyList<CommitmentRow> rows) =>
        new(from, to, CommitmentReport.Basis, [.. rows.Select(r => new CommitmentRowView(r.FiscalYear, r.Article, Money.ToYuan(r.ApprovedFen),
            Money.ToYuan(r.ScheduledFen), Money.ToYuan(r.IssuedFen), Money.ToYuan(r.LapsedFen)))]);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CommitmentsView))]
public sealed partial class ReportsJsonContext : JsonSerializerContext;
