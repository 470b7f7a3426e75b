using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NeoBay.Policy;

namespace NeoBay.Grants.Payments;

/// <summary>The two files of a payment instruction, their bytes and SHA-256 (lower-case hex).</summary>
public sealed record PaymentFiles(byte[] Payees, string PayeesSha256, byte[] Lines, string LinesSha256);

/// <summary>
/// The payment instruction for the finance bureau (pure, deterministic: the same batch gives the same bytes). CSV,
/// UTF-8 with BOM, CRLF. File 1: a header (batch, fiscal year, funding line, count, sum), then one row per payee with
/// the full account and its total. File 2: a header (batch, count of lines, sum), then every line with its row.
/// </summary>
public static class PaymentFile
{
    public const string PayeesHeader = "batch,fiscalYear,fundingLine,count,sum";
    public const string PayeesColumns = "row,accountName,bank,branch,accountNumber,cnaps,amount,lines,uscc";
    public const string LinesHeader = "batch,count,sum";
    public const string LinesColumns = "row,grant,fiscalYear,component,amount";

    public static PaymentFiles Build(BatchContent content)
    {
        var b = content.Batch;
        var payees = new StringBuilder();
        Row(payees, PayeesHeader);
        Row(payees, Csv(b.Id), Num(b.FiscalYear), Csv(b.FundingLine), Num(content.Payees.Count), Money.FormatYuan(content.Payees.Sum(p => p.AmountFen)));
        Row(payees, PayeesColumns);
        foreach (var p in content.Payees.OrderBy(p => p.Row))
        {
            Row(payees, Num(p.Row), Csv(p.AccountName), Csv(p.Bank), Csv(p.Branch), Csv(p.AccountNumber), Csv(p.Cnaps), Money.FormatYuan(p.AmountFen), Num(p.LineCount), Csv(p.Uscc));
        }

        var rowOf = content.Payees.ToDictionary(p => (p.Uscc, p.PayeeVersion), p => p.Row);
        var lines = new StringBuilder();
        Row(lines, LinesHeader);
        Row(lines, Csv(b.Id), Num(content.Items.Count), Money.FormatYuan(content.Items.Sum(i => i.AmountFen)));
        Row(lines, LinesColumns);
        foreach (var (row, i) in content.Items.Select(i => (rowOf[(i.Uscc, i.PayeeVersion)], i))
                     .OrderBy(x => x.Item1).ThenBy(x => x.i.GrantId, StringComparer.Ordinal).ThenBy(x => x.i.FiscalYear).ThenBy(x => x.i.Component, StringComparer.Ordinal))
        {
            Row(lines, Num(row), Csv(i.GrantId), Num(i.FiscalYear), Csv(i.Component), Money.FormatYuan(i.AmountFen));
        }

        var payeeBytes = Encode(payees);
        var lineBytes = Encode(lines);
        return new PaymentFiles(payeeBytes, Sha256(payeeBytes), lineBytes, Sha256(lineBytes));
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet does not run it as a formula.</summary>
    public static string Csv(string? value)
    {
        value ??= string.Empty;
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static void Row(StringBuilder text, params string[] cells) => text.Append(string.Join(',', cells)).Append("\r\n");

    private static byte[] Encode(StringBuilder text) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
}
