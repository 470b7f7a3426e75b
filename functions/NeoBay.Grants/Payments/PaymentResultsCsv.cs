using System.Globalization;
using NeoBay.Grants.Common;
using NeoBay.Policy;

namespace NeoBay.Grants.Payments;

/// <summary>
/// The bank's results as CSV (UTF-8, BOM optional): header <c>row,amount,result,paidOn,reason</c>, then one line per row
/// of the payment file, e.g. <c>1,4234567.89,paid,2026-12-03,</c> or <c>2,1500000.01,returned,,账户已销户</c>.
/// </summary>
public static class PaymentResultsCsv
{
    public const string Header = "row,amount,result,paidOn,reason";

    public static Result<IReadOnlyList<PaymentResultRow>> Parse(string text)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0 || lines[0].Trim() != Header)
            return new UseCaseError(ErrorKind.Validation, "InvalidResultsFile.Header", "line 1", [Header]);
        var rows = new List<PaymentResultRow>();
        for (var i = 1; i < lines.Count; i++)
        {
            var cells = Cells(lines[i]);
            var at = $"line {i + 1}";
            if (cells.Count != 5 || !int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out var row) ||
                !decimal.TryParse(cells[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan) || !Money.TryYuanToFen(yuan, out var fen))
                return new UseCaseError(ErrorKind.Validation, "InvalidResultsFile.Line", at, [i + 1]);
            DateOnly? paidOn = null;
            if (cells[3].Length > 0)
            {
                if (!DateOnly.TryParseExact(cells[3], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    return new UseCaseError(ErrorKind.Validation, "InvalidResultsFile.PaidOn", at, [i + 1]);
                paidOn = date;
            }

            rows.Add(new PaymentResultRow(row, fen, cells[2].Trim(), paidOn, cells[4].Length > 0 ? cells[4] : null));
        }

        return Result<IReadOnlyList<PaymentResultRow>>.Ok(rows);
    }

    /// <summary>RFC 4180 cells of one line (quotes, doubled quotes).</summary>
    private static List<string> Cells(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
