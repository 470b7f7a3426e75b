using NeoBay.Policy;

namespace NeoBay.Contracts;

/// <summary>Fen (storage) → yuan (wire) for the mappers.</summary>
public static class ContractMoney
{
    /// <summary>Yuan with two decimals; null stays null (an amount not known yet).</summary>
    public static decimal? Yuan(long? fen) => fen is { } value ? Money.ToYuan(value) : null;
}
