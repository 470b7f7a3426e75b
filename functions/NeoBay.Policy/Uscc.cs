namespace NeoBay.Policy;

/// <summary>Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters and a check character.</summary>
public static class Uscc
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>The value of each ASCII character in <see cref="Alphabet"/>, -1 for the others.</summary>
    private static readonly sbyte[] Values = BuildValues();

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++) values[Alphabet[i]] = (sbyte)i;
        return values;
    }

    private static int ValueOf(char c) => c < 128 ? Values[c] : -1;

    /// <summary>True when <paramref name="code"/> has 18 characters of the GB 32100 alphabet and the right check character.</summary>
    public static bool IsValid(string? code)
    {
        if (code is null || code.Length != 18) return false;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = ValueOf(code[i]);
            if (v < 0) return false;
            sum += v * Weights[i];
        }
        var check = 31 - sum % 31;
        if (check == 31) check = 0;
        return code[17] == Alphabet[check];
    }

    /// <summary>The check character for the first 17 characters, or null if they are not of the alphabet.</summary>
    public static char? CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17) return null;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = ValueOf(first17[i]);
            if (v < 0) return null;
            sum += v * Weights[i];
        }
        var check = 31 - sum % 31;
        return Alphabet[check == 31 ? 0 : check];
    }
}
