using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using NeoBay.Grants.Budget;
using NeoBay.Policy;

namespace NeoBay.Functions.Http.Budget;

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

/// <summary>One row of <c>GET /admin/reports/commitments</c> (yuan).</summary>
public sealed record CommitmentRowView(int FiscalYear, string Article, decimal Approved, decimal Scheduled, decimal Issued, decimal Lapsed);

/// <summary><c>GET /admin/reports/commitments?from=&amp;to=</c>: the rows by planned fiscal year (<c>basis</c>).</summary>
public sealed record CommitmentsView(int From, int To, string Basis, IReadOnlyList<CommitmentRowView> Rows);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(BudgetRequest))]
[JsonSerializable(typeof(BudgetView))]
[JsonSerializable(typeof(CommitmentsView))]
public sealed partial class BudgetJsonContext : JsonSerializerContext;

public static class BudgetJson
{
    public const string PlannedYearBasis = "plannedYear";

    public static BudgetView View(BudgetReport r) =>
        new(r.FiscalYear, PlannedYearBasis, r.Lines.Select(Line).ToList(), r.Unbudgeted.Select(Line).ToList(), Line(r.Total) with { Article = null }, NeoBay.Grants.Domain.ETags.ForVersion(r.Version));

    public static CommitmentsView View(int from, int to, IReadOnlyList<CommitmentRow> rows) =>
        new(from, to, CommitmentReport.Basis, rows.Select(r => new CommitmentRowView(r.FiscalYear, r.Article, Money.ToYuan(r.ApprovedFen), Money.ToYuan(r.ScheduledFen),
            Money.ToYuan(r.IssuedFen), Money.ToYuan(r.LapsedFen))).ToList());

    private static BudgetLineView Line(BudgetFigures f)
    {
        var isMeasure = f.Line.Contains('.', StringComparison.Ordinal);
        return new BudgetLineView(isMeasure ? null : f.Line, isMeasure ? f.Line : null, Yuan(f.BudgetFen), Money.ToYuan(f.CommittedFen), Money.ToYuan(f.IssuedFen),
            Money.ToYuan(f.LapsedFen), Yuan(f.AvailableFen));
    }

    private static decimal? Yuan(long? fen) => fen is { } v ? Money.ToYuan(v) : null;

    /// <summary>Request lines → budget lines (fen); a 400 problem naming the line when one is not article xor measure with an amount in yuan.</summary>
    public static (IReadOnlyList<BudgetLine>? Lines, ApiResult? Problem) Lines(BudgetRequest request, HttpRequest http)
    {
        if (request.Lines is not { } lines)
            return (null, Problems.Create(400, "LinesRequired", http, "lines"));
        var result = new List<BudgetLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            var key = l.Article ?? l.Measure;
            if (l.Article is not null == l.Measure is not null || string.IsNullOrWhiteSpace(key) || l.Amount is not { } amount || !Money.TryYuanToFen(amount, out var fen))
                return (null, Problems.Create(400, "InvalidBudgetLine", http, $"lines[{i}]", i + 1));
            result.Add(new BudgetLine(key.Trim(), fen));
        }

        return (result, null);
    }
}
