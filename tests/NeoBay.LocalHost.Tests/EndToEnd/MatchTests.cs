using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Policy;
using NeoBay.Policy.Matching;
using NeoBay.Contracts.Matching;
using NeoBay.Contracts.Quotes;

namespace NeoBay.LocalHost.Tests.EndToEnd;

/// <summary>
/// <c>POST /api/match</c> through the local host, anonymous and signed in. The profile (an SME enterprise, total
/// investment 12,000,000, national approval, computing cost 800,000, on 2026-03-01) is eligible for 12 measures worth
/// 25,940,000.00 in all (hand-computed in NeoBay.Policy.Tests' ProfileMatcherTests); A08.1 needs its status, at most 4,000,000.00.
/// </summary>
public sealed class MatchTests : IAsyncLifetime
{
    private const string Profile = """
        { "submittedOn": "2026-03-01",
          "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "name": "测试企业", "inZone": true, "isSme": true },
          "facts": { "totalInvestment": 12000000, "nationalApproval": true, "computingCost": 800000 },
          "otherSupport": [] }
        """;

    private NeoBayHost host = null!;

    public async ValueTask InitializeAsync() => host = await NeoBayHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> MatchAsync(HttpClient client, string body = Profile)
    {
        var response = await client.PostAsync("/api/match", Json(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement Item(JsonElement answer, string measure) =>
        answer.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("measure").GetString() == measure);

    [Fact]
    public async Task Anonymous_match_answers_every_measure_with_a_summary()
    {
        using var anonymous = host.Client();
        var answer = await MatchAsync(anonymous);
        Assert.Equal(36, answer.GetProperty("items").GetArrayLength());
        var summary = answer.GetProperty("summary");
        Assert.Equal((12, 17, 7), (summary.GetProperty("eligible").GetInt32(), summary.GetProperty("needsFacts").GetInt32(), summary.GetProperty("ineligible").GetInt32()));
        Assert.Equal("25940000.00", summary.GetProperty("eligibleAmount").GetRawText());
        Assert.Equal("needsFacts", Item(answer, "A08.1").GetProperty("status").GetString());
        Assert.Equal("4000000.00", Item(answer, "A08.1").GetProperty("maxAmount").GetRawText());
    }

    [Fact]
    public async Task The_answer_is_the_one_neobay_match_prints()
    {
        using var anonymous = host.Client();
        var http = JsonNode.Parse((await MatchAsync(anonymous)).GetRawText());
        // `neobay match` runs the match contract over a ProfileMatcher of the embedded catalog.
        using var profile = JsonDocument.Parse(Profile);
        var catalog = PolicyCatalog.LoadEmbedded();
        var parsed = QuoteJson.Parse(profile.RootElement, new DateOnly(2026, 12, 1), catalog, QuoteParseOptions.Match);
        var answer = new ProfileMatcher(new PolicyEngine(catalog)).Match(parsed.Request!, parsed.History).ToResponse(english: false);
        var written = ApiWriter(w => JsonSerializer.Serialize(w, answer, MatchJsonContext.Default.MatchResponse));
        Assert.True(JsonNode.DeepEquals(http, JsonNode.Parse(written)));
    }

    private static string ApiWriter(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) write(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task Signed_in_the_applicants_awards_count_an_awarded_tier_becomes_ineligible()
    {
        var grants = host.App.Services.GetRequiredService<IGrantStore>();
        await grants.UpsertIndexAsync(new GrantIndexEntry("G-match-1", NeoBayHost.UsccA, "A08.1", NeoBayHost.UsccA, "unicorn", 4_000_000_00L, 2025, GrantStatuses.Active));

        using var applicant = host.Client(Roles.Applicant, NeoBayHost.UsccA);
        using var anonymous = host.Client();
        var signedIn = Item(await MatchAsync(applicant), "A08.1");
        Assert.Equal("ineligible", signedIn.GetProperty("status").GetString());
        Assert.Equal("AlreadyAwarded", signedIn.GetProperty("reasons")[0].GetProperty("code").GetString());
        // Nothing of the applicant's record reaches an anonymous caller.
        Assert.Equal("needsFacts", Item(await MatchAsync(anonymous), "A08.1").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Signed_in_a_declared_history_or_another_applicant_is_refused()
    {
        using var applicant = host.Client(Roles.Applicant, NeoBayHost.UsccA);
        var withHistory = await applicant.PostAsync("/api/match", Json(Profile.Replace("\"otherSupport\": []", "\"otherSupport\": [], \"history\": []", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, withHistory.StatusCode);
        Assert.Equal("FieldNotAllowed", (await withHistory.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        using var other = host.Client(Roles.Applicant, NeoBayHost.UsccB);
        var mismatch = await other.PostAsync("/api/match", Json(Profile));
        Assert.Equal(HttpStatusCode.Forbidden, mismatch.StatusCode);
        Assert.Equal("ApplicantMismatch", (await mismatch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_token_that_is_not_valid_is_refused_and_bad_input_is_a_problem()
    {
        using var forged = host.Client();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.PostAsync("/api/match", Json(Profile))).StatusCode);

        using var anonymous = host.Client();
        var missing = await anonymous.PostAsync("/api/match", Json("""{ "facts": {} }"""));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("MissingField", "applicant"), (problem.GetProperty("code").GetString(), problem.GetProperty("errors")[0].GetProperty("field").GetString()));
    }

    [Fact]
    public async Task Messages_are_english_on_request()
    {
        using var anonymous = host.Client();
        anonymous.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var answer = await MatchAsync(anonymous);
        Assert.Equal("Missing fact: status first reached (status).", Item(answer, "A08.1").GetProperty("reasons")[0].GetProperty("message").GetString());
        Assert.Equal("status first reached", Item(answer, "A08.1").GetProperty("missingFacts")[0].GetProperty("label").GetProperty("en").GetString());
    }

    [Fact]
    public async Task The_applicant_saves_its_profile_with_etags()
    {
        using var applicant = host.Client(Roles.Applicant, NeoBayHost.UsccA);
        Assert.Equal(HttpStatusCode.NotFound, (await applicant.GetAsync("/api/me/profile")).StatusCode);

        var created = await applicant.PutAsync("/api/me/profile", Json(Profile));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"v1\"", created.Headers.ETag!.Tag);

        var read = await applicant.GetAsync("/api/me/profile");
        var body = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("\"v1\"", read.Headers.ETag!.Tag);
        Assert.Equal(12000000m, body.GetProperty("facts").GetProperty("totalInvestment").GetDecimal());
        Assert.Equal("2026-03-01", body.GetProperty("submittedOn").GetString());

        // A change needs the ETag: none → 428, stale → 412, current → v2.
        var changed = Profile.Replace("12000000", "15000000", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await applicant.PutAsync("/api/me/profile", Json(changed))).StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Put, "/api/me/profile") { Content = Json(changed) };
        stale.Headers.IfMatch.ParseAdd("\"v9\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await applicant.SendAsync(stale)).StatusCode);
        var current = new HttpRequestMessage(HttpMethod.Put, "/api/me/profile") { Content = Json(changed) };
        current.Headers.IfMatch.ParseAdd("\"v1\"");
        var replaced = await applicant.SendAsync(current);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("\"v2\"", replaced.Headers.ETag!.Tag);
        var again = new HttpRequestMessage(HttpMethod.Get, "/api/me/profile");
        again.Headers.IfNoneMatch.ParseAdd("\"v2\"");
        Assert.Equal(HttpStatusCode.NotModified, (await applicant.SendAsync(again)).StatusCode);

        // Another applicant's USCC, or a declared history, is refused.
        using var other = host.Client(Roles.Applicant, NeoBayHost.UsccB);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PutAsync("/api/me/profile", Json(Profile))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/me/profile")).StatusCode);
    }
    [Fact]
    public async Task A_saved_profile_is_re_matched_through_the_queue_and_its_news_listed_newest_first_and_read()
    {
        using var applicant = host.Client(Roles.Applicant, NeoBayHost.UsccA);
        Assert.Equal(HttpStatusCode.Created, (await applicant.PutAsync("/api/me/profile", Json(Profile))).StatusCode);

        // profiles-rematch → notifications → notifications-send (no WeChat here: each ends notSubscribed).
        var items = new List<JsonElement>();
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(60);
        while (true)
        {
            items = await AllNotificationsAsync(applicant);
            if (items.Count > 0 && items.All(i => i.GetProperty("delivery").GetString() == "notSubscribed")) break;
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"{items.Count} notifications, not all delivered");
            await Task.Delay(250);
        }

        // 20% of 12,000,000 = 2,400,000.00 (A02.1): news of a first match.
        var a021 = Assert.Single(items, i => i.GetProperty("measure").GetString() == "A02.1");
        Assert.Equal(("newOpportunity", "eligible", 2400000.00m, false), (a021.GetProperty("kind").GetString(), a021.GetProperty("status").GetString(),
            a021.GetProperty("amount").GetDecimal(), a021.GetProperty("read").GetBoolean()));
        var created = items.Select(i => i.GetProperty("createdAt").GetDateTimeOffset()).ToList();
        Assert.Equal(created.OrderDescending(), created);

        var id = a021.GetProperty("id").GetString();
        var read = await applicant.PostAsync($"/api/me/notifications/{id}/read", null);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var again = await applicant.PostAsync($"/api/me/notifications/{id}/read", null);
        Assert.Equal(read.Headers.ETag!.Tag, again.Headers.ETag!.Tag);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("read").GetBoolean());

        using var other = host.Client(Roles.Applicant, NeoBayHost.UsccB);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/me/notifications/{id}/read", null)).StatusCode);
        Assert.Empty(await AllNotificationsAsync(other));
    }

    private static async Task<List<JsonElement>> AllNotificationsAsync(HttpClient client)
    {
        var all = new List<JsonElement>();
        string? token = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/api/me/notifications?take=10" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)));
            all.AddRange(page.GetProperty("items").EnumerateArray());
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);
        return all;
    }
}
