namespace NeoBay.Policy.Tests.Calculations;

/// <summary>The embedded catalog, its engine and a request builder for the per-kind tests.</summary>
internal static class KindTesting
{
    public static readonly PolicyCatalog Catalog = PolicyCatalog.LoadEmbedded();
    public static readonly PolicyEngine Engine = new(Catalog);
    public const string ApplicantUscc = "91330100799655058B";

    public static MeasureDefinition Measure(string code) => Catalog.TryGet(code, out var m) ? m : throw new InvalidOperationException(code);

    public static EvaluationRequest Request(string measure, params (string Fact, FactValue Value)[] facts) =>
        Request(measure, ApplicantKind.Enterprise, facts);

    public static EvaluationRequest Request(string measure, ApplicantKind kind, params (string Fact, FactValue Value)[] facts) =>
        new(measure, new DateOnly(2025, 6, 1), new Applicant(kind, ApplicantUscc, null, true, false), new ProjectRef("P-1", null),
            facts.ToDictionary(f => f.Fact, f => f.Value), []);

    public static Decision Evaluate(EvaluationRequest request, params PriorAward[] history) => Engine.Evaluate(request, history);

}
