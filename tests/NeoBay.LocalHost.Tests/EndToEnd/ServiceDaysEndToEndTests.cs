using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeoBay.Grants.Common;

namespace NeoBay.LocalHost.Tests.EndToEnd;

/// <summary>
/// #17 service days through the local host: two A02.1 applications evaluated by the queue, their documents uploaded by SAS
/// (complete today), one approved (issued on approval) and one rejected today; a third never complete is rejected too.
/// <c>GET /api/admin/reports/applications</c>: complete → decision 2 applications, 0.0 days, p90 0; → first payment 1 (the
/// approved one, by its issuance), 0 days. The third has no complete instant and is not counted; the outcomes are kept.
/// </summary>
public sealed class ServiceDaysEndToEndTests : IAsyncLifetime
{
    private NeoBayHost host = null!;

    public async ValueTask InitializeAsync() => host = await NeoBayHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Decisions_and_the_first_payment_are_counted_in_the_applications_report()
    {
        using var applicant = host.Client(Roles.Applicant, NeoBayHost.UsccA);
        using var reviewer = host.Client(Roles.Reviewer);
        using var admin = host.Client(Roles.Admin);
        var ids = new List<(string Id, string ETag)>();
        for (var i = 0; i < 3; i++)
        {
            var submitted = await NeoBayHost.SubmitAsync(applicant, NeoBayHost.Application("A02.1", NeoBayHost.UsccA,
                """{"totalInvestment": 12000000, "nationalApproval": true}""", $"P-days-{i}"), $"days-{i}");
            Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());
            var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await NeoBayHost.PollUntilEvaluatedAsync(applicant, id);
            if (i < 2) await NeoBayHost.UploadRequiredDocumentsAsync(applicant, id, "A02.1");
            ids.Add((id, (await applicant.GetAsync($"/api/applications/{id}")).Headers.ETag!.Tag));
        }

        Assert.Equal(HttpStatusCode.OK, (await Decide(reviewer, ids[0], """{"approve": true}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Decide(reviewer, ids[1], """{"approve": false, "reason": "重复申报"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Decide(reviewer, ids[2], """{"approve": false, "reason": "材料不全"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Decide(reviewer, ids[0], """{"approve": true}""")).StatusCode); // a repeat: counted once

        var response = await admin.GetAsync("/api/admin/reports/applications");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        var outcomes = Assert.Single(report.GetProperty("byMeasure").EnumerateArray());
        Assert.Equal((3, 1, 2), (outcomes.GetProperty("total").GetInt32(), outcomes.GetProperty("outcomes").GetProperty("approved").GetInt32(),
            outcomes.GetProperty("outcomes").GetProperty("rejected").GetInt32()));

        var days = report.GetProperty("serviceDays");
        Assert.Equal(("chinaCalendarDays", "nearestRank", "paidElseIssued"), (days.GetProperty("days").GetString(), days.GetProperty("p90").GetString(),
            days.GetProperty("firstPayment").GetString()));
        var measure = Assert.Single(days.GetProperty("byMeasure").EnumerateArray());
        Assert.Equal("A02.1", measure.GetProperty("measure").GetString());
        foreach (var row in new[] { days.GetProperty("overall"), measure })
        {
            Assert.Equal((2, 0m, 0), Figures(row.GetProperty("decision")));
            Assert.Equal((1, 0m, 0), Figures(row.GetProperty("firstPayment")));
        }

        Assert.Equal(JsonValueKind.Null, days.GetProperty("overall").GetProperty("measure").ValueKind);
    }

    private static (int, decimal, int) Figures(JsonElement f) =>
        (f.GetProperty("count").GetInt32(), f.GetProperty("averageDays").GetDecimal(), f.GetProperty("p90Days").GetInt32());

    private static Task<HttpResponseMessage> Decide(HttpClient reviewer, (string Id, string ETag) application, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{application.Id}/decision")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", application.ETag);
        return reviewer.SendAsync(request);
    }
}
