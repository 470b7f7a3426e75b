using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace NeoBay.LocalHost.Tests.EndToEnd;

/// <summary>
/// 免申即享 through the local host: an integrator states facts (<c>PUT /api/integrations/facts/{uscc}</c>), the applicant sees
/// its offers, accepts one (twice: one application, <c>source: offer</c>, evaluated by the queue as any application) and declines
/// another. A02.1 for project P-7 with 12,345,678.91 invested and the national approval: 20% → 2,469,135.78 (floor to the fen).
/// </summary>
public sealed class OfferTests : IAsyncLifetime
{
    private const string Facts = """
        { "source": "市市场监管局",
          "applicant": { "kind": "enterprise", "name": "测试企业", "inZone": true, "isSme": false },
          "project": { "key": "P-7", "name": "前沿项目" },
          "facts": { "totalInvestment": 12345678.91, "nationalApproval": true } }
        """;

    private NeoBayHost host = null!;

    public async ValueTask InitializeAsync() => host = await NeoBayHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static Task<HttpResponseMessage> PutFactsAsync(HttpClient client, string body, string uscc = NeoBayHost.UsccA) =>
        client.PutAsync($"/api/integrations/facts/{uscc}", Json(body));

    private static async Task<JsonElement[]> OffersAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/me/offers");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()];
    }

    private static JsonElement Offer(JsonElement[] offers, string measure) => offers.Single(o => o.GetProperty("measure").GetString() == measure);

    private static async Task<string?> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    [Fact]
    public async Task Integrator_facts_become_offers_that_the_applicant_accepts_once_into_an_evaluated_application()
    {
        using var integrator = host.Client("integrator", null, [NeoBayHost.UsccA]);
        using var applicant = host.Client("applicant", NeoBayHost.UsccA);
        using var other = host.Client("applicant", NeoBayHost.UsccB);

        // Integrator role required; facts checked against the catalog; text rules on the source.
        Assert.Equal(HttpStatusCode.Forbidden, (await PutFactsAsync(applicant, Facts)).StatusCode);
        var unknown = await PutFactsAsync(integrator, Facts.Replace("totalInvestment", "totalInvestmnet", StringComparison.Ordinal));
        Assert.Equal((HttpStatusCode.BadRequest, "UnknownFact"), (unknown.StatusCode, await CodeOf(unknown)));
        var wrongType = await PutFactsAsync(integrator, Facts.Replace("\"nationalApproval\": true", "\"nationalApproval\": \"yes\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        var declared = await PutFactsAsync(integrator, Facts.Replace("\"nationalApproval\": true", "\"requestedAmount\": 100", StringComparison.Ordinal));
        Assert.Equal((HttpStatusCode.BadRequest, "DeclaredFactNotTrusted"), (declared.StatusCode, await CodeOf(declared)));
        var bidi = await PutFactsAsync(integrator, Facts.Replace("市市场监管局", "市市场\u202e监管局", StringComparison.Ordinal));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidText"), (bidi.StatusCode, await CodeOf(bidi)));

        var put = await PutFactsAsync(integrator, Facts);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"v1\"", put.Headers.ETag!.Tag);
        var stated = await put.Content.ReadFromJsonAsync<JsonElement>();
        var investment = stated.GetProperty("projects")[0].GetProperty("facts").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "totalInvestment");
        Assert.Equal(("市市场监管局", "12345678.91"), (investment.GetProperty("source").GetString(), investment.GetProperty("value").GetRawText()));
        var created = stated.GetProperty("offers").GetProperty("created").GetInt32();
        Assert.True(created >= 2);

        // The same facts again: nothing new.
        var again = await (await PutFactsAsync(integrator, Facts)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 0), (again.GetProperty("version").GetInt32(), again.GetProperty("offers").GetProperty("created").GetInt32()));

        var offers = await OffersAsync(applicant);
        Assert.Equal(created, offers.Length);
        var a021 = Offer(offers, "A02.1");
        Assert.Equal(("open", "2469135.78", "P-7"), (a021.GetProperty("status").GetString(), a021.GetProperty("amount").GetRawText(), a021.GetProperty("projectKey").GetString()));
        Assert.Empty(await OffersAsync(other));
        var id = a021.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/me/offers/{id}/accept", null)).StatusCode);

        // The applicant cannot change the trusted facts.
        var amend = await applicant.PostAsync($"/api/me/offers/{id}/accept", Json("""{ "facts": { "totalInvestment": 99999999 } }"""));
        Assert.Equal((HttpStatusCode.Conflict, "OfferFactsFixed"), (amend.StatusCode, await CodeOf(amend)));

        var first = await applicant.PostAsync($"/api/me/offers/{id}/accept", null);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var second = await applicant.PostAsync($"/api/me/offers/{id}/accept", null);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var applicationId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applicationId").GetString()!;
        Assert.Equal(applicationId, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applicationId").GetString());
        Assert.Equal($"/api/applications/{applicationId}", first.Headers.Location!.OriginalString);

        var list = await applicant.GetFromJsonAsync<JsonElement>("/api/applications");
        Assert.Equal([applicationId], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        var (application, _) = await NeoBayHost.PollUntilEvaluatedAsync(applicant, applicationId);
        Assert.Equal(("offer", id, "eligible"), (application.GetProperty("source").GetString(), application.GetProperty("offerId").GetString(), application.GetProperty("status").GetString()));
        Assert.Equal("2469135.78", application.GetProperty("decision").GetProperty("amount").GetRawText());
        Assert.Equal("12345678.91", application.GetProperty("facts").GetProperty("totalInvestment").GetRawText());

        // Decline another; it cannot be accepted afterwards.
        var a091 = Offer(offers, "A09.1").GetProperty("id").GetString()!;
        var decline = await applicant.PostAsync($"/api/me/offers/{a091}/decline", Json("""{ "reason": "暂不需要" }"""));
        Assert.Equal(HttpStatusCode.OK, decline.StatusCode);
        Assert.Equal("declined", (await decline.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var late = await applicant.PostAsync($"/api/me/offers/{a091}/accept", null);
        Assert.Equal((HttpStatusCode.Conflict, "OfferNotOpen"), (late.StatusCode, await CodeOf(late)));

        // The approval withdrawn: A03.2 (needs it) is withdrawn; the accepted A02.1 and the declined A09.1 stay as they are.
        var withdraw = await PutFactsAsync(integrator, """{ "source": "市科委", "project": { "key": "P-7" }, "facts": { "nationalApproval": false } }""");
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        offers = await OffersAsync(applicant);
        Assert.Equal(("accepted", "declined", "withdrawn"),
            (Offer(offers, "A02.1").GetProperty("status").GetString(), Offer(offers, "A09.1").GetProperty("status").GetString(), Offer(offers, "A03.2").GetProperty("status").GetString()));
    }
}
