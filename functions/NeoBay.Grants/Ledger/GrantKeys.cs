using System.Security.Cryptography;
using System.Text;

namespace NeoBay.Grants.Ledger;

public static class GrantKeys
{
    /// <summary>Renewal shards: the yearly run sends one message per shard.</summary>
    public const int ShardCount = 16;

    /// <summary>The grant of an application: one per application, so a retried approval cannot make a second.</summary>
    public static string ForApplication(string applicationId) => "G" + applicationId[1..];

    /// <summary>The application a grant was made for (the inverse of <see cref="ForApplication"/>).</summary>
    public static string ApplicationOf(string grantId) => "A" + grantId[1..];

    /// <summary>Stable shard of a grant (FNV-1a of its id).</summary>
    public static int Shard(string grantId)
    {
        uint hash = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(grantId))
        {
            hash = (hash ^ b) * 16777619;
        }

        return (int)(hash % ShardCount);
    }

    public static string ShardPartition(int shard) => $"shard-{shard:D2}";

    public static string LineRowKey(int fiscalYear, string component) => $"line-{fiscalYear}-{component}";
}
