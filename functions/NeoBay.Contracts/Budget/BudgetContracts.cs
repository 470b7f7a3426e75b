using System.Text.Json.Serialization;
using NeoBay.Contracts.Reports;

namespace NeoBay.Contracts.Budget;

/// <summary>One line of <c>PUT /admin/budgets/{fiscalYear}</c>: an article or a measure, and its amount in yuan (two decimals).</summary>
public sealed record BudgetLineRequest(string? Article, string? Measure, decimal? Amount);

public sealed record BudgetRequest(IReadOnlyList<BudgetLineRequest>? Lines);

/// <summary>A line's figures in yuan; <c>budget</c> and <c>available</c> are null for a measure counted with no budget line.</summary>
public sealed record BudgetLineView(string? Article, string? Measure, decimal? Budget, decimal Committed, decimal Issued, decimal Lapsed, decimal? Available);

/// <summary>
/// <c>GET /admin/budgets/{fiscalYear}</c>. <c>basis</c> says which year a line counts in: its planned fiscal year
/// (<c>plannedYear</c>), for commitments and for what was issued of them.
/// </summary>
public sealed record BudgetView(int FiscalYear, string Basis, IReadOnlyList<BudgetLineView> Lines, IReadOnlyList<BudgetLineView> Unbudgeted, BudgetLineView Total, string Etag);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(BudgetRequest))]
[JsonSerializable(typeof(BudgetView))]
[JsonSerializable(typeof(CommitmentsView))]
public sealed partial class BudgetJsonContext : JsonSerializerContext;
