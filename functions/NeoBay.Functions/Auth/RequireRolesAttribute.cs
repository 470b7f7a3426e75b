namespace NeoBay.Functions.Auth;

/// <summary>
/// The roles that may call an HTTP function (any one of them). Read by <see cref="AuthMiddleware"/>, the one
/// place where access is enforced. An HTTP function without this attribute or <see cref="AllowAnonymousAttribute"/>
/// needs a valid token with any role.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequireRolesAttribute(params string[] roles) : Attribute
{
    public IReadOnlyList<string> Roles { get; } = roles;
}

/// <summary>
/// An HTTP function anyone may call (health, catalog, quotes). With <see cref="ReadsCaller"/>, a Bearer token that is
/// sent is validated (401 when it is not valid) and its caller handed to the function (match: the applicant's history).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllowAnonymousAttribute : Attribute
{
    public bool ReadsCaller { get; init; }
}
