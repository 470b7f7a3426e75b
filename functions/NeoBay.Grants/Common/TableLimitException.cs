
namespace NeoBay.Grants.Common;

/// <summary>A write that Azure Table Storage would refuse (Azurite accepts some of them, so we check first).</summary>
public sealed class TableLimitException(string message) : Exception(message);
