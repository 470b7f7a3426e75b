using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NeoBay.Grants.Common;
using NeoBay.Grants.Evaluation;

namespace NeoBay.LocalHost.Tests.EndToEnd;

/// <summary>
/// The mini-program and a reviewer driving the real Function App through the local host: HTTP in, queue, tables, HTTP out.
/// Figures by hand: A09.1 pays 30% of total investment (cap 30,000,000), in two stages of half each (approval, acceptance).
/// 30% × 1,000,000.01 = 300,000.003 → 300,000.00 (down to the fen); stage 1 = 150,000.00, stage 2 = the rest, 150,000.00.
/// A02.1 pays 20% of 12,000,000 = 2,400,000.00 (cap 3,000,000).
/// </summary>
public sealed class MiniProgramAndReviewerTests : IAsyncLifetime
{
    private NeoBayHost host = null!;

    public async ValueTask InitializeAsync() => host = await NeoBayHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_catalog_and_a_quote_answer_without_storing_anything()
    {
        using var anonymous = host.Client();

        var measures = await anonymous.GetFromJsonAsync<JsonElement>("/api/measures");
        var a091 = await anonymous.GetFromJsonAsync<JsonElement>("/api/measures/A09.1");
        var quote = await anonymous.PostAsync("/api/quotes", Json(NeoBayHost.Application("A09.1", NeoBayHost.UsccA, """{"totalInvestment": 1000000.01}""")));
        var result = await quote.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Contains("A09.1", measures.GetRawText());
        Assert.Equal("A09.1", a091.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, quote.StatusCode);
        Assert.Equal("300000.00", result.GetProperty("amount").GetRawText());
        Assert.Equal(["150000.00", "150000.00"], result.GetProperty("schedule").EnumerateArray().Select(l => l.GetProperty("amount").GetRawText()));
        Assert.Equal(["approval", "acceptance"], result.GetProperty("schedule").EnumerateArray().Select(l => l.GetProperty("trigger").GetString()));
    }

    [Fact]
    public async Task Submit_evaluate_approve_and_accept_a_stage_as_applicant_and_reviewer()
    {
        using var applicant = host.Client(Roles.Applicant, NeoBayHost.UsccA);
        using var reviewer = host.Client(Roles.Reviewer);
        using var otherApplicant = host.Client(Roles.Applicant, NeoBayHost.UsccB);
        var body = NeoBayHost.Application("A09.1", NeoBayHost.UsccA, """{"totalInvestment": 1000000.01}""", "P-stage");

        var submitted = await NeoBayHost.SubmitAsync(applicant, body, "mini-1");
        var replayed = await NeoBayHost.SubmitAsync(applicant, body, "mini-1");
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal($"/api/applications/{id}", submitted.Headers.Location!.OriginalString);
        Assert.Equal(id, (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());

        var (evaluated, etag) = await NeoBayHost.PollUntilEvaluatedAsync(applicant, id);
        Assert.Equal("eligible", evaluated.GetProperty("status").GetString());
        Assert.Equal("300000.00", evaluated.GetProperty("decision").GetProperty("amount").GetRawText());
        Assert.Equal(NeoBay.Policy.ChinaCalendar.Today(TimeProvider.System).ToString("yyyy-MM-dd"), evaluated.GetProperty("submittedOn").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await otherApplicant.GetAsync($"/api/applications/{id}")).StatusCode);

        var missing = await Decide(reviewer, id, etag, """{"approve": true}""");
        Assert.Equal(HttpStatusCode.Conflict, missing.StatusCode);
        Assert.Contains("MissingDocument", await missing.Content.ReadAsStringAsync());
        await NeoBayHost.UploadRequiredDocumentsAsync(applicant, id, "A09.1");
        etag = (await applicant.GetAsync($"/api/applications/{id}")).Headers.ETag!.Tag;

        var stale = await Decide(reviewer, id, "\"v1\"", """{"approve": true}""");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var decided = await Decide(reviewer, id, etag, """{"approve": true}""");
        Assert.True(decided.StatusCode == HttpStatusCode.OK, await decided.Content.ReadAsStringAsync());
        var decision = await decided.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("approved", decision.GetProperty("status").GetString());
        var grantId = decision.GetProperty("grantId").GetString()!;

        var grantResponse = await applicant.GetAsync($"/api/grants/{grantId}");
        var grantETag = grantResponse.Headers.ETag!.Tag;
        var grant = await grantResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(grantETag, grant.GetProperty("etag").GetString());
        Assert.Equal("300000.00", grant.GetProperty("amount").GetRawText());
        Assert.Equal([("stage-1", "150000.00", "issued"), ("stage-2", "150000.00", "scheduled")], Ledger(grant));
        Assert.Equal(HttpStatusCode.NotFound, (await otherApplicant.GetAsync($"/api/grants/{grantId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.PostAsync($"/api/grants/{grantId}/stages/2/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await reviewer.PostAsync($"/api/grants/{grantId}/stages/2/accept", null)).StatusCode);
        var acceptRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/grants/{grantId}/stages/2/accept");
        acceptRequest.Headers.TryAddWithoutValidation("If-Match", grantETag);
        var accepted = await reviewer.SendAsync(acceptRequest);
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        Assert.Equal([("stage-1", "150000.00", "issued"), ("stage-2", "150000.00", "issued")], Ledger(await accepted.Content.ReadFromJsonAsync<JsonElement>()));

        var withdrawApproved = await applicant.PostAsync($"/api/applications/{id}/withdraw", null);
        Assert.Equal(HttpStatusCode.Conflict, withdrawApproved.StatusCode);
    }

    [Fact]
    public async Task An_applicant_withdraws_its_own_evaluated_application_but_not_another_one()
    {
        using var applicant = host.Client(Roles.Applicant, NeoBayHost.UsccA);
        using var otherApplicant = host.Client(Roles.Applicant, NeoBayHost.UsccB);
        using var reviewer = host.Client(Roles.Reviewer);
        var submitted = await NeoBayHost.SubmitAsync(applicant, NeoBayHost.Application("A02.1", NeoBayHost.UsccA, """{"totalInvestment": 12000000, "nationalApproval": true}""", "P-w"), "mini-w");
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var (evaluated, etag) = await NeoBayHost.PollUntilEvaluatedAsync(applicant, id);
        Assert.Equal("2400000.00", evaluated.GetProperty("decision").GetProperty("amount").GetRawText());

        Assert.Equal(HttpStatusCode.NotFound, (await otherApplicant.PostAsync($"/api/applications/{id}/withdraw", null)).StatusCode);
        var withdrawn = await applicant.PostAsync($"/api/applications/{id}/withdraw", Json("""{"reason": "改日再报"}"""));
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("withdrawn", (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var approveWithdrawn = await Decide(reviewer, id, withdrawn.Headers.ETag!.Tag, """{"approve": true}""");
        Assert.Equal(HttpStatusCode.Conflict, approveWithdrawn.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_api_answers_401_problem_json_and_a_reviewer_cannot_submit()
    {
        using var anonymous = host.Client();
        using var reviewer = host.Client(Roles.Reviewer);

        var response = await anonymous.GetAsync("/api/applications");
        var submitted = await NeoBayHost.SubmitAsync(reviewer, NeoBayHost.Application("A02.1", NeoBayHost.UsccA, "{}"), "r-1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, submitted.StatusCode);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private static Task<HttpResponseMessage> Decide(HttpClient reviewer, string id, string etag, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{id}/decision") { Content = Json(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return reviewer.SendAsync(request);
    }

    private static List<(string, string, string)> Ledger(JsonElement grant) =>
        grant.GetProperty("ledger").EnumerateArray()
            .Select(l => (l.GetProperty("component").GetString()!, l.GetProperty("amount").GetRawText(), l.GetProperty("status").GetString()!))
            .ToList();
}

/// <summary>With the queue listener switched off, the evaluation runs only when fired by hand through the admin API.</summary>
public sealed class AdminFireTests
{
    [Fact]
    public async Task Posting_to_admin_functions_runs_the_evaluation_function_with_the_given_message()
    {
        await using var host = await NeoBayHost.StartAsync(settings => settings["AzureWebJobs.EvaluateApplication.Disabled"] = "true");
        using var applicant = host.Client(Roles.Applicant, NeoBayHost.UsccA);
        var submitted = await NeoBayHost.SubmitAsync(applicant, NeoBayHost.Application("A02.1", NeoBayHost.UsccA, """{"totalInvestment": 12000000, "nationalApproval": true}"""), "admin-1");
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var admin = new HttpClient { BaseAddress = host.BaseAddress };
        // The explicit signal that nothing listens: the host lists the queue function as disabled (no sleep-and-hope).
        using var list = new HttpRequestMessage(HttpMethod.Get, "/admin/functions");
        list.Headers.Add("x-functions-key", NeoBayHost.Key);
        var functions = await (await admin.SendAsync(list)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(functions.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "EvaluateApplication").GetProperty("disabled").GetBoolean());
        Assert.Equal("submitted", (await applicant.GetFromJsonAsync<JsonElement>($"/api/applications/{id}")).GetProperty("status").GetString());

        var withoutKey = await admin.PostAsync("/admin/functions/EvaluateApplication", null);
        var request = new HttpRequestMessage(HttpMethod.Post, "/admin/functions/EvaluateApplication")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { input = EvaluationMessage.Write(id) }), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", NeoBayHost.Key);
        var fired = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, fired.StatusCode);
        var (evaluated, _) = await NeoBayHost.PollUntilEvaluatedAsync(applicant, id);
        Assert.Equal(("eligible", "2400000.00"), (evaluated.GetProperty("status").GetString(), evaluated.GetProperty("decision").GetProperty("amount").GetRawText()));
    }
}

/// <summary>The yearly renewal: its timer fired by hand, its 16 shard messages run by the queue trigger.</summary>
public sealed class RenewalThroughTheHostTests
{
    [Fact]
    public async Task Firing_the_yearly_timer_by_hand_runs_every_shard_through_the_renewals_queue()
    {
        await using var host = await NeoBayHost.StartAsync();
        using var admin = host.Client(Roles.Admin);
        var fiscalYear = NeoBay.Policy.ChinaCalendar.FiscalYearOf(host.App.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        using var functions = new HttpClient { BaseAddress = host.BaseAddress };
        functions.DefaultRequestHeaders.Add("x-functions-key", NeoBayHost.Key);

        var fired = await functions.PostAsync("/admin/functions/StartYearlyRenewal", null);
        Assert.Equal(HttpStatusCode.Accepted, fired.StatusCode);

        JsonElement report = default;
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(60);
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            var response = await admin.GetAsync($"/api/admin/renewals/{fiscalYear}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                report = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (report.GetProperty("status").GetString() == "complete") break;
            }

            await Task.Delay(200);
        }

        Assert.Equal("complete", report.GetProperty("status").GetString());
        Assert.Equal((16, 16), (report.GetProperty("shards").GetInt32(), report.GetProperty("shardsDone").GetInt32()));
        Assert.Equal("timer", report.GetProperty("startedBy").GetString());
        Assert.Equal(0, report.GetProperty("totals").GetProperty("failed").GetInt32());
    }
}
