using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeoBay.Grants.Common;

namespace NeoBay.LocalHost.Tests.EndToEnd;

/// <summary>
/// #17 what-if through the local host: two A02.1 applications evaluated by the queue, then <c>POST /api/admin/simulations</c>
/// (the reform as a JSON object: A02.1 20% → 15% from 2026-01-01) run by the <c>simulations</c> queue function.
/// By hand: 12,000,000 → 2,400,000.00 vs 1,800,000.00; 8,000,000 → 1,600,000.00 vs 1,200,000.00; difference −1,000,000.00.
/// </summary>
public sealed class SimulationJobEndToEndTests : IAsyncLifetime
{
    private NeoBayHost host = null!;

    public async ValueTask InitializeAsync() => host = await NeoBayHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task An_admin_starts_a_simulation_and_follows_it_to_the_hand_computed_result()
    {
        using var applicantA = host.Client(Roles.Applicant, NeoBayHost.UsccA);
        const string usccC = "91310000MA1FL0001R";
        using var applicantC = host.Client(Roles.Applicant, usccC);
        using var admin = host.Client(Roles.Admin);
        using var reviewer = host.Client(Roles.Reviewer);
        foreach (var (client, uscc, investment) in new[] { (applicantA, NeoBayHost.UsccA, 12_000_000), (applicantC, usccC, 8_000_000) })
        {
            var submitted = await NeoBayHost.SubmitAsync(client, NeoBayHost.Application("A02.1", uscc, $$"""{"totalInvestment": {{investment}}, "nationalApproval": true}"""), "sim-" + uscc);
            Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());
            var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            Assert.Equal("eligible", (await NeoBayHost.PollUntilEvaluatedAsync(client, id)).Body.GetProperty("status").GetString());
        }

        var today = NeoBay.Policy.ChinaCalendar.Today(TimeProvider.System).ToString("yyyy-MM-dd");
        var body = $$"""
            { "reform": { "name": "A02.1 15%", "changes": [ { "measure": "A02.1", "parameter": "rate", "from": "2026-01-01", "value": 0.15 } ] },
              "from": "{{today}}", "to": "{{today}}" }
            """;
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsync("/api/admin/simulations", Json(body))).StatusCode);
        var started = await admin.PostAsync("/api/admin/simulations", Json(body));
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var location = started.Headers.Location!.OriginalString;
        var job = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/admin/simulations/{job.GetProperty("id").GetString()}", location);
        Assert.Equal("queued", job.GetProperty("status").GetString());

        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(60);
        while (job.GetProperty("status").GetString() is "queued" or "running")
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "the simulation did not complete in 60 s: " + job.GetRawText());
            await Task.Delay(200);
            var progress = await admin.GetAsync(location);
            Assert.True(progress.StatusCode == HttpStatusCode.OK, await progress.Content.ReadAsStringAsync());
            job = await progress.Content.ReadFromJsonAsync<JsonElement>();
        }

        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal((2, 2), (job.GetProperty("processed").GetInt32(), job.GetProperty("total").GetInt32()));
        var result = job.GetProperty("result");
        Assert.Equal(2, result.GetProperty("applications").GetInt32());
        Assert.Equal(2, result.GetProperty("applicantsChanged").GetInt32());
        Assert.Equal(-100_000_000L, result.GetProperty("differenceFen").GetInt64());
        var cell = Assert.Single(result.GetProperty("byYearAndArticle").EnumerateArray());
        Assert.Equal((2026, "A02", 400_000_000L, 300_000_000L), (cell.GetProperty("fiscalYear").GetInt32(), cell.GetProperty("article").GetString(),
            cell.GetProperty("baselineFen").GetInt64(), cell.GetProperty("reformFen").GetInt64()));
        Assert.Equal([-60_000_000L, -40_000_000L], result.GetProperty("largestChanges").EnumerateArray().Select(c => c.GetProperty("differenceFen").GetInt64()));
    }

    [Fact]
    public async Task A_bad_reform_or_period_is_a_problem_and_an_unknown_job_is_404()
    {
        using var admin = host.Client(Roles.Admin);
        admin.DefaultRequestHeaders.Add("Accept-Language", "en");

        // The YAML itself (period in the query), and JSON with the YAML as a one-line (flow style) string.
        var badMeasure = await admin.PostAsync("/api/admin/simulations?from=2026-01-01", new StringContent("""
            name: x
            changes:
              - { measure: Z99.9, parameter: rate, from: 2027-01-01, value: 0.15 }
            """, System.Text.Encoding.UTF8, "application/yaml"));
        var badPeriod = await admin.PostAsync("/api/admin/simulations",
            Json("""{ "reform": "{ name: x, changes: [ { measure: A02.1, parameter: rate, from: 2027-01-01, value: 0.15 } ] }", "from": "2027-02-01", "to": "2027-01-01" }"""));
        var missing = await admin.GetAsync("/api/admin/simulations/0123456789abcdef0123456789abcdef");

        Assert.Equal(HttpStatusCode.BadRequest, badMeasure.StatusCode);
        var problem = await badMeasure.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("InvalidReform", problem.GetProperty("code").GetString());
        Assert.Contains("reform.changes[0].measure", problem.GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, badPeriod.StatusCode);
        Assert.Equal("InvalidPeriod", (await badPeriod.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
