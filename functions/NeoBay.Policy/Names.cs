using System.Globalization;

namespace NeoBay.Policy;

/// <summary>Cached strings for the engine's hot path: small integers, years and schedule component names.</summary>
internal static class Names
{
    private const int MaxCached = 2200;
    private const int MaxPersons = 64;
    private const int MaxYears = 10;

    private static readonly string[] Ints = BuildInts();
    private static readonly string[] Claims = BuildClaims();
    private static readonly string[][] PersonYears = BuildPersonYears();
    private static readonly string[] PersonOnce = BuildPerson("once");
    private static readonly string[] PersonCompletion = BuildPerson("completion");
    private static readonly string[] Operating = Build(MaxYears, i => "operating-" + Int(i));
    private static readonly string[] Stages = Build(MaxYears, i => "stage-" + Int(i));

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Int(int value) =>
        (uint)value < MaxCached ? Ints[value] : value.ToString(CultureInfo.InvariantCulture);

    public static string Claim(int fiscalYear) =>
        (uint)fiscalYear < MaxCached ? Claims[fiscalYear] : "claim-" + fiscalYear.ToString(CultureInfo.InvariantCulture);

    public static string OperatingYear(int year) => year is >= 1 and <= MaxYears ? Operating[year] : "operating-" + Int(year);

    public static string Stage(int n) => n is >= 1 and <= MaxYears ? Stages[n] : "stage-" + Int(n);

    /// <summary>"person-{i}-year-{y}" (1-based).</summary>
    public static string PersonYear(int person, int year) =>
        person is >= 1 and <= MaxPersons && year is >= 1 and <= MaxYears ? PersonYears[person][year] : $"person-{Int(person)}-year-{Int(year)}";

    public static string PersonOnceOf(int person) => person is >= 1 and <= MaxPersons ? PersonOnce[person] : $"person-{Int(person)}-once";

    public static string PersonCompletionOf(int person) => person is >= 1 and <= MaxPersons ? PersonCompletion[person] : $"person-{Int(person)}-completion";

    private static string[] BuildInts()
    {
        var a = new string[MaxCached];
        for (var i = 0; i < a.Length; i++) a[i] = i.ToString(CultureInfo.InvariantCulture);
        return a;
    }

    private static string[] BuildClaims()
    {
        var a = new string[MaxCached];
        for (var i = 0; i < a.Length; i++) a[i] = "claim-" + Ints[i];
        return a;
    }

    private static string[] Build(int max, Func<int, string> name)
    {
        var a = new string[max + 1];
        for (var i = 1; i <= max; i++) a[i] = name(i);
        return a;
    }

    private static string[][] BuildPersonYears()
    {
        var a = new string[MaxPersons + 1][];
        for (var p = 1; p <= MaxPersons; p++) a[p] = Build(MaxYears, y => $"person-{Int(p)}-year-{Int(y)}");
        return a;
    }

    private static string[] BuildPerson(string suffix) => Build(MaxPersons, p => $"person-{Int(p)}-{suffix}");
}
