using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace NeoBay.LocalHost.Tests.TestApp;

public sealed record Order(string Id, long AmountFen);

/// <summary>A small Function App for the host's tests: HTTP, queue and timer triggers.</summary>
public sealed class TestFunctions(Recorder recorder)
{
    [Function(nameof(Hello))]
    public IActionResult Hello([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "hello/{name}")] HttpRequest request, string name) =>
        new OkObjectResult(new { greeting = $"hello {name}" });

    [Function(nameof(ItemById))]
    public Task<IActionResult> ItemById([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{id:long}")] HttpRequest request, long id, Guid? tenant = null) =>
        Task.FromResult<IActionResult>(new OkObjectResult(new { id, doubled = id * 2, tenant }));

    [Function(nameof(CreateItem))]
    public async Task<IActionResult> CreateItem([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "items")] HttpRequest request, CancellationToken cancellationToken)
    {
        var order = await JsonSerializer.DeserializeAsync<Order>(request.Body, JsonSerializerOptions.Web, cancellationToken);
        return new CreatedResult($"/api/items/{order!.Id}", order);
    }

    [Function(nameof(DefaultRoute))]
    public IActionResult DefaultRoute([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequest request) => new ContentResult { Content = request.Method, StatusCode = 200 };

    [Function(nameof(Secret))]
    public IActionResult Secret([HttpTrigger(AuthorizationLevel.Function, "get", Route = "secret")] HttpRequest request) => new OkObjectResult("opened");

    [Function(nameof(Probe))]
    public IActionResult Probe([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "probe")] HttpRequest request, FunctionContext context)
    {
        recorder.Record(nameof(Probe), context.InvocationId);
        return new OkObjectResult(new
        {
            sameHttpContext = ReferenceEquals(context.GetHttpContext(), request.HttpContext),
            function = context.FunctionDefinition.Name,
            entryPoint = context.FunctionDefinition.EntryPoint,
            trigger = context.FunctionDefinition.InputBindings.Values.Single().Type,
            middleware = context.Items.TryGetValue(OrderMiddleware.ItemKey, out var trail) ? trail : null,
            hasServices = context.InstanceServices.GetService(typeof(Recorder)) is not null,
        });
    }

    [Function(nameof(Boom))]
    public IActionResult Boom([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "boom")] HttpRequest request) =>
        throw new InvalidOperationException("boom");

    [Function(nameof(Consume))]
    public void Consume([QueueTrigger("%TestQueue%", Connection = "AzureWebJobsStorage")] QueueMessage message, FunctionContext context) =>
        recorder.Record(nameof(Consume), $"{message.Body}|{message.DequeueCount}|{context.BindingContext.BindingData["DequeueCount"]}");

    [Function(nameof(ConsumeOrder))]
    public Task ConsumeOrder([QueueTrigger("%OrderQueue%")] Order order)
    {
        recorder.Record(nameof(ConsumeOrder), $"{order.Id}:{order.AmountFen}");
        return Task.CompletedTask;
    }

    [Function(nameof(AlwaysFails))]
    public void AlwaysFails([QueueTrigger("%FailQueue%")] string text, long dequeueCount)
    {
        recorder.Record(nameof(AlwaysFails), $"{text}|{dequeueCount}|{TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()}");
        throw new InvalidOperationException("this function always fails");
    }

    [Function(nameof(Slow))]
    public async Task Slow([QueueTrigger("%SlowQueue%")] string text)
    {
        recorder.Enter();
        try
        {
            await Task.Delay(300);
            recorder.Record(nameof(Slow), text);
        }
        finally
        {
            recorder.Leave();
        }
    }

    /// <summary>Runs until the test opens <see cref="Recorder.Gate"/>: a long run, driven by an explicit signal.</summary>
    [Function(nameof(Gated))]
    public async Task Gated([QueueTrigger("%GateQueue%")] string text, long dequeueCount)
    {
        recorder.Record(nameof(Gated) + "Entered", text);
        await recorder.Gate.Task;
        recorder.Record(nameof(Gated), $"{text}|{dequeueCount}");
    }

    [Function(nameof(Tick))]
    public void Tick([TimerTrigger("%TickSchedule%")] TimerInfo timer) =>
        recorder.Record(nameof(Tick), $"{timer.IsPastDue}|{timer.ScheduleStatus?.Next:O}");
}
