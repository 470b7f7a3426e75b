using NeoBay.Grants.Common;

namespace NeoBay.Grants.Applications;

/// <summary>Reading an application as a caller may see it, and the errors every application use case answers alike.</summary>
public static class ApplicationVisibility
{
    /// <summary>The application, or null when the id is malformed, unknown or another applicant's (reviewers see every one).</summary>
    public static async Task<ApplicationRecord?> FindVisibleAsync(this IApplicationStore applications, Caller caller, string applicationId,
        CancellationToken cancellationToken = default)
    {
        if (!ApplicationKeys.IsWellFormed(applicationId)) return null;
        var application = await applications.GetAsync(applicationId, cancellationToken);
        return application is not null && caller.CanSee(application.ApplicantUscc) ? application : null;
    }

    public static UseCaseError NotFound() => UseCaseError.NotFound("NotFound.Application");

    public static UseCaseError InvalidTransition(ApplicationStatus from, ApplicationStatus to) =>
        new(ErrorKind.Conflict, "InvalidTransition.Application", "status", [from.ToWire(), to.ToWire()]);
}
