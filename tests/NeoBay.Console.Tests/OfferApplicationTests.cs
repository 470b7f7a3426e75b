using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NeoBay.Grants.Common;
using NeoBay.LocalHost.Tests.EndToEnd;

namespace NeoBay.Console.Tests;

/// <summary>The console marks an application made from an accepted offer (免申即享): its facts came from a trusted source.</summary>
public sealed class OfferApplicationTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task An_application_from_an_offer_says_so_with_the_offer_id()
    {
        using var integrator = fixture.Host.Client(Roles.Integrator, null, [ConsoleFixture.UsccC]);
        var put = await integrator.PutAsync($"/api/integrations/facts/{ConsoleFixture.UsccC}", ConsoleFixture.Json("""
            { "source": "市市场监管局", "applicant": { "kind": "enterprise", "inZone": true, "isSme": false },
              "facts": { "status": "gazelle" } }
            """));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var applicant = fixture.Host.Client(Roles.Applicant, ConsoleFixture.UsccC);
        var offers = (await applicant.GetFromJsonAsync<JsonElement>("/api/me/offers")).GetProperty("items");
        var offer = offers.EnumerateArray().Single(o => o.GetProperty("measure").GetString() == "A08.1");
        Assert.Equal("2000000.00", offer.GetProperty("amount").GetRawText()); // A08.1 gazelle, first time: 2,000,000
        var offerId = offer.GetProperty("id").GetString()!;
        var accepted = await applicant.PostAsync($"/api/me/offers/{offerId}/accept", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applicationId").GetString()!;
        await NeoBayHost.PollUntilEvaluatedAsync(applicant, id);

        var page = await fixture.SignedInAsync();
        await page.GotoAsync(fixture.ConsoleUrl + "#/applications/" + id);
        await page.GetByRole(AriaRole.Heading, new() { Name = id, Level = 1 }).WaitForAsync();
        await Assertions.Expect(page.Locator("p.source-offer")).ToContainTextAsync($"免申即享：由事项 {offerId} 转入");
        await fixture.ScreenshotAsync(page, "application-from-offer");
    }
}
