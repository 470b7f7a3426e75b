using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeoBay.LocalHost.Tests.Support;

namespace NeoBay.LocalHost.Tests;

public sealed class HttpTriggerTests : IAsyncLifetime
{
    private TestHost host = null!;

    public async ValueTask InitializeAsync() => host = await TestHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_route_value_reaches_the_function_by_parameter_name()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/hello/neo");

        Assert.Equal("hello neo", body.GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task A_typed_route_value_is_converted_and_its_constraint_honoured()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/items/21?tenant=0f8fad5b-d9cb-469f-a165-70867728950e");
        var notALong = await host.Client.GetAsync("/api/items/abc");
        var notAGuid = await host.Client.GetAsync("/api/items/21?tenant=nope");

        Assert.Equal(42, body.GetProperty("doubled").GetInt64());
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", body.GetProperty("tenant").GetString());
        Assert.Equal(HttpStatusCode.NotFound, notALong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notAGuid.StatusCode);
    }

    [Fact]
    public async Task Only_the_declared_methods_reach_a_function()
    {
        var post = await host.Client.PostAsJsonAsync("/api/items", new { id = "x1", amountFen = 150 });
        var deleteHello = await host.Client.DeleteAsync("/api/hello/neo");
        var getItems = await host.Client.GetAsync("/api/items");

        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        Assert.Equal("/api/items/x1", post.Headers.Location!.OriginalString);
        Assert.Equal(150, (await post.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("amountFen").GetInt64());
        // As on Azure: a route with another method is not found (not 405), answered as problem+json.
        Assert.Equal(HttpStatusCode.NotFound, deleteHello.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, getItems.StatusCode);
        Assert.Equal("application/problem+json", getItems.Content.Headers.ContentType?.MediaType);
        Assert.Equal("NotFound", (await getItems.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_function_without_route_or_methods_answers_every_method_at_its_name()
    {
        var put = await host.Client.PutAsync("/api/DefaultRoute", null);

        Assert.Equal("PUT", await put.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_function_level_function_needs_the_local_key_in_header_or_code()
    {
        var none = await host.Client.GetAsync("/api/secret");
        var wrong = await host.Client.GetAsync("/api/secret?code=nope");
        var query = await host.Client.GetAsync($"/api/secret?code={TestHost.Key}");
        var header = await host.Client.SendAsync(host.Admin(HttpMethod.Get, "/api/secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
    }

    [Fact]
    public async Task The_function_context_carries_the_http_context_definition_and_the_middleware_trail()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/probe");

        Assert.True(body.GetProperty("sameHttpContext").GetBoolean());
        Assert.Equal("Probe", body.GetProperty("function").GetString());
        Assert.Equal("NeoBay.LocalHost.Tests.TestApp.TestFunctions.Probe", body.GetProperty("entryPoint").GetString());
        Assert.Equal("httpTrigger", body.GetProperty("trigger").GetString());
        Assert.Equal("AB", body.GetProperty("middleware").GetString());
        Assert.True(body.GetProperty("hasServices").GetBoolean());
    }

    [Fact]
    public async Task A_middleware_that_answers_early_is_the_answer_and_the_function_does_not_run()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/probe");
        request.Headers.Add("x-deny", "1");
        var before = host.Recorder.Calls("Probe").Count;

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("{\"code\":\"denied\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, host.Recorder.Calls("Probe").Count);
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem()
    {
        var response = await host.Client.GetAsync("/api/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("InternalError", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_admin_api_needs_the_key_and_knows_only_existing_non_http_functions()
    {
        var noKey = await host.Client.PostAsync("/admin/functions/Tick", null);
        var unknown = await host.Client.SendAsync(host.Admin(HttpMethod.Post, "/admin/functions/Nope", "{}"));
        var http = await host.Client.SendAsync(host.Admin(HttpMethod.Post, "/admin/functions/Hello", "{}"));
        var list = await host.Client.SendAsync(host.Admin(HttpMethod.Get, "/admin/functions"));
        var functions = (await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, http.StatusCode);
        Assert.Equal(13, functions.Count); // with Gated (visibility renewal)
        Assert.Contains(functions, f => f.GetProperty("name").GetString() == "Hello" && f.GetProperty("route").GetString() == "/api/hello/{name}");
        Assert.Contains(functions, f => f.GetProperty("name").GetString() == "Tick" && f.GetProperty("disabled").GetBoolean());
    }
}
