
namespace NeoBay.Grants.Simulations;

/// <summary>Job ids: 32 lower-case hex digits, random, or derived from the caller and an <c>Idempotency-Key</c>.</summary>
public static class SimulationIds
{
    public static string New() => Guid.NewGuid().ToString("N");

    public static string For(string caller, string idempotencyKey) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(caller + "\n" + idempotencyKey)))[..32];

    public static bool IsValid(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}
