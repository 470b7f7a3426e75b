using Microsoft.Extensions.DependencyInjection;
using NeoBay.Functions.Http.Identity;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;

namespace NeoBay.Functions.Tests.Auth;

/// <summary>Bindings and integrator grants through the functions, on Azurite: idempotent requests, ETags, who sees what.</summary>
public sealed class BindingFunctionsTests : IAsyncLifetime
{
    private static readonly Caller Alice = Caller.Create("wx:dev:alice", [Roles.Applicant]);
    private static readonly Caller Bob = Caller.Create("wx:dev:bob", [Roles.Applicant]);
    private ServiceProvider app = null!;

    public async ValueTask InitializeAsync() => app = await WeChatSignInTests.AppAsync([]);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<T> WithFunctions<T>(Func<IdentityFunctions, Task<T>> call)
    {
        using var scope = app.CreateScope();
        return await call(scope.ServiceProvider.GetRequiredService<IdentityFunctions>());
    }

    private Task<Microsoft.AspNetCore.Mvc.IActionResult> Request(Caller caller, string body) =>
        WithFunctions(f => f.RequestBinding(Requests.Make("POST", body, caller)));

    private Task<Microsoft.AspNetCore.Mvc.IActionResult> Decide(string id, string body, string? ifMatch) =>
        WithFunctions(f => f.DecideBinding(ifMatch is null ? Requests.Make("POST", body, Requests.Reviewer) : Requests.Make("POST", body, Requests.Reviewer, ("If-Match", ifMatch)), id));

    private const string ForA = """{"uscc":"91330100799655058B","name":"张三","role":"agent"}""";

    [Fact]
    public async Task A_repeated_request_is_the_same_binding_and_only_its_owner_and_reviewers_see_it()
    {
        var first = (await Request(Alice, ForA)).Api();
        var again = (await Request(Alice, ForA)).Api();

        Assert.Equal((201, 200), (first.StatusCode, again.StatusCode));
        var id = first.JsonBody().GetProperty("id").GetString()!;
        Assert.Equal(id, again.JsonBody().GetProperty("id").GetString());
        Assert.Equal(("pending", "\"v1\""), (first.JsonBody().GetProperty("status").GetString(), first.Headers["ETag"]));
        Assert.DoesNotContain("alice", id); // the identity is kept only as a hash
        (await WithFunctions(f => f.GetBinding(Requests.Make(caller: Bob), id))).Problem(404, "NotFound");
        Assert.Equal(200, (await WithFunctions(f => f.GetBinding(Requests.Make(caller: Requests.Reviewer), id))).Api().StatusCode);
        var me = (await WithFunctions(f => f.GetMe(Requests.Make(caller: Alice)))).Json();
        Assert.Equal(("wx:dev:alice", 1), (me.GetProperty("subject").GetString(), me.GetProperty("bindings").GetArrayLength()));
        Assert.Equal(0, (await WithFunctions(f => f.GetMe(Requests.Make(caller: Bob)))).Json().GetProperty("bindings").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"uscc":"91330100799655058C","name":"张三","role":"agent"}""", "InvalidUscc")]
    [InlineData("""{"uscc":"91330100799655058B","name":"","role":"agent"}""", "InvalidName")]
    [InlineData("""{"uscc":"91330100799655058B","name":"张\u202e三","role":"agent"}""", "InvalidText")] // refused as the body is read (docs/security.md)
    [InlineData("""{"uscc":"91330100799655058B","name":"张三","role":"boss"}""", "InvalidRole")]
    [InlineData("""{"uscc":"91330100799655058B","name":"张三","role":"agent","x":1}""", "UnknownField")]
    public async Task A_bad_request_is_400_naming_the_field(string body, string code)
    {
        (await Request(Alice, body)).Problem(400, code);
    }

    [Fact]
    public async Task A_decision_needs_the_current_strong_ETag_a_rejection_a_reason_and_a_rejected_binding_can_be_asked_again()
    {
        var id = (await Request(Alice, ForA)).Json().GetProperty("id").GetString()!;

        (await Decide(id, """{"approve":false,"reason":"x"}""", null)).Problem(428, "PreconditionRequired");
        (await Decide(id, """{"approve":false,"reason":"x"}""", "W/\"v1\"")).Problem(412, "PreconditionFailed");
        (await Decide(id, """{"approve":false,"reason":"x"}""", "\"v2\"")).Problem(412, "PreconditionFailed");
        (await Decide(id, """{"approve":false}""", "\"v1\"")).Problem(400, "ReasonRequired");
        (await Decide(id, """{"approve":true}""", "\"v1\"")).Problem(409, "MissingDocument"); // no verified authorisation letter
        var rejected = (await Decide(id, """{"approve":false,"reason":"授权书签章不清"}""", "\"v1\"")).Api();
        Assert.Equal(("rejected", "\"v2\""), (rejected.JsonBody().GetProperty("status").GetString(), rejected.Headers["ETag"]));
        (await Decide(id, """{"approve":false,"reason":"again"}""", "\"v2\"")).Problem(409, "InvalidTransition");

        var reopened = (await Request(Alice, ForA)).Api();
        Assert.Equal((201, "pending", "\"v3\""), (reopened.StatusCode, reopened.JsonBody().GetProperty("status").GetString(), reopened.Headers["ETag"]));
    }

    [Fact]
    public async Task Only_the_owner_uploads_the_letter_and_only_while_pending()
    {
        var id = (await Request(Alice, ForA)).Json().GetProperty("id").GetString()!;
        const string letter = """{"category":"authorisationLetter","fileName":"letter.pdf","contentType":"application/pdf","size":100}""";

        (await WithFunctions(f => f.RequestBindingLetterUpload(Requests.Make("POST", letter, Bob), id))).Problem(404, "NotFound");
        (await WithFunctions(f => f.RequestBindingLetterUpload(Requests.Make("POST", letter.Replace("authorisationLetter", "invoice"), Alice), id))).Problem(400, "UnknownCategory");
        Assert.Equal(201, (await WithFunctions(f => f.RequestBindingLetterUpload(Requests.Make("POST", letter, Alice), id))).Api().StatusCode);
        await Decide(id, """{"approve":false,"reason":"x"}""", "\"v1\"");
        (await WithFunctions(f => f.RequestBindingLetterUpload(Requests.Make("POST", letter, Alice), id))).Problem(409, "InvalidTransition");
    }

    [Fact]
    public async Task Integrator_grants_need_an_approved_binding_and_a_client_id()
    {
        var bound = Caller.Create("wx:dev:carol", [Roles.Applicant], "91330100799655058B");

        (await WithFunctions(f => f.GrantIntegrator(Requests.Make("POST", """{"clientId":"abc"}""", Alice)))).Problem(403, "BindingRequired");
        (await WithFunctions(f => f.GrantIntegrator(Requests.Make("POST", """{"clientId":"a/b"}""", bound)))).Problem(400, "InvalidClientId");
        var granted = (await WithFunctions(f => f.GrantIntegrator(Requests.Make("POST", """{"clientId":"6F1C2D3E-0000-4000-8000-00000000ABCD"}""", bound)))).Api();
        Assert.Equal((201, "6f1c2d3e-0000-4000-8000-00000000abcd"), (granted.StatusCode, granted.JsonBody().GetProperty("clientId").GetString()));
        var lookup = app.GetRequiredService<IntegratorGrantCache>();
        Assert.Equal(["91330100799655058B"], await lookup.UsccsForAsync("6f1c2d3e-0000-4000-8000-00000000abcd"));
        (await WithFunctions(f => f.ListIntegratorGrants(Requests.Make(caller: Caller.Create("admin-1", [Roles.Admin]))))).Problem(400, "FilterRequired");
    }

    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("李", "*")]
    [InlineData("Ann Lee", "A******")]
    public void Names_in_the_pending_list_are_masked(string name, string masked) => Assert.Equal(masked, IdentityJson.MaskName(name));

    [Fact]
    public async Task The_pending_list_shows_pending_bindings_only_and_a_rejected_one_again_when_asked_again()
    {
        async Task<string[]> Pending()
        {
            var request = Requests.Make(caller: Requests.Reviewer);
            request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?status=pending&take=10");
            var page = (await WithFunctions(f => f.ListBindings(request))).Json();
            return [.. page.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("maskedName").GetString()} {i.GetProperty("etag").GetString()}")];
        }

        var alice = (await Request(Alice, ForA)).Json().GetProperty("id").GetString()!;
        await Request(Bob, ForA.Replace("张三", "李四"));
        Assert.Equal(["张* \"v1\"", "李* \"v1\""], (await Pending()).Order());

        await Decide(alice, """{"approve":false,"reason":"授权书缺失"}""", "\"v1\"");
        Assert.Equal(["李* \"v1\""], await Pending());

        await Request(Alice, ForA); // asked again: pending as version 3
        Assert.Equal(["张* \"v3\"", "李* \"v1\""], (await Pending()).Order());
    }
}
