using System.Text;

namespace NeoBay.Grants.Payments;

/// <summary>The form of a payee account (pure). Names are compared after NFKC (full-width brackets = half-width) and trimming.</summary>
public static class PayeeRules
{
    public const int MinAccountDigits = 8;
    public const int MaxAccountDigits = 32;
    public const int CnapsDigits = 12;
    public const int MaxTextLength = 100;

    /// <summary>The account number as digits only (spaces and dashes dropped), or null when it is not 8–32 digits.</summary>
    public static string? NormaliseAccountNumber(string? number)
    {
        if (number is null) return null;
        var digits = new StringBuilder();
        foreach (var c in number)
        {
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (c is not (' ' or '-')) return null;
        }

        return digits.Length is >= MinAccountDigits and <= MaxAccountDigits ? digits.ToString() : null;
    }

    /// <summary>CNAPS bank code (大额支付系统行号): exactly 12 digits.</summary>
    public static bool IsCnaps(string? code) => code is { Length: CnapsDigits } && code.All(char.IsAsciiDigit);

    /// <summary>Everywhere but the payment file: the last four digits only.</summary>
    public static string Mask(string accountNumber) => "****" + (accountNumber.Length > 4 ? accountNumber[^4..] : accountNumber);

    public static string NormaliseName(string? name) => (name ?? string.Empty).Normalize(NormalizationForm.FormKC).Trim();

    /// <summary>The account name equals the applicant's registered name.</summary>
    public static bool SameName(string? accountName, string? registeredName) =>
        NormaliseName(accountName) is { Length: > 0 } a && string.Equals(a, NormaliseName(registeredName), StringComparison.Ordinal);

    /// <summary>Bank and branch: printable text of 1–100 characters.</summary>
    public static bool IsText(string? value) => NormaliseName(value) is { Length: > 0 and <= MaxTextLength } v && !v.Any(char.IsControl);
}
