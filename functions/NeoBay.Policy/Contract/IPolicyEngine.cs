namespace NeoBay.Policy;

/// <summary>Pure and deterministic: no clock, no I/O. Thread-safe.</summary>
public interface IPolicyEngine
{
    /// <summary>Every paying measure, loaded and validated from the YAML catalog.</summary>
    PolicyCatalog Catalog { get; }

    Decision Evaluate(EvaluationRequest request, IReadOnlyList<PriorAward> history);
}
