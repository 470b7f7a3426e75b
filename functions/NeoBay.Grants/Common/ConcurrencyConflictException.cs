using NeoBay.Policy;

namespace NeoBay.Grants.Common;

/// <summary>A conditional write lost the race (HTTP 412 from storage): re-read and decide again.</summary>
public sealed class ConcurrencyConflictException(string message, Exception? inner = null) : Exception(message, inner);
