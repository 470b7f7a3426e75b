using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Extensions.Logging;
using Moq;
using NeoBay.Functions.Telemetry;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Evaluation;
using NeoBay.Policy;

namespace NeoBay.Functions.Tests.Telemetry;

/// <summary>Each decorator wraps one use case interface: it passes the call through and adds the scopes and metrics of its events.</summary>
public sealed class ObservedUseCasesTests
{
    private static readonly Caller Reviewer = Caller.Create("reviewer-1", [Roles.Reviewer]);
    private static readonly Caller Applicant = Caller.Create("applicant-a", [Roles.Applicant], "91330100799655058B");

    [Fact]
    public async Task An_approval_is_decided_in_the_application_and_grant_scopes_and_counts_its_amount()
    {
        var (metrics, channel) = Metrics();
        var logger = new ScopeLogger<ObservedReviewUseCases>();
        var inner = new Mock<IReviewUseCases>(MockBehavior.Strict);
        var command = new DecisionCommand(true, null, null);
        inner.Setup(u => u.DecideAsync(Reviewer, "A1-x", "\"v3\"", command, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<DecisionResult>.Ok(new DecisionResult(ApplicationStatus.Approved, "G-A1-x", "A02.1", 240_000_000)));

        var result = await new ObservedReviewUseCases(inner.Object, metrics, logger).DecideAsync(Reviewer, "A1-x", "\"v3\"", command);

        Assert.Equal("G-A1-x", result.Value!.GrantId);
        Assert.Equal(["ApplicationId=A1-x", "GrantId=G-A1-x"], logger.Scopes);
        var metric = Assert.Single(channel.Items.OfType<MetricTelemetry>());
        Assert.Equal((BusinessMetrics.Approved, 2_400_000.00, "240000000", "A02.1"), (metric.Name, metric.Sum, metric.Properties["AmountFen"], metric.Properties["Measure"]));
    }

    [Fact]
    public async Task A_rejection_counts_once_and_a_refused_decision_or_a_stage_acceptance_counts_nothing()
    {
        var (metrics, channel) = Metrics();
        var logger = new ScopeLogger<ObservedReviewUseCases>();
        var inner = new Mock<IReviewUseCases>(MockBehavior.Strict);
        inner.Setup(u => u.DecideAsync(Reviewer, "A1-x", "\"v3\"", It.Is<DecisionCommand>(c => !c.Approve), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<DecisionResult>.Ok(new DecisionResult(ApplicationStatus.Rejected, null, "A02.1")));
        inner.Setup(u => u.DecideAsync(Reviewer, "A1-y", "\"v2\"", It.IsAny<DecisionCommand>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<DecisionResult>.Fail(new UseCaseError(ErrorKind.PreconditionFailed, "PreconditionFailed.Decision", "If-Match")));
        inner.Setup(u => u.AcceptStageAsync(Reviewer, "G-A1-z", 2, "\"v1\"", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<NeoBay.Grants.Ledger.GrantView>.Fail(UseCaseError.NotFound("NotFound.Grant")));
        var observed = new ObservedReviewUseCases(inner.Object, metrics, logger);

        Assert.Equal(ApplicationStatus.Rejected, (await observed.DecideAsync(Reviewer, "A1-x", "\"v3\"", new DecisionCommand(false, null, "outside the zone"))).Value!.Status);
        Assert.Equal(ErrorKind.PreconditionFailed, (await observed.DecideAsync(Reviewer, "A1-y", "\"v2\"", new DecisionCommand(true, null, null))).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await observed.AcceptStageAsync(Reviewer, "G-A1-z", 2, "\"v1\"")).Error!.Kind);

        Assert.Equal(["ApplicationId=A1-x", "ApplicationId=A1-y", "GrantId=G-A1-z"], logger.Scopes); // a rejection has no grant scope
        var metric = Assert.Single(channel.Items.OfType<MetricTelemetry>());
        Assert.Equal((BusinessMetrics.Rejected, 1.0, "A02.1"), (metric.Name, metric.Sum, metric.Properties["Measure"]));
    }

    [Fact]
    public async Task A_new_submission_counts_and_a_replay_does_not()
    {
        var (metrics, channel) = Metrics();
        var logger = new ScopeLogger<ObservedApplicationUseCases>();
        var request = new EvaluationRequest("A02.1", default, new Applicant(ApplicantKind.Enterprise, "91330100799655058B", null, true, false), null,
            new Dictionary<string, FactValue>(), []);
        var inner = new Mock<IApplicationUseCases>(MockBehavior.Strict);
        inner.Setup(u => u.SubmitAsync(Applicant, request, "key-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<SubmitResult>.Ok(new SubmitResult("A1-x", ApplicationStatus.Submitted, false)));
        inner.Setup(u => u.SubmitAsync(Applicant, request, "key-2", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<SubmitResult>.Ok(new SubmitResult("A1-y", ApplicationStatus.Submitted, true)));
        var observed = new ObservedApplicationUseCases(inner.Object, metrics, logger);

        Assert.Equal("A1-x", (await observed.SubmitAsync(Applicant, request, "key-1")).Value!.Id);
        Assert.True((await observed.SubmitAsync(Applicant, request, "key-2")).Value!.Replayed);

        Assert.Equal(["ApplicationId=A1-x"], logger.Scopes);
        var metric = Assert.Single(channel.Items.OfType<MetricTelemetry>());
        Assert.Equal((BusinessMetrics.Submitted, "A02.1"), (metric.Name, metric.Properties["Measure"]));
    }

    private static (BusinessMetrics Metrics, CapturingChannel Channel) Metrics()
    {
        var channel = new CapturingChannel();
        // Loopback only; the channel keeps everything in memory.
        var configuration = new TelemetryConfiguration
        {
            ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/", TelemetryChannel = channel,
        };
        return (new BusinessMetrics(new TelemetryClient(configuration)), channel);
    }

    /// <summary>Records each scope opened as "key=value".</summary>
    private sealed class ScopeLogger<T> : ILogger<T>
    {
        private readonly List<string> scopes = [];

        public string[] Scopes { get { lock (scopes) return [.. scopes]; } }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            if (state is IEnumerable<KeyValuePair<string, object>> pairs)
                lock (scopes) scopes.AddRange(pairs.Select(p => $"{p.Key}={p.Value}"));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
