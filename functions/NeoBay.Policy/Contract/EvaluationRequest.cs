namespace NeoBay.Policy;

/// <summary>Who applies. A team or individual carries the USCC of its host organisation.</summary>
public enum ApplicantKind
{
    Enterprise,
    University,
    ResearchInstitute,
    NewRdInstitution,
    Hospital,
    Team,
    Individual,
    Carrier,
    ServiceInstitution,
    InternationalOrganization,
    JournalPublisher,
    ParkOperator,
}

public sealed record Applicant(ApplicantKind Kind, string Uscc, string? Name, bool InZone, bool IsSme);

/// <summary>The project the application is for; (applicant USCC, Key) identifies it for 从优就高不重复.</summary>
public sealed record ProjectRef(string Key, string? Name);

/// <summary>Support the applicant declares from another city policy for the same project (rule 10b).</summary>
public sealed record OtherSupport(string Policy, long AmountFen);

/// <summary>
/// One person of an A11.2 allowance application. <see cref="PersonKey"/> is the keyed hash of the person's
/// identity number (common.14, <see cref="PersonIdentity"/>); the number itself is never kept.
/// </summary>
public sealed record PersonFact(string Category, string? Name, string? PersonKey);

/// <summary>
/// A fact as declared by the applicant. Exactly one of the values is set.
/// Money facts are yuan as decimals; the engine converts them to fen.
/// </summary>
public sealed record FactValue
{
    public decimal? Number { get; init; }
    public bool? Flag { get; init; }
    public string? Text { get; init; }
    public IReadOnlyList<PersonFact>? Persons { get; init; }

    public static FactValue Of(decimal number) => new() { Number = number };
    public static FactValue Of(bool flag) => new() { Flag = flag };
    public static FactValue Of(string text) => new() { Text = text };
    public static FactValue Of(IReadOnlyList<PersonFact> persons) => new() { Persons = persons };
}

/// <summary>One application or quote, as the engine sees it. No clock: the date comes in.</summary>
public sealed record EvaluationRequest(
    string Measure,
    DateOnly SubmittedOn,
    Applicant Applicant,
    ProjectRef? Project,
    IReadOnlyDictionary<string, FactValue> Facts,
    IReadOnlyList<OtherSupport> OtherSupport);

/// <summary>
/// An award the applicant already holds (from its grants): the engine's <c>history</c>.
/// AmountFen is the total committed under that award. FiscalYear is the year an annual claim
/// (A05.2, A06.1, A10.3, A13.2) was for, or the year an A09.4 voucher quota was granted; null otherwise.
/// </summary>
public sealed record PriorAward(string Measure, string? ProjectKey, string? Tier, long AmountFen, int? FiscalYear = null)
{
    /// <summary>common.14: the persons an A11.2 award supports (category and person key).</summary>
    public IReadOnlyList<PersonFact> Persons { get; init; } = [];
}
