using Microsoft.Playwright;

namespace NeoBay.Console.Tests;

/// <summary>The API reference at /api/docs/: Swagger UI, bundled into the app, renders the served OpenAPI document.</summary>
public sealed class ApiDocsTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task The_reference_renders_every_operation_from_this_origin_and_expands_the_quote()
    {
        var page = await fixture.NewPageAsync();
        var foreign = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(fixture.Host.BaseAddress.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
                lock (foreign) foreign.Add(request.Url);
        };
        await page.GotoAsync(new Uri(fixture.Host.BaseAddress, "/api/docs").ToString());
        await Assertions.Expect(page.Locator(".info .title")).ToContainTextAsync("NeoBay Grants API");

        // One block per operation of the document (every HTTP function's route × method: 68 on 2026-12-01).
        var operations = System.Text.Json.Nodes.JsonNode.Parse(NeoBay.Functions.ApiDocs.ApiDocsFunctions.OpenApiDocument)!["paths"]!.AsObject().Sum(p => p.Value!.AsObject().Count);
        Assert.True(operations >= 68, $"{operations} operations");
        await Assertions.Expect(page.Locator(".opblock")).ToHaveCountAsync(operations);
        var quote = page.Locator("#operations-quotes-Quote");
        await Assertions.Expect(quote.Locator(".opblock-summary-path")).ToHaveAttributeAsync("data-path", "/quotes");
        await Assertions.Expect(page.Locator(".servers")).ToContainTextAsync("/api");

        await quote.Locator(".opblock-summary-control").ClickAsync();
        await Assertions.Expect(quote).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-open"));
        await Assertions.Expect(quote.Locator(".opblock-section-request-body")).ToContainTextAsync("A02.1");
        await Assertions.Expect(quote.Locator(".responses-wrapper")).ToContainTextAsync("TooManyQuotes");
        await fixture.ScreenshotAsync(page, "api-docs");
        lock (foreign) Assert.Empty(foreign);
        await page.Context.CloseAsync();
    }
}
