using NeoBay.Policy.Calculations;

namespace NeoBay.Policy.Tests;

/// <summary>The typed parameters the older tests read across kinds (rate, cap, tiers, categories).</summary>
internal static class TypedParameters
{
    public static decimal? RateOf(this MeasureDefinition m) => m.Calculation switch
    {
        ProportionalParameters p => p.Rate,
        AnnualProportionalParameters p => p.Rate,
        VoucherParameters p => p.Rate,
        _ => null,
    };

    public static long? CapOf(this MeasureDefinition m) => m.Calculation switch
    {
        CapParameters p => p.CapFen,
        ProportionalParameters p => p.CapFen,
        AnnualProportionalParameters p => p.CapFen,
        _ => null,
    };

    public static IReadOnlyList<TierDefinition>? TiersOf(this MeasureDefinition m) => m.Calculation switch
    {
        TieredFixedParameters p => p.Tiers,
        TieredCapParameters p => p.Tiers,
        _ => null,
    };

    /// <summary>The largest amounts a kind can pay at once (cap, start-up cap, construction + operating years, start-up + first operating year, top tier).</summary>
    public static long?[] CapsOf(this MeasureDefinition m) => m.Calculation switch
    {
        CompositeParameters p => [p.StartupCapFen],
        ConstructionOperatingParameters p => [p.ConstructionCapFen + p.OperatingCapFen * p.OperatingYears],
        StartupOperatingParameters p => [p.StartupCapFen, p.StartupCapFen + p.OperatingCapFen],
        _ => [m.CapOf(), m.TiersOf()?.Max(t => t.AmountFen)],
    };
}
