using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using NeoBay.Contracts.Budget;
using NeoBay.Contracts.Reports;
using NeoBay.Grants.Budget;
using NeoBay.Policy;

namespace NeoBay.Functions.Http.Budget;

public static class BudgetJson
{
    public const string PlannedYearBasis = "plannedYear";

    public static BudgetView View(BudgetReport r) =>
        new(r.FiscalYear, PlannedYearBasis, r.Lines.Select(Line).ToList(), r.Unbudgeted.Select(Line).ToList(), Line(r.Total) with { Article = null }, NeoBay.Grants.Common.ETags.ForVersion(r.Version));

    public static CommitmentsView View(int from, int to, IReadOnlyList<CommitmentRow> rows) => CommitmentsView.Of(from, to, rows);

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
