using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

internal static class ProportionalCalculator
{
    /// <summary>common.4: min(floor_fen(rate × base), cap).</summary>
    public static long Amount(Evaluation e, ProportionalParameters p) => e.RateOfBase(p.BaseFact, p.Rate, p.CapFen, "proportional", "rate");
}
