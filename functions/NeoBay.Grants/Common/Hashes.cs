using System.Security.Cryptography;
using System.Text;

namespace NeoBay.Grants.Common;

public static class Hashes
{
    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
