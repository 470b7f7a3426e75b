using System.Globalization;

namespace NeoBay.Policy;

/// <summary>Money at the edge of the engine: yuan (decimal, ≤ 2 decimals) in, fen (long) inside (common rule 3).</summary>
public static class Money
{
    /// <summary>Largest yuan figure accepted: 10^12.</summary>
    public const decimal MaxYuan = 1_000_000_000_000m;

    /// <summary>Converts yuan to fen when it has at most two decimals and lies in [0, 10^12].</summary>
    public static bool TryYuanToFen(decimal yuan, out long fen)
    {
        fen = 0;
        if (yuan < 0 || yuan > MaxYuan) return false;
        var scaled = yuan * 100m;
        if (scaled != decimal.Truncate(scaled)) return false;
        fen = (long)scaled;
        return true;
    }

    /// <summary>Fen as yuan with exactly two decimals (e.g. 240000000 → 2400000.00).</summary>
    public static decimal ToYuan(long fen)
    {
        var negative = fen < 0;
        var magnitude = negative ? unchecked((ulong)(-fen)) : (ulong)fen;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, negative, 2);
    }

    /// <summary>rate × base, rounded down to the fen ("不超过", common rule 3).</summary>
    public static long FloorRate(decimal rate, long baseFen) => (long)decimal.Floor(rate * baseFen);

    /// <summary>Fen as invariant yuan text with two decimals, for traces and messages.</summary>
    public static string FormatYuan(long fen)
    {
        if (fen < 0) return "-" + FormatYuan(-fen);
        var (yuan, cents) = Math.DivRem(fen, 100);
        Span<char> text = stackalloc char[24];
        yuan.TryFormat(text, out var length, default, CultureInfo.InvariantCulture);
        text[length++] = '.';
        text[length++] = (char)('0' + cents / 10);
        text[length++] = (char)('0' + cents % 10);
        return new string(text[..length]);
    }

    /// <summary>
    /// Fen as the UTF-8 JSON number of <see cref="ToYuan"/> ("2400000.00", "-0.05"), written into
    /// <paramref name="destination"/> (24 bytes are enough); returns the length. For writing amounts
    /// without formatting a decimal.
    /// </summary>
    internal static int FormatYuanUtf8(long fen, Span<byte> destination)
    {
        var length = 0;
        if (fen < 0) destination[length++] = (byte)'-';
        var magnitude = fen < 0 ? unchecked(0UL - (ulong)fen) : (ulong)fen;
        var (yuan, cents) = Math.DivRem(magnitude, 100UL);
        yuan.TryFormat(destination[length..], out var digits, default, CultureInfo.InvariantCulture);
        length += digits;
        destination[length++] = (byte)'.';
        destination[length++] = (byte)('0' + cents / 10);
        destination[length++] = (byte)('0' + cents % 10);
        return length;
    }

    /// <summary>A rate as a percentage text (0.2 → "20%").</summary>
    public static string FormatRate(decimal rate) => (rate * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
