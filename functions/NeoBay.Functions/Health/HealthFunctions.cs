using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NeoBay.Contracts.Health;
using NeoBay.Functions.Auth;
using NeoBay.Functions.Http;
using NeoBay.Grants.Storage;

namespace NeoBay.Functions.Health;

/// <summary>
/// Readiness: <c>GET /api/health/ready</c> answers 200 when tables, queues and blobs each answered one cheap call,
/// 503 naming the ones that did not. Liveness stays <c>GET /api/health</c> (the process answers; no storage call).
/// The platform's health check path (Elastic Premium) is readiness.
/// </summary>
public sealed class HealthFunctions(IStorageReadiness readiness)
{
    [Function(nameof(HealthReady))]
    [AllowAnonymous]
    public async Task<IActionResult> HealthReady([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/ready")] HttpRequest req)
    {
        var report = await readiness.CheckAsync(req.HttpContext.RequestAborted);
        var body = new ReadinessBody(
            report.Ready ? "ready" : "notReady",
            report.Services.ToDictionary(s => s.Service, s => s.Ok ? "ok" : s.Failure ?? "failed"),
            report.Services.Where(s => !s.Ok).Select(s => s.Service).ToList(),
            report.CheckedAt);
        return ApiResult.FromJson(report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
            System.Text.Json.JsonSerializer.Serialize(body, HealthJson.Default.ReadinessBody));
    }
}
