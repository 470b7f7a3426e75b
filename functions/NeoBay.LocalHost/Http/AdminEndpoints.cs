using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NeoBay.LocalHost.Discovery;

namespace NeoBay.LocalHost.Http;

/// <summary>
/// <c>POST /admin/functions/{name}</c> with body <c>{"input": "…"}</c> runs a queue or timer function by hand and
/// answers 202, as the Functions host's admin API does; <c>GET /admin/functions</c> lists the functions.
/// Both need the local key.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, LocalFunctionRuntime runtime)
    {
        endpoints.MapPost("/admin/functions/{name}", (HttpContext http, string name) => FireAsync(http, name, runtime));
        endpoints.MapGet("/admin/functions", (HttpContext http) =>
        {
            if (!runtime.Keys.IsAuthorized(http.Request)) return Results.Unauthorized();
            return Results.Json(runtime.Functions.Select(f => new
            {
                name = f.Name,
                trigger = f.BindingType,
                disabled = !runtime.EnabledFunctions.Contains(f),
                route = f.Http is null ? null : HttpTriggerEndpoints.Pattern(runtime.HostSettings.RoutePrefix, f.Http.Route),
                methods = f.Http?.Methods,
                queue = f.Queue is null ? null : runtime.QueueNameFor(f),
                schedule = f.Timer is null ? null : runtime.Resolve(f.Timer.Schedule),
            }));
        });
    }

    private static async Task<IResult> FireAsync(HttpContext http, string name, LocalFunctionRuntime runtime)
    {
        if (!runtime.Keys.IsAuthorized(http.Request)) return Results.Unauthorized();
        var function = runtime.Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        if (function is null) return Results.NotFound();
        if (function.Trigger == TriggerKind.Http)
            return Results.BadRequest(new { error = $"'{function.Name}' is an HTTP function: call its route instead." });

        string? input = null;
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(http.RequestAborted);
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                using var body = JsonDocument.Parse(text);
                if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("input", out var value))
                    input = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            }
            catch (JsonException error)
            {
                return Results.BadRequest(new { error = $"The body must be JSON like {{\"input\": \"...\"}}: {error.Message}" });
            }
        }

        _ = runtime.FireByHand(function, input ?? string.Empty);
        return Results.Accepted();
    }
}
