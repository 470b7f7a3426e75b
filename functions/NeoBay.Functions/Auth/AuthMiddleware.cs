using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using NeoBay.Functions.Http;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;

namespace NeoBay.Functions.Auth;

/// <summary>
/// Authentication and role checks for every HTTP function, in one place: finds the function's method from
/// <c>FunctionDefinition.EntryPoint</c>, reads its <see cref="RequireRolesAttribute"/>, validates the Bearer
/// token, leaves the <see cref="Caller"/> in <c>HttpContext.Items[Caller.ItemKey]</c>, and answers 401/403
/// problem+json itself. Non-HTTP invocations (queues, timers) pass through.
/// </summary>
public sealed class AuthMiddleware(TokenValidator tokens, ILogger<AuthMiddleware> logger) : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, AccessRule> Rules = new(StringComparer.Ordinal);

    /// <summary>What a function's method asks for: nothing (anonymous), any role, or one of some roles.</summary>
    public sealed record AccessRule(bool Anonymous, IReadOnlyList<string> Roles)
    {
        /// <summary>Anonymous, but a token that is sent is validated and its caller kept.</summary>
        public bool ReadsCaller { get; init; }
    }

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext();
        if (http is null)
        {
            await next(context);
            return;
        }

        var rule = RuleFor(context.FunctionDefinition.EntryPoint);
        var authorization = http.Request.Headers.Authorization.ToString();
        if (rule.Anonymous && !(rule.ReadsCaller && authorization.Length > 0))
        {
            await next(context);
            return;
        }

        var (caller, failure) = await tokens.ValidateAsync(authorization, http.RequestAborted);
        if (caller is null)
        {
            logger.LogInformation("Refused {Function}: {Code}", context.FunctionDefinition.Name, failure!.Code);
            var problem = Problems.Create(failure.Status, failure.Key, http.Request, null, failure.Args ?? []);
            problem.WithHeader(failure.Status == StatusCodes.Status401Unauthorized ? "WWW-Authenticate" : "Retry-After", failure.Status == StatusCodes.Status401Unauthorized ? "Bearer" : "5");
            await problem.WriteToAsync(http.Response);
            return;
        }

        if (rule.Roles.Count > 0 && !rule.Roles.Any(caller.IsInRole))
        {
            // Roles, never the subject: an applicant's subject carries its WeChat openid.
            logger.LogInformation("Forbidden {Function} for roles {Roles}", context.FunctionDefinition.Name, string.Join(",", caller.Roles));
            await Problems.Create(StatusCodes.Status403Forbidden, "Forbidden.Role", http.Request)
                .WriteToAsync(http.Response);
            return;
        }

        http.Items[Caller.ItemKey] = caller;
        await next(context);
    }

    /// <summary>The access rule of an entry point (<c>Namespace.Type.Method</c>); unknown methods need a token.</summary>
    public static AccessRule RuleFor(string entryPoint) => Rules.GetOrAdd(entryPoint, static entry =>
    {
        var method = FindMethod(entry);
        if (method?.GetCustomAttribute<AllowAnonymousAttribute>() is { } anonymous) return new AccessRule(true, []) { ReadsCaller = anonymous.ReadsCaller };
        return new AccessRule(false, method?.GetCustomAttribute<RequireRolesAttribute>()?.Roles ?? []);
    });

    private static MethodInfo? FindMethod(string entryPoint)
    {
        var dot = entryPoint.LastIndexOf('.');
        if (dot <= 0) return null;
        var type = typeof(AuthMiddleware).Assembly.GetType(entryPoint[..dot]) ?? Type.GetType(entryPoint[..dot]);
        return type?.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .FirstOrDefault(m => m.Name == entryPoint[(dot + 1)..]);
    }
}

/// <summary>Reading the caller the middleware left for the function.</summary>
public static class CallerAccess
{
    public static Caller? GetCaller(this HttpRequest request) => request.HttpContext.Items.TryGetValue(Caller.ItemKey, out var value) ? value as Caller : null;
}
