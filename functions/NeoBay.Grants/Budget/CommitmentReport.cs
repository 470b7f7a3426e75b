using System.Globalization;
using System.Text;
using NeoBay.Policy;

namespace NeoBay.Grants.Budget;

/// <summary>
/// One row of the commitments report (fen), by the line's planned fiscal year (docs/budget.md): approved = everything
/// committed in the year (still live or lapsed), scheduled = committed and not yet issued, issued, lapsed.
/// </summary>
public sealed record CommitmentRow(int FiscalYear, string Article, long ApprovedFen, long ScheduledFen, long IssuedFen, long LapsedFen);

/// <summary>The report of <c>GET /admin/reports/commitments</c> and <c>neobay report</c>: fiscal year × article, from the counters only.</summary>
public static class CommitmentReport
{
    public const string Basis = "plannedYear";

    public static IReadOnlyList<CommitmentRow> Rows(IEnumerable<BudgetYear> years) =>
        years.SelectMany(y => y.Counters.GroupBy(c => BudgetKeys.ArticleOf(c.Measure)).Select(g =>
        {
            var committed = g.Sum(c => c.CommittedFen);
            var issued = g.Sum(c => c.IssuedFen);
            var lapsed = g.Sum(c => c.LapsedFen);
            return new CommitmentRow(y.FiscalYear, g.Key, committed + lapsed, committed - issued, issued, lapsed);
        }))
        .Where(r => r.ApprovedFen != 0 || r.IssuedFen != 0)
        .OrderBy(r => r.FiscalYear).ThenBy(r => r.Article, StringComparer.Ordinal).ToList();

    /// <summary>CSV for Excel: UTF-8 with a byte order mark (so Chinese headers open correctly), CRLF, amounts in yuan.</summary>
    public static byte[] Csv(IReadOnlyList<CommitmentRow> rows)
    {
        var text = new StringBuilder();
        text.Append("财年 fiscalYear,条款 article,已批准 approved,已排期 scheduled,已拨付 issued,已失效 lapsed\r\n");
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.FiscalYear},{r.Article},{Yuan(r.ApprovedFen)},{Yuan(r.ScheduledFen)},{Yuan(r.IssuedFen)},{Yuan(r.LapsedFen)}\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Yuan(long fen) => Money.ToYuan(fen).ToString("0.00", CultureInfo.InvariantCulture);
}
