namespace NeoBay.Grants.Common;

public static class Roles
{
    public const string Applicant = "applicant";
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";
    public const string Integrator = "integrator";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Applicant, Reviewer, Admin, Integrator };
}

/// <summary>
/// Who calls, from a validated token: an applicant bound to one USCC, a reviewer, an admin, or an
/// integrator acting for the USCCs that authorised it (claim <c>for</c>).
/// </summary>
public sealed record Caller(string Subject, IReadOnlySet<string> Roles, string? Uscc, IReadOnlyList<string> ActsFor)
{
    /// <summary>Where the auth middleware leaves the caller: <c>HttpContext.Items[ItemKey]</c>.</summary>
    public const string ItemKey = "NeoBay.Caller";

    /// <summary>The subject of a WeChat sign-in: this prefix, then the WeChat union or open id (personal data).</summary>
    public const string WeChatSubjectPrefix = "wx:";

    /// <summary>Who acted, for logs: staff and integrators by their subject, a WeChat user never by its identity.</summary>
    public string LogLabel => Subject.StartsWith(WeChatSubjectPrefix, StringComparison.Ordinal) ? "applicant of " + (Uscc ?? "no organisation") : Subject;

    public bool IsReviewer => Roles.Contains(Common.Roles.Reviewer) || Roles.Contains(Common.Roles.Admin);

    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>True when this caller may act for (submit as, read the records of) the given applicant.</summary>
    public bool ActsForApplicant(string uscc) =>
        (Roles.Contains(Common.Roles.Applicant) && string.Equals(Uscc, uscc, StringComparison.Ordinal)) ||
        (Roles.Contains(Common.Roles.Integrator) && ActsFor.Contains(uscc, StringComparer.Ordinal));

    /// <summary>Reviewers and admins see everything; others only what they act for. Invisible answers 404.</summary>
    public bool CanSee(string uscc) => IsReviewer || ActsForApplicant(uscc);

    public static Caller Create(string subject, IEnumerable<string> roles, string? uscc = null, IEnumerable<string>? actsFor = null) =>
        new(subject, new HashSet<string>(roles, StringComparer.Ordinal), uscc, (actsFor ?? []).ToArray());
}
