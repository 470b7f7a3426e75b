using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NeoBay.Policy;

/// <summary>What part of a grant a schedule line pays.</summary>
public enum ComponentKind
{
    /// <summary>"grant": one payment on approval, or the reviewer's amount (common.6).</summary>
    Grant,
    /// <summary>"stage-{n}" (common.7).</summary>
    Stage,
    /// <summary>"construction" (A05.1, A06.2).</summary>
    Construction,
    /// <summary>"operating-{year}" (common.8).</summary>
    Operating,
    /// <summary>"startup" (A04.3, A16.2, A16.3).</summary>
    Startup,
    /// <summary>"equity": equity or debt-to-equity funds, not a grant (A04.3).</summary>
    Equity,
    /// <summary>"claim-{fiscalYear}" (common.9).</summary>
    Claim,
    /// <summary>"person-{n}-year-{year}" (A11.2).</summary>
    PersonYear,
    /// <summary>"person-{n}-once" (A11.2).</summary>
    PersonOnce,
    /// <summary>"person-{n}-completion" (A11.2).</summary>
    PersonCompletion,
    /// <summary>"quota": a year's voucher quota (A09.4).</summary>
    Quota,
    /// <summary>"redemption": one voucher redemption (A09.4).</summary>
    Redemption,
}

/// <summary>
/// A schedule/ledger component as a typed value. <see cref="ToString"/> is the storage text ("stage-1",
/// "operating-2", "claim-2024", "person-3-year-2", …), unchanged from the strings stored before, so rows
/// and row keys keep their keys; <see cref="TryParse"/> reads it back.
/// <see cref="Number"/> is the stage, operating year, claimed fiscal year or person (1-based);
/// <see cref="Year"/> the allowance year of a person.
/// </summary>
public readonly record struct LedgerComponent(ComponentKind Kind, int Number = 0, int Year = 0) : ISpanParsable<LedgerComponent>
{
    public static LedgerComponent Grant => new(ComponentKind.Grant);
    public static LedgerComponent Construction => new(ComponentKind.Construction);
    public static LedgerComponent Startup => new(ComponentKind.Startup);
    public static LedgerComponent Equity => new(ComponentKind.Equity);
    public static LedgerComponent Quota => new(ComponentKind.Quota);
    public static LedgerComponent Redemption => new(ComponentKind.Redemption);
    public static LedgerComponent Stage(int n) => new(ComponentKind.Stage, Positive(n));
    public static LedgerComponent Operating(int year) => new(ComponentKind.Operating, Positive(year));
    public static LedgerComponent Claim(int fiscalYear) => new(ComponentKind.Claim, Positive(fiscalYear));
    public static LedgerComponent PersonYear(int person, int year) => new(ComponentKind.PersonYear, Positive(person), Positive(year));
    public static LedgerComponent PersonOnce(int person) => new(ComponentKind.PersonOnce, Positive(person));
    public static LedgerComponent PersonCompletion(int person) => new(ComponentKind.PersonCompletion, Positive(person));

    /// <summary>The A11.2 person this component pays, or null.</summary>
    public int? Person => Kind is ComponentKind.PersonYear or ComponentKind.PersonOnce or ComponentKind.PersonCompletion ? Number : null;

    public override string ToString() => Cached.TryGet(this) ?? Format();

    private string Format() => Kind switch
    {
        ComponentKind.Grant => "grant",
        ComponentKind.Construction => "construction",
        ComponentKind.Startup => "startup",
        ComponentKind.Equity => "equity",
        ComponentKind.Quota => "quota",
        ComponentKind.Redemption => "redemption",
        ComponentKind.Stage => "stage-" + Text(Number),
        ComponentKind.Operating => "operating-" + Text(Number),
        ComponentKind.Claim => "claim-" + Text(Number),
        ComponentKind.PersonYear => "person-" + Text(Number) + "-year-" + Text(Year),
        ComponentKind.PersonOnce => "person-" + Text(Number) + "-once",
        ComponentKind.PersonCompletion => "person-" + Text(Number) + "-completion",
        _ => throw new InvalidOperationException($"unknown component kind {Kind}"),
    };

    /// <summary>
    /// The texts of the components a quote writes, made once: without them an A11.2 quote of three persons
    /// allocates 4.6 KB instead of under 4 KB (docs/benchmarks.md). Read-only after the type loads.
    /// </summary>
    private static class Cached
    {
        private const int Persons = 32, Years = 10, FirstClaimYear = 2000, ClaimYears = 100;
        private static readonly string[] Fixed = Build(Enum.GetValues<ComponentKind>().Length, k => (ComponentKind)k is ComponentKind.Grant or ComponentKind.Construction or ComponentKind.Startup
            or ComponentKind.Equity or ComponentKind.Quota or ComponentKind.Redemption ? new LedgerComponent((ComponentKind)k).Format() : "");
        private static readonly string[] Stages = Build(Years + 1, n => n == 0 ? "" : Stage(n).Format());
        private static readonly string[] OperatingYears = Build(Years + 1, n => n == 0 ? "" : Operating(n).Format());
        private static readonly string[] Claims = Build(ClaimYears, n => Claim(FirstClaimYear + n).Format());
        private static readonly string[] PersonYears = Build((Persons + 1) * (Years + 1), i => i / (Years + 1) == 0 || i % (Years + 1) == 0 ? "" : PersonYear(i / (Years + 1), i % (Years + 1)).Format());
        private static readonly string[] PersonOnces = Build(Persons + 1, n => n == 0 ? "" : PersonOnce(n).Format());
        private static readonly string[] PersonCompletions = Build(Persons + 1, n => n == 0 ? "" : PersonCompletion(n).Format());

        public static string? TryGet(LedgerComponent c) => c.Kind switch
        {
            ComponentKind.Stage => At(Stages, c.Number),
            ComponentKind.Operating => At(OperatingYears, c.Number),
            ComponentKind.Claim => At(Claims, c.Number - FirstClaimYear),
            ComponentKind.PersonYear => c.Year <= Years ? At(PersonYears, c.Number * (Years + 1) + c.Year) : null,
            ComponentKind.PersonOnce => At(PersonOnces, c.Number),
            ComponentKind.PersonCompletion => At(PersonCompletions, c.Number),
            _ => At(Fixed, (int)c.Kind),
        };

        private static string? At(string[] texts, int i) => (uint)i < (uint)texts.Length && texts[i].Length > 0 ? texts[i] : null;

        private static string[] Build(int length, Func<int, string> text) => Enumerable.Range(0, length).Select(text).ToArray();
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out LedgerComponent component) => TryParse(text.AsSpan(), out component);

    public static bool TryParse(ReadOnlySpan<char> text, out LedgerComponent component)
    {
        component = default;
        switch (text)
        {
            case "grant": component = Grant; return true;
            case "construction": component = Construction; return true;
            case "startup": component = Startup; return true;
            case "equity": component = Equity; return true;
            case "quota": component = Quota; return true;
            case "redemption": component = Redemption; return true;
        }
        if (TryNumbered(text, "stage-", out var n)) { component = Stage(n); return true; }
        if (TryNumbered(text, "operating-", out n)) { component = Operating(n); return true; }
        if (TryNumbered(text, "claim-", out n)) { component = Claim(n); return true; }
        if (!text.StartsWith("person-")) return false;
        var rest = text["person-".Length..];
        var dash = rest.IndexOf('-');
        if (dash < 0 || !TryNumber(rest[..dash], out var person)) return false;
        var tail = rest[(dash + 1)..];
        if (tail is "once") { component = PersonOnce(person); return true; }
        if (tail is "completion") { component = PersonCompletion(person); return true; }
        if (TryNumbered(tail, "year-", out var year)) { component = PersonYear(person, year); return true; }
        return false;
    }

    public static LedgerComponent Parse(string text) =>
        TryParse(text, out var c) ? c : throw new FormatException($"'{text}' is not a ledger component");

    static LedgerComponent IParsable<LedgerComponent>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<LedgerComponent>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out LedgerComponent result) => TryParse(s, out result);

    static LedgerComponent ISpanParsable<LedgerComponent>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) =>
        TryParse(s, out var c) ? c : throw new FormatException($"'{s}' is not a ledger component");

    static bool ISpanParsable<LedgerComponent>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out LedgerComponent result) => TryParse(s, out result);

    private static bool TryNumbered(ReadOnlySpan<char> text, string prefix, out int n)
    {
        n = 0;
        return text.StartsWith(prefix, StringComparison.Ordinal) && TryNumber(text[prefix.Length..], out n);
    }

    // Canonical digits only ("1", not "01" or "+1"), so parse and ToString round-trip.
    private static bool TryNumber(ReadOnlySpan<char> digits, out int n) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out n) && n > 0 && digits[0] != '0';

    private static int Positive(int n) => n > 0 ? n : throw new ArgumentOutOfRangeException(nameof(n), n, "a component number is positive");

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A09.4: who holds a voucher. <see cref="HolderKinds.Name"/> is the stored text ("sme", "team").</summary>
public enum VoucherHolderKind
{
    /// <summary>A technology-based SME (科技型中小企业).</summary>
    Sme,
    /// <summary>A start-up team (创业团队).</summary>
    Team,
}

/// <summary>The stored names of <see cref="VoucherHolderKind"/> and the applicant kind each stands for.</summary>
public static class HolderKinds
{
    public static VoucherHolderKind Of(ApplicantKind kind) => kind == ApplicantKind.Team ? VoucherHolderKind.Team : VoucherHolderKind.Sme;

    public static string Name(VoucherHolderKind holder) => holder == VoucherHolderKind.Team ? "team" : "sme";

    public static string NameOf(ApplicantKind kind) => Name(Of(kind));

    /// <summary>The applicant kind a stored holder name stands for ("team" → Team, anything else → Enterprise).</summary>
    public static ApplicantKind ApplicantKindOf(string? holderName) => holderName == "team" ? ApplicantKind.Team : ApplicantKind.Enterprise;
}
