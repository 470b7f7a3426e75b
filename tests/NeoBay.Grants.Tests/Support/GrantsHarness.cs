using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Evaluation;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Applications;
using NeoBay.Grants.Storage.Documents;
using NeoBay.Grants.Storage.Ledger;
using NeoBay.Grants.Tests.Documents;
using NeoBay.Policy;
using NeoBay.Testing;

namespace NeoBay.Grants.Tests.Support;

/// <summary>The use cases wired to real tables in Azurite (unique names per harness) and an in-memory queue.</summary>
public sealed class GrantsHarness
{
    /// <summary>2026-11-26 11:00 CST: fiscal year 2026, inside the policy's validity.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    public const string UsccA = "91330100799655058B";
    public const string UsccB = "91310000MA1FL0000X";

    private GrantsHarness(GrantsTables tables, IPolicyEngine engine, BlobContainerClient documents)
    {
        Tables = tables;
        Applications = new TableApplicationStore(tables);
        Grants = new TableGrantStore(tables);
        DocumentStore = new TableDocumentStore(tables);
        Service = new ApplicationService(Applications, Queue, Clock);
        Decisions = new DecisionService(Applications, Grants, new DocumentChecklist(DocumentStore, Catalog.Value), Clock, events: Events);
        DocumentBlobs = new BlobDocumentStorage(documents);
        Documents = new DocumentService(Service, DocumentStore, DocumentBlobs, new AccountKeySasIssuer(documents, Clock), Catalog.Value, new DocumentOptions(), Clock);
        Evaluation = new EvaluationService(Applications, Grants, engine, Clock, events: Events);
    }

    public FakeTimeProvider Clock { get; } = new(Start);
    public RecordingQueue Queue { get; } = new();
    /// <summary>The application and grant events the use cases published (push, issue 15).</summary>
    public Notifications.RecordingGrantEvents Events { get; } = new();
    public GrantsTables Tables { get; }
    public TableApplicationStore Applications { get; }
    public TableGrantStore Grants { get; }
    public ApplicationService Service { get; }
    public DecisionService Decisions { get; }
    public EvaluationService Evaluation { get; }
    public TableDocumentStore DocumentStore { get; }
    public BlobDocumentStorage DocumentBlobs { get; }
    public DocumentService Documents { get; }

    public static Caller ApplicantA { get; } = Caller.Create("applicant-a", [Roles.Applicant], UsccA);
    public static Caller ApplicantB { get; } = Caller.Create("applicant-b", [Roles.Applicant], UsccB);
    public static Caller Reviewer { get; } = Caller.Create("reviewer-1", [Roles.Reviewer]);

    public static async Task<GrantsHarness> CreateAsync(IPolicyEngine? engine = null)
    {
        var connection = await Azurite.GetConnectionStringAsync();
        var service = new TableServiceClient(connection);
        return new GrantsHarness(new GrantsTables(service, Azurite.UniqueName("t")), engine ?? RealEngine.Value,
            new BlobContainerClient(connection, Azurite.UniqueName("documents")));
    }

    /// <summary>A fresh harness with one application of applicant A submitted, evaluated and its required documents verified.</summary>
    public static async Task<(GrantsHarness H, string Id)> SubmittedAndEvaluatedAsync(EvaluationRequest? request = null, IPolicyEngine? engine = null)
    {
        var h = await CreateAsync(engine);
        var submitted = await h.Service.SubmitAsync(ApplicantA, request ?? A021(), null);
        Assert.True(submitted.IsSuccess, submitted.Error?.Code);
        await h.Evaluation.EvaluateAsync(submitted.Value!.Id);
        await h.CompleteRequiredDocumentsAsync(submitted.Value.Id);
        return (h, submitted.Value.Id);
    }

    public static readonly Lazy<PolicyCatalog> Catalog = new(PolicyCatalog.LoadEmbedded);

    public static readonly Lazy<IPolicyEngine> RealEngine = new(() => new PolicyEngine(Catalog.Value));

    public static EvaluationRequest Request(string measure, string uscc, IReadOnlyDictionary<string, FactValue> facts, string projectKey = "P-1") =>
        new(measure, default, new Applicant(ApplicantKind.Enterprise, uscc, "测试企业", true, false), new ProjectRef(projectKey, "项目"), facts, []);

    public static EvaluationRequest A021(string uscc = UsccA, decimal totalInvestment = 12_000_000m) =>
        Request("A02.1", uscc, new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(totalInvestment), ["nationalApproval"] = FactValue.Of(true) });
}

public sealed class RecordingQueue : IEvaluationQueue
{
    public List<string> Sent { get; } = [];

    public Task EnqueueAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        lock (Sent) Sent.Add(applicationId);
        return Task.CompletedTask;
    }
}

/// <summary>An engine answering a fixed decision (for flows the catalog does not drive here).</summary>
public sealed class FixedEngine(Func<EvaluationRequest, IReadOnlyList<PriorAward>, Decision> answer) : IPolicyEngine
{
    public int Calls;

    public PolicyCatalog Catalog => throw new InvalidOperationException("Not used by the flows.");

    public Decision Evaluate(EvaluationRequest request, IReadOnlyList<PriorAward> history)
    {
        Interlocked.Increment(ref Calls);
        return answer(request, history);
    }
}
