using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NeoBay.Functions.Http.Budget;
using NeoBay.Functions.Queues;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Simulations;
using NeoBay.Policy;
using NeoBay.Policy.Reforms;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class SimulationsFunctionsTests
{
    private const string Reform = "{name: r, changes: []}";
    private static readonly Lazy<PolicyCatalog> Catalog = new(PolicyCatalog.LoadEmbedded);
    private static readonly string Id = SimulationIds.For("admin-1", "k-1");
    private readonly Mock<ISimulationJobUseCases> simulations = new(MockBehavior.Strict);
    private readonly FakeTimeProvider clock = new(Triggers.Instant);

    private SimulationsFunctions Functions() => new(simulations.Object, Catalog.Value, clock, new EvaluationQueueOptions(5), NullLogger<SimulationsFunctions>.Instance);

    private static SimulationJob Job(string status) =>
        new(Id, status, "r", Reform, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), "admin-1", Triggers.Instant, Triggers.Instant, Total: 10, Processed: 4);

    [Fact]
    public async Task A_job_is_started_with_the_idempotency_keyed_id_and_period_and_answers_202_with_Location()
    {
        simulations.Setup(s => s.StartAsync(Id, Reform, new SimulationPeriod(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), "admin-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Job(SimulationStatus.Queued));

        var result = (await Functions().StartSimulation(Requests.Make("POST", $$"""{"reform": "{{Reform}}", "from": "2025-01-01", "to": "2025-12-31"}""", Triggers.Admin,
            ("Idempotency-Key", "k-1")))).Api();

        Assert.Equal((202, $"/api/admin/simulations/{Id}"), (result.StatusCode, result.Headers["Location"]));
        Assert.Equal(("queued", 4, 10), (result.JsonBody().GetProperty("status").GetString(), result.JsonBody().GetProperty("processed").GetInt32(), result.JsonBody().GetProperty("total").GetInt32()));
    }

    [Fact]
    public async Task A_missing_reform_a_reversed_period_and_a_reform_that_does_not_apply_are_400()
    {
        (await Functions().StartSimulation(Requests.Make("POST", """{"from": "2025-01-01"}""", Triggers.Admin))).Problem(400, "ReformRequired");
        (await Functions().StartSimulation(Requests.Make("POST", $$"""{"reform": "{{Reform}}", "from": "2025-12-31", "to": "2025-01-01"}""", Triggers.Admin))).Problem(400, "InvalidPeriod");
        simulations.Setup(s => s.StartAsync(It.IsAny<string>(), Reform, It.IsAny<SimulationPeriod>(), "admin-1", It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ReformException("changes[0].path", "unknown parameter"));

        var problem = (await Functions().StartSimulation(Requests.Make("POST", $$"""{"reform": "{{Reform}}"}""", Triggers.Admin))).Problem(400, "InvalidReform");

        Assert.Equal("reform.changes[0].path", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        // No period given: from the policy's first day to today in CST (2026-11-26).
        simulations.Verify(s => s.StartAsync(It.IsAny<string>(), Reform, new SimulationPeriod(Catalog.Value.Policy.ValidFrom, new DateOnly(2026, 11, 26)), "admin-1",
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_job_is_read_by_its_id_and_a_malformed_or_unknown_id_is_404()
    {
        simulations.Setup(s => s.GetAsync(Id, It.IsAny<CancellationToken>())).ReturnsAsync(Job(SimulationStatus.Running));
        simulations.Setup(s => s.GetAsync(SimulationIds.For("admin-1", "other"), It.IsAny<CancellationToken>())).ReturnsAsync((SimulationJob?)null);

        Assert.Equal("running", (await Functions().GetSimulation(Requests.Make(caller: Triggers.Admin), Id)).Json().GetProperty("status").GetString());
        (await Functions().GetSimulation(Requests.Make(caller: Triggers.Admin), SimulationIds.For("admin-1", "other"))).Problem(404, "SimulationNotFound");
        (await Functions().GetSimulation(Requests.Make(caller: Triggers.Admin), "../x")).Problem(404, "SimulationNotFound");
        simulations.Verify(s => s.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_job_message_runs_the_job()
    {
        simulations.Setup(s => s.RunAsync(Id, It.IsAny<CancellationToken>())).ReturnsAsync(Job(SimulationStatus.Completed));

        await Functions().RunSimulation(Triggers.Message($$"""{"id":"{{Id}}"}"""), CancellationToken.None);

        simulations.Verify(s => s.RunAsync(Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_last_failed_delivery_marks_the_job_failed_and_rethrows_an_earlier_one_only_rethrows()
    {
        simulations.Setup(s => s.RunAsync(Id, It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("slow"));
        simulations.Setup(s => s.MarkFailedAsync(Id, "TimeoutException", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        await Assert.ThrowsAsync<TimeoutException>(() => Functions().RunSimulation(Triggers.Message($$"""{"id":"{{Id}}"}""", 4), CancellationToken.None));
        simulations.Verify(s => s.MarkFailedAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        await Assert.ThrowsAsync<TimeoutException>(() => Functions().RunSimulation(Triggers.Message($$"""{"id":"{{Id}}"}""", 5), CancellationToken.None));
        simulations.Verify(s => s.MarkFailedAsync(Id, "TimeoutException", It.IsAny<CancellationToken>()), Times.Once);
    }
}
