using System.IO.Compression;
using System.Text;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Functions.Console;
using NeoBay.Functions.Http;
using NeoBay.Functions.Queues;
using NeoBay.Functions.Tests.Documents;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Evaluation;
using NeoBay.Testing;

namespace NeoBay.Functions.Tests.Console;

/// <summary>
/// The service deadline on the application answers, the console's endpoints (history, overview, settings) and its static
/// files, through the function classes as AddNeoBayFunctionApp wires them, on Azurite with a fake clock.
/// </summary>
public sealed class ConsoleFunctionsTests
{
    // Friday 18 September 2026, 09:00 CST.
    private static readonly DateTimeOffset Start = new(2026, 9, 18, 1, 0, 0, TimeSpan.Zero);

    private static async Task<(ServiceProvider Services, QueueClient Queue, FakeTimeProvider Clock)> AppAsync(string environment = "Development")
    {
        var connection = await Azurite.GetConnectionStringAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
            ["NeoBay:Storage:TablePrefix"] = Azurite.UniqueName("c"),
            ["NeoBay:Environment"] = environment,
        }).Build();
        var queue = new QueueClient(connection, Azurite.UniqueName("evaluate"), StorageClients.QueueOptions());
        await queue.CreateIfNotExistsAsync();
        var clock = new FakeTimeProvider(Start);
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(new NeoBay.Grants.Documents.DocumentOptions { Container = Azurite.UniqueName("documents") });
        services.AddSingleton<IEvaluationQueue>(sp => new QueueEvaluationQueue(new QueueServiceClient(connection, StorageClients.QueueOptions()), queue.Name));
        services.AddNeoBayFunctionApp(configuration);
        return (services.BuildServiceProvider(), queue, clock);
    }

    [Fact]
    public async Task Due_by_is_60_working_days_after_the_application_became_complete_and_the_days_left_count_down()
    {
        var (services, queue, clock) = await AppAsync();
        using var scope = services.CreateScope();
        var applications = scope.ServiceProvider.GetRequiredService<ApplicationsFunctions>();
        var console = scope.ServiceProvider.GetRequiredService<ConsoleFunctions>();
        var id = (await applications.SubmitApplication(Requests.Make("POST", Requests.A021Body(), Requests.ApplicantA))).Json().GetProperty("id").GetString()!;
        await scope.ServiceProvider.GetRequiredService<EvaluateApplicationFunction>().EvaluateApplication((await queue.ReceiveMessageAsync()).Value, CancellationToken.None);

        // Evaluated but the required documents are not verified yet: no deadline.
        var incomplete = (await applications.GetApplication(Requests.Make(caller: Requests.Reviewer), id)).Json();
        Assert.Equal("eligible", incomplete.GetProperty("status").GetString());
        Assert.Equal((System.Text.Json.JsonValueKind.Null, System.Text.Json.JsonValueKind.Null),
            (incomplete.GetProperty("dueBy").ValueKind, incomplete.GetProperty("workingDaysLeft").ValueKind));
        Assert.Equal("测试企业", incomplete.GetProperty("applicant").GetProperty("name").GetString());
        Assert.Equal(12000000, incomplete.GetProperty("facts").GetProperty("totalInvestment").GetDecimal());

        // Complete on Friday 18 September 2026 (CST): the 60th working day after is Thursday 17 December (hand count in WorkingDayCalendarTests).
        await RequiredDocumentUploads.CompleteRequiredDocumentsAsync(services, Requests.ApplicantA, id);
        var complete = (await applications.GetApplication(Requests.Make(caller: Requests.Reviewer), id)).Json();
        Assert.Equal(("2026-12-17", 60), (complete.GetProperty("dueBy").GetString(), complete.GetProperty("workingDaysLeft").GetInt32()));

        // Tuesday 1 December: Dec 2–4, 7–11, 14–17 → 12 left; in the list too.
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        var item = (await applications.ListApplications(Requests.Make(caller: Requests.Reviewer))).Json().GetProperty("items")[0];
        Assert.Equal(("2026-12-17", 12), (item.GetProperty("dueBy").GetString(), item.GetProperty("workingDaysLeft").GetInt32()));

        // Tuesday 22 December: Dec 18, 21, 22 past the due day → -3 (overdue).
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 22, 2, 0, 0, TimeSpan.Zero));
        Assert.Equal(-3, (await applications.GetApplication(Requests.Make(caller: Requests.Reviewer), id)).Json().GetProperty("workingDaysLeft").GetInt32());

        // The history and the overview, as the console reads them.
        var history = (await console.GetApplicationHistory(Requests.Make(caller: Requests.Reviewer), id)).Json().GetProperty("items");
        Assert.Equal(["submit", "evaluate", "evaluated"], history.EnumerateArray().Select(e => e.GetProperty("what").GetString()));
        (await console.GetApplicationHistory(Requests.Make(caller: Requests.Reviewer), "A20260918010000-0000000000")).Problem(404, "NotFound");
        var overview = (await console.GetOverview(Requests.Make(caller: Requests.Reviewer))).Json();
        Assert.Equal((1, 0), (overview.GetProperty("statuses").GetProperty("eligible").GetInt32(), overview.GetProperty("statuses").GetProperty("approved").GetInt32()));
    }

    [Fact]
    public async Task The_console_files_are_served_gzipped_with_an_ETag_a_strict_CSP_and_304_when_unchanged()
    {
        var (services, _, _) = await AppAsync();
        using var scope = services.CreateScope();
        var console = scope.ServiceProvider.GetRequiredService<ConsoleFunctions>();

        var (status, headers, body) = await ServeAsync(console, "", ("Accept-Encoding", "gzip, br"));
        Assert.Equal(200, status);
        Assert.Equal("gzip", headers.ContentEncoding.ToString());
        Assert.StartsWith("text/html", headers.ContentType.ToString());
        Assert.Contains("default-src 'self'", headers["Content-Security-Policy"].ToString());
        var html = Encoding.UTF8.GetString(Gunzip(body));
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.DoesNotContain("http", html.Replace("http-equiv", ""), StringComparison.OrdinalIgnoreCase);   // no other host is named

        var (otherTag, _, plain) = await ServeAsync(console, "app.js", ("If-None-Match", headers.ETag.ToString()));
        Assert.Equal(200, otherTag);   // another file's ETag does not match; no Accept-Encoding: plain text
        Assert.Contains("import", Encoding.UTF8.GetString(plain));
        var (_, appHeaders, _) = await ServeAsync(console, "app.js");
        var (notModified, _, empty) = await ServeAsync(console, "app.js", ("If-None-Match", appHeaders.ETag.ToString()));
        Assert.Equal(304, notModified);
        Assert.Empty(empty);

        console.ConsoleFile(Get("/api/console/nothing.js"), "nothing.js").Problem(404, "NotFound");
        var redirect = Assert.IsType<RedirectResult>(console.ConsoleFile(Get("/api/console"), null));
        Assert.Equal("/api/console/", redirect.Url);
    }

    [Fact]
    public async Task Development_tokens_are_offered_outside_production_only_and_Entra_settings_come_from_configuration()
    {
        var (services, _, _) = await AppAsync();
        using var scope = services.CreateScope();
        var settings = scope.ServiceProvider.GetRequiredService<ConsoleFunctions>().ConsoleSettings(Requests.Make()).Json();
        var tokens = settings.GetProperty("developmentTokens").EnumerateArray().ToList();
        Assert.Equal(["reviewer", "admin"], tokens.Select(t => t.GetProperty("role").GetString()));
        var validator = scope.ServiceProvider.GetRequiredService<TokenValidator>();
        var (caller, _) = await validator.ValidateAsync("Bearer " + tokens[0].GetProperty("token").GetString());
        Assert.True(caller!.IsInRole(Roles.Reviewer));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, settings.GetProperty("entra").ValueKind);

        Assert.False(ConsoleOptions.From(new ConfigurationBuilder().Build(), production: true).OffersDevelopmentTokens);
        var entra = ConsoleOptions.From(Config(("NeoBay:Console:Authority", "https://login.partner.microsoftonline.cn/tenant-1/"),
            ("NeoBay:Console:ClientId", "client-1"), ("NeoBay:Console:Scopes", "api://neobay/.default  openid")), production: true);
        Assert.Equal(("https://login.partner.microsoftonline.cn/tenant-1", "client-1", 2), (entra.Entra!.Authority, entra.Entra.ClientId, entra.Entra.Scopes.Count));
        Assert.Contains("connect-src 'self' https://login.partner.microsoftonline.cn;", entra.ContentSecurityPolicy);
        Assert.Throws<InvalidOperationException>(() => ConsoleOptions.From(Config(("NeoBay:Console:ClientId", "client-1")), production: true));
        Assert.Throws<InvalidOperationException>(() => ConsoleOptions.From(Config(("NeoBay:Console:Authority", "http://login"),
            ("NeoBay:Console:ClientId", "c"), ("NeoBay:Console:Scopes", "s")), production: true));
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static HttpRequest Get(string path, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = path;
        foreach (var (name, value) in headers) context.Request.Headers[name] = value;
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>Calls the function for <paramref name="path"/> under /api/console/ and executes its file result on the request's own context.</summary>
    private static async Task<(int Status, IHeaderDictionary Headers, byte[] Body)> ServeAsync(ConsoleFunctions console, string path, params (string Name, string Value)[] headers)
    {
        var request = Get("/api/console/" + path, headers);
        var file = Assert.IsType<ConsoleFileResult>(console.ConsoleFile(request, path));
        await file.ExecuteResultAsync(new ActionContext(request.HttpContext, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        var response = request.HttpContext.Response;
        return (response.StatusCode, response.Headers, ((MemoryStream)response.Body).ToArray());
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
