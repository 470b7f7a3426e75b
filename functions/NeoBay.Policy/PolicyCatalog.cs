using System.Reflection;

namespace NeoBay.Policy;

/// <summary>
/// The paying measures of 沪府办规〔2024〕7号 and the common rules, loaded from the YAML catalog
/// (one file per article plus policy.yaml) and validated strictly. Immutable and thread-safe.
/// </summary>
public sealed class PolicyCatalog
{
    private static readonly Lazy<PolicyCatalog> Embedded = new(LoadEmbeddedCore, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, MeasureDefinition> _byCode;

    private IReadOnlyList<PolicyCatalog> _editions;

    internal PolicyCatalog(DateOnly inForceFrom, PolicyInfo policy, IReadOnlyDictionary<string, FactDefinition> facts, IReadOnlyList<MeasureDefinition> measures)
    {
        InForceFrom = inForceFrom;
        _editions = [this];
        Policy = policy;
        Facts = facts;
        Measures = measures;
        _byCode = new Dictionary<string, MeasureDefinition>(StringComparer.Ordinal);
        foreach (var m in measures) _byCode.Add(m.Code, m);
    }

    /// <summary>common.16: the first day this edition of the catalog is in force (the policy's first day for the seed's edition).</summary>
    public DateOnly InForceFrom { get; }

    /// <summary>Every edition, oldest first: one per date on which a dated value takes effect.</summary>
    public IReadOnlyList<PolicyCatalog> Editions => _editions;

    /// <summary>common.16: the edition in force on <paramref name="date"/> (the first edition before its first day).</summary>
    public PolicyCatalog At(DateOnly date)
    {
        var editions = _editions;
        var found = editions[0];
        for (var i = 1; i < editions.Count && editions[i].InForceFrom <= date; i++) found = editions[i];
        return found;
    }

    internal static PolicyCatalog WithEditions(IReadOnlyList<PolicyCatalog> editions)
    {
        foreach (var e in editions) e._editions = editions;
        return editions[0];
    }

    /// <summary>The common rules' parameters (validity window, default stage plan, …).</summary>
    public PolicyInfo Policy { get; }

    /// <summary>Every fact a request may declare, by name.</summary>
    public IReadOnlyDictionary<string, FactDefinition> Facts { get; }

    /// <summary>Every paying measure, ordered by code.</summary>
    public IReadOnlyList<MeasureDefinition> Measures { get; }

    public bool TryGet(string code, out MeasureDefinition measure)
    {
        if (code is not null && _byCode.TryGetValue(code, out var m))
        {
            measure = m;
            return true;
        }
        measure = null!;
        return false;
    }

    /// <summary>The catalog embedded in this assembly (loaded and validated once).</summary>
    public static PolicyCatalog LoadEmbedded() => Embedded.Value;

    /// <summary>
    /// The catalog of a folder of YAML files (policy.yaml and a01.yaml…), or the embedded one when
    /// <paramref name="folder"/> is empty: the district changes figures by dated values in such a folder, without a release.
    /// </summary>
    public static PolicyCatalog LoadFolderOrEmbedded(string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder)) return LoadEmbedded();
        if (!Directory.Exists(folder)) throw new CatalogException(folder, "", "folder not found");
        return Load(Directory.GetFiles(folder, "*.yaml").Select(f => new KeyValuePair<string, string>(Path.GetFileName(f), File.ReadAllText(f))));
    }

    /// <summary>The setting naming a catalog folder to load instead of the embedded catalog (empty: embedded).</summary>
    public const string FolderSetting = "NeoBay:PolicyCatalogPath";

    /// <summary>Loads and validates a catalog from (file name, YAML text) pairs; throws <see cref="CatalogException"/>.</summary>
    public static PolicyCatalog Load(IEnumerable<KeyValuePair<string, string>> files) => CatalogLoader.Load(files);

    private static PolicyCatalog LoadEmbeddedCore() => Load(EmbeddedFiles());

    /// <summary>The embedded catalog's (file name, YAML text) pairs, e.g. for a what-if reform to change.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> EmbeddedFiles()
    {
        var assembly = typeof(PolicyCatalog).Assembly;
        const string prefix = "NeoBay.Policy.Catalog.";
        var files = new List<KeyValuePair<string, string>>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".yaml", StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new CatalogException(name, "", "embedded resource cannot be read");
            using var reader = new StreamReader(stream);
            files.Add(new(name[prefix.Length..], reader.ReadToEnd()));
        }
        return files;
    }
}

/// <summary>The policy document and its common rules' parameters, each cited.</summary>
public sealed record PolicyInfo(
    string Document,
    string TitleZh,
    string TitleEn,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    Citation ValidityCitation,
    IReadOnlyList<StageDefinition> DefaultStages,
    Citation StagesCitation,
    int ClaimYearOffset,
    Citation ClaimYearCitation,
    Citation NoDuplicationCitation)
{
    /// <summary>common.1: the validity dates as the trace shows them (yyyy-MM-dd).</summary>
    internal string ValidFromText { get; } = ValidFrom.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
    internal string ValidToText { get; } = ValidTo.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>common.9: the first and last fiscal years a claim may be for.</summary>
    public int FirstClaimYear { get; init; }
    public int LastClaimYear { get; init; }
    public Citation ClaimYearsCitation { get; init; } = ClaimYearCitation;
    /// <summary>common.10: the readings of 从优就高不重复, as switches.</summary>
    public PolicySwitches Switches { get; init; } = null!;
}

/// <summary>common.10 (c): how a higher first-time tier after a lower one is paid.</summary>
public enum TierTopUp
{
    /// <summary>Only the difference to the higher tier (the reading of 不重复).</summary>
    Difference,
    /// <summary>Each tier's figure in full, as the sentence reads literally.</summary>
    Full,
}

/// <summary>The named switches of common.10, each a reading with its citation; the trace names switch and value.</summary>
public sealed record PolicySwitches(bool NoDuplicationWithinPolicy, Citation NoDuplicationWithinPolicyCitation, TierTopUp FirstTimeTierTopUp, Citation FirstTimeTierTopUpCitation)
{
    public const string NoDuplicationWithinPolicyName = "noDuplicationWithinPolicy";
    public const string FirstTimeTierTopUpName = "firstTimeTierTopUp";

    public string FirstTimeTierTopUpText => FirstTimeTierTopUp == TierTopUp.Full ? "full" : "difference";
}

/// <summary>A catalog file is invalid: names the file and the field.</summary>
public sealed class CatalogException(string file, string field, string problem)
    : Exception($"Policy catalog {file}: {(field.Length == 0 ? "" : field + ": ")}{problem}")
{
    public string File { get; } = file;
    public string Field { get; } = field;
    public string Problem { get; } = problem;
}
