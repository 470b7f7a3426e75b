using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NeoBay.Functions.Auth;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;

namespace NeoBay.Functions.Tests.Auth;

public sealed class AuthMiddlewareTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));

    private AuthMiddleware Middleware() => new(new TokenValidator(DevelopmentTokens.Settings, clock), NullLogger<AuthMiddleware>.Instance);

    private static (FunctionContext Context, HttpContext Http) Invocation(string entryPoint, string? token = null, string? language = null)
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        if (token is not null) http.Request.Headers.Authorization = "Bearer " + token;
        if (language is not null) http.Request.Headers.AcceptLanguage = language;
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.EntryPoint).Returns(entryPoint);
        definition.SetupGet(d => d.Name).Returns(entryPoint[(entryPoint.LastIndexOf('.') + 1)..]);
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object> { ["HttpRequestContext"] = http });
        return (context.Object, http);
    }

    private const string Decide = "NeoBay.Functions.Http.ApplicationsFunctions.DecideApplication";
    private const string Submit = "NeoBay.Functions.Http.ApplicationsFunctions.SubmitApplication";
    private const string Health = "NeoBay.Functions.Http.CatalogFunctions.Health";

    private static JsonElement Body(HttpContext http)
    {
        http.Response.Body.Position = 0;
        return JsonDocument.Parse(http.Response.Body).RootElement.Clone();
    }

    [Fact]
    public async Task No_token_is_401_problem_json_and_the_function_does_not_run()
    {
        var (context, http) = Invocation(Decide);
        var ran = false;

        await Middleware().Invoke(context, _ => { ran = true; return Task.CompletedTask; });

        Assert.False(ran);
        Assert.Equal(401, http.Response.StatusCode);
        Assert.StartsWith("application/problem+json", http.Response.ContentType);
        Assert.Equal("Bearer", http.Response.Headers.WWWAuthenticate.ToString());
        Assert.Equal("Unauthenticated", Body(http).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_applicant_deciding_is_403_in_English_when_asked()
    {
        var (context, http) = Invocation(Decide, DevelopmentTokens.Mint(Roles.Applicant, Requests.UsccA, null, TimeSpan.FromHours(1), clock), "en");
        var ran = false;

        await Middleware().Invoke(context, _ => { ran = true; return Task.CompletedTask; });

        Assert.False(ran);
        Assert.Equal(403, http.Response.StatusCode);
        Assert.Equal("Your role may not do this.", Body(http).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_reviewer_deciding_runs_the_function_with_the_caller_in_Items()
    {
        var (context, http) = Invocation(Decide, DevelopmentTokens.Mint(Roles.Reviewer, null, null, TimeSpan.FromHours(1), clock));
        Caller? seen = null;

        await Middleware().Invoke(context, _ => { seen = http.Items[Caller.ItemKey] as Caller; return Task.CompletedTask; });

        Assert.True(seen!.IsReviewer);
    }

    [Fact]
    public async Task A_reviewer_cannot_submit_but_an_integrator_can()
    {
        var (reviewerContext, reviewerHttp) = Invocation(Submit, DevelopmentTokens.Mint(Roles.Reviewer, null, null, TimeSpan.FromHours(1), clock));
        await Middleware().Invoke(reviewerContext, _ => Task.CompletedTask);
        Assert.Equal(403, reviewerHttp.Response.StatusCode);

        var (integratorContext, integratorHttp) = Invocation(Submit, DevelopmentTokens.Mint(Roles.Integrator, null, [Requests.UsccA], TimeSpan.FromHours(1), clock));
        var ran = false;
        await Middleware().Invoke(integratorContext, _ => { ran = true; return Task.CompletedTask; });
        Assert.True(ran);
        Assert.Equal([Requests.UsccA], ((Caller)integratorHttp.Items[Caller.ItemKey]!).ActsFor);
    }

    [Fact]
    public async Task An_expired_token_is_401_TokenExpired()
    {
        var token = DevelopmentTokens.Mint(Roles.Reviewer, null, null, TimeSpan.FromMinutes(5), clock);
        clock.Advance(TimeSpan.FromMinutes(10));
        var (context, http) = Invocation(Decide, token);

        await Middleware().Invoke(context, _ => Task.CompletedTask);

        Assert.Equal("TokenExpired", Body(http).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Health_is_anonymous()
    {
        var (context, _) = Invocation(Health);
        var ran = false;

        await Middleware().Invoke(context, _ => { ran = true; return Task.CompletedTask; });

        Assert.True(ran);
    }

    [Fact]
    public void Every_HTTP_function_declares_its_access_and_the_middleware_list_is_ordered()
    {
        var methods = typeof(FunctionApp).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttributes(typeof(HttpTriggerAttribute), false).Length > 0)).ToList();

        // Every HTTP function of the app (documents and renewals add theirs), including the eleven of the application API.
        Assert.Subset(methods.Select(m => m.Name).ToHashSet(),
            new HashSet<string> { "Health", "ListMeasures", "GetMeasure", "Quote", "SubmitApplication", "GetApplication", "ListApplications",
                "WithdrawApplication", "DecideApplication", "AcceptStage", "GetGrant" });
        Assert.All(methods, m => Assert.True(
            m.GetCustomAttributes(typeof(RequireRolesAttribute), false).Length + m.GetCustomAttributes(typeof(AllowAnonymousAttribute), false).Length == 1, m.Name));
        Assert.Equal([typeof(ExceptionMiddleware), typeof(HttpResilienceMiddleware), typeof(AuthMiddleware)], FunctionApp.Middleware); // time limit and breaker scope cover the token checks too
        Assert.Equal([Roles.Reviewer, Roles.Admin], AuthMiddleware.RuleFor(Decide).Roles);
    }
}
