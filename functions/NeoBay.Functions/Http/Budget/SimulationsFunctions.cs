using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using NeoBay.Contracts.Budget;
using NeoBay.Functions.Auth;
using NeoBay.Functions.Http.Payments;
using NeoBay.Functions.Queues;
using NeoBay.Grants.Common;
using NeoBay.Grants.Simulations;
using NeoBay.Grants.Storage.Simulations;
using NeoBay.Policy;
using NeoBay.Policy.Reforms;

namespace NeoBay.Functions.Http.Budget;

/// <summary>What-if jobs (#17, docs/budget.md "What-if"): start (admin) and follow (admin); the queue function runs them.</summary>
public sealed class SimulationsFunctions(ISimulationJobUseCases simulations, PolicyCatalog catalog, TimeProvider clock, EvaluationQueueOptions queueOptions,
    ILogger<SimulationsFunctions> logger)
{
    [Function(nameof(StartSimulation))]
    [RequireRoles(Roles.Admin)]
    public async Task<IActionResult> StartSimulation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/simulations")] HttpRequest req)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (yaml, fromText, toText, problem) = await ReadAsync(req);
        if (problem is not null) return problem;
        if (yaml is null)
            return Problems.Create(400, "ReformRequired", req, "reform");
        var from = Date(fromText, catalog.Policy.ValidFrom);
        var to = Date(toText, ChinaCalendar.Today(clock));
        if (from is null || to is null || to < from)
            return Problems.Create(400, "InvalidPeriod", req, from is null ? "from" : "to");

        var key = req.Headers["Idempotency-Key"].ToString();
        var id = key.Length is > 0 and <= 200 ? SimulationIds.For(caller.Subject, key) : SimulationIds.New();
        SimulationJob job;
        try
        {
            job = await simulations.StartAsync(id, yaml, new SimulationPeriod(from.Value, to.Value), caller.Subject, req.HttpContext.RequestAborted);
        }
        catch (ReformException e)
        {
            var field = e.Field.Length == 0 ? "reform" : "reform." + e.Field;
            return Problems.Create(400, "InvalidReform", req, field, field, e.Problem);
        }

        logger.LogInformation("Simulation {Id} queued by {Caller} for {From}…{To}", job.Id, caller.LogLabel, job.From, job.To);
        return PaymentsJson.Json(StatusCodes.Status202Accepted, View(job), SimulationsJsonContext.Default.SimulationJobView)
            .WithHeader("Location", $"/api/admin/simulations/{job.Id}");
    }

    [Function(nameof(GetSimulation))]
    [RequireRoles(Roles.Admin)]
    public async Task<IActionResult> GetSimulation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/simulations/{id}")] HttpRequest req, string id)
    {
        if (!SimulationIds.IsValid(id) || await simulations.GetAsync(id, req.HttpContext.RequestAborted) is not { } job)
            return Problems.Create(404, "SimulationNotFound", req);
        return PaymentsJson.Json(StatusCodes.Status200OK, View(job), SimulationsJsonContext.Default.SimulationJobView);
    }

    /// <summary>
    /// Runs (or resumes) a job; delivery is at least once and the job counts each page once. On the last delivery a failure
    /// marks the job <c>failed</c> and is rethrown (the message goes to <c>simulations-poison</c>).
    /// </summary>
    [Function(nameof(RunSimulation))]
    public async Task RunSimulation([QueueTrigger(QueueSimulationQueue.QueueName, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
    {
        if (QueueSimulationQueue.Read(message.Body.ToString()) is not { } id)
        {
            logger.LogWarning("Message {MessageId} is not a simulation; dropped", message.MessageId);
            return;
        }

        try
        {
            var job = await simulations.RunAsync(id, cancellationToken);
            logger.LogInformation("Simulation {Id} {Status}: {Processed}/{Total}", id, job?.Status, job?.Processed, job?.Total);
        }
        catch (Exception e) when (message.DequeueCount >= queueOptions.MaxDequeueCount)
        {
            logger.LogError(e, "Simulation {Id} failed its last attempt ({Count}); marked failed", id, message.DequeueCount);
            await simulations.MarkFailedAsync(id, e.GetType().Name, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The reform and period: a YAML body (<c>application/yaml</c>, period in the query), or JSON with <c>reform</c> as a YAML
    /// string (one line: JSON strings refuse control characters, so flow style) or as an object — JSON is YAML's flow style.
    /// </summary>
    private static async Task<(string? Yaml, string? From, string? To, ApiResult? Problem)> ReadAsync(HttpRequest req)
    {
        if (MediaTypeHeaderValue.TryParse(req.ContentType, out var media) && media.MediaType.Value is { } type
            && (type.Equals("application/yaml", StringComparison.OrdinalIgnoreCase) || type.Equals("text/yaml", StringComparison.OrdinalIgnoreCase)))
        {
            var (text, textProblem) = await RequestBody.ReadTextAsync(req, BodySize.Small);
            return (text is { Length: > 0 } ? text : null, Query(req, "from"), Query(req, "to"), textProblem);
        }

        var (body, problem) = await PaymentsJson.ReadAsync(req, SimulationsJsonContext.Default.SimulationRequest, BodySize.Small);
        if (problem is not null) return (null, null, null, problem);
        var yaml = body!.Reform is { ValueKind: JsonValueKind.String } text2 ? text2.GetString()
            : body.Reform is { ValueKind: JsonValueKind.Object } parsed ? parsed.GetRawText()
            : null;
        return (yaml, body.From, body.To, null);
    }

    private static string? Query(HttpRequest req, string name) => req.Query[name].ToString() is { Length: > 0 } value ? value : null;

    private static SimulationJobView View(SimulationJob j) =>
        new(j.Id, j.Status, j.ReformName, j.From, j.To, j.Processed, j.Total, j.CreatedAt, j.UpdatedAt, j.Result, j.Error);

    private static DateOnly? Date(string? text, DateOnly fallback) =>
        text is null ? fallback
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
