using System.Text.Json.Serialization;
using NeoBay.Contracts.Applications;
using NeoBay.Grants.Matching;

namespace NeoBay.Contracts.Matching;

/// <summary>
/// <c>PUT/GET /api/me/profile</c>: the profile as saved, in the match body's shape (A11.2 persons by category only: identity
/// numbers are not kept), with its version and when it was saved.
/// </summary>
public sealed record ProfileResponse(
    DateOnly SubmittedOn,
    ApplicantResponse Applicant,
    ProjectResponse? Project,
    IReadOnlyDictionary<string, FactResponse> Facts,
    IReadOnlyList<OtherSupportResponse> OtherSupport,
    int Version,
    DateTimeOffset SavedAt)
{
    public static ProfileResponse From(SavedProfile saved)
    {
        var request = ApplicationMapper.ToParts(saved.Profile);
        return new ProfileResponse(saved.Profile.SubmittedOn, request.Applicant, request.Project, request.Facts, request.OtherSupport, saved.Version, saved.SavedAt);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ProfileResponse))]
public sealed partial class ProfileJsonContext : JsonSerializerContext;
