using NeoBay.Grants.Common;


namespace NeoBay.Grants.Applications;

/// <summary>Where an application is. Wire names are lower camel case (<see cref="StatusNames"/>).</summary>
public enum ApplicationStatus
{
    Submitted,
    Evaluating,
    Eligible,
    Ineligible,
    Approved,
    Rejected,
    Withdrawn,
    EvaluationFailed,
}
