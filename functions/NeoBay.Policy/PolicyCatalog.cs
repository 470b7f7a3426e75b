namespace NeoBay.Policy;

/// <summary>The measures, loaded from the YAML catalog. (Skeleton: the policy-engine work fills it in.)</summary>
public sealed class PolicyCatalog;
