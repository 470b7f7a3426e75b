using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

internal static class CapCalculator
{
    /// <summary>common.5: min(requestedAmount, cap).</summary>
    public static long Amount(Evaluation e, CapParameters p) => e.RequestedWithinCap(p.CapFen, "cap");
}
