using NeoBay.Policy;

namespace NeoBay.Grants.Common;

public static class ETags
{
    public static string ForVersion(int version) => $"\"v{version}\"";

    /// <summary>
    /// True when an If-Match header names exactly this version with a strong tag. <c>*</c> and weak tags do not
    /// count: a change needs proof that the caller read the current version.
    /// </summary>
    public static bool MatchesStrong(string? ifMatch, int version) =>
        !string.IsNullOrWhiteSpace(ifMatch) && ifMatch.Split(',').Any(tag => tag.Trim() == ForVersion(version));

    /// <summary>True when an If-None-Match header names this version (weak comparison, or <c>*</c>).</summary>
    public static bool Matches(string? ifMatch, int version)
    {
        if (string.IsNullOrWhiteSpace(ifMatch)) return false;
        foreach (var raw in ifMatch.Split(','))
        {
            var tag = raw.Trim();
            if (tag == "*") return true;
            if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
            if (tag == ForVersion(version)) return true;
        }

        return false;
    }
}
