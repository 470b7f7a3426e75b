using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Evaluation;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Applications;
using NeoBay.Grants.Storage.Documents;
using NeoBay.Grants.Storage.Ledger;
using NeoBay.Grants.Storage.Renewals;
using NeoBay.Grants.Tests.Documents;
using NeoBay.Policy;
using NeoBay.Testing;

namespace NeoBay.Grants.Tests.Renewals;

/// <summary>
/// Grants approved through the real lifecycle (submit → evaluate → approve) in fiscal 2026, in tables with a
/// unique prefix, and the renewal run wired to them — optionally through a storage client that crashes after N requests.
/// </summary>
public sealed class RenewalHarness
{
    /// <summary>2026-11-26 11:00 CST: approvals fall in fiscal 2026.</summary>
    public static readonly DateTimeOffset ApprovalTime = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    /// <summary>2027-01-01 00:05 CST (2026-12-31 16:05 UTC): the timer's moment; fiscal 2027 has begun.</summary>
    public static readonly DateTimeOffset RunTime = new(2026, 12, 31, 16, 5, 0, TimeSpan.Zero);

    public static readonly Lazy<PolicyCatalog> Catalog = new(PolicyCatalog.LoadEmbedded);
    public static readonly Caller Reviewer = Caller.Create("reviewer-1", [Roles.Reviewer]);
    public static readonly Caller Admin = Caller.Create("admin-1", [Roles.Admin]);

    private RenewalHarness(string connection, string prefix, FakeTimeProvider clock)
    {
        Connection = connection;
        Prefix = prefix;
        Clock = clock;
        Tables = new GrantsTables(new TableServiceClient(connection), prefix);
        Applications = new TableApplicationStore(Tables);
        Grants = new TableGrantStore(Tables);
        DocumentStore = new TableDocumentStore(Tables);
        Lifecycle = new ApplicationService(Applications, new NullEvaluationQueue(), Clock);
        Decisions = new DecisionService(Applications, Grants, new DocumentChecklist(DocumentStore, Catalog.Value), Clock);
        var container = new Azure.Storage.Blobs.BlobContainerClient(connection, Azurite.UniqueName("documents"));
        DocumentBlobs = new BlobDocumentStorage(container);
        Documents = new DocumentService(Lifecycle, DocumentStore, DocumentBlobs, new AccountKeySasIssuer(container, Clock), Catalog.Value, new DocumentOptions(), Clock);
        Evaluation = new EvaluationService(Applications, Grants, new PolicyEngine(Catalog.Value), Clock);
    }

    public string Connection { get; }
    public string Prefix { get; }
    public FakeTimeProvider Clock { get; }
    public GrantsTables Tables { get; }
    public TableApplicationStore Applications { get; }
    public TableGrantStore Grants { get; }
    public ApplicationService Lifecycle { get; }
    public DecisionService Decisions { get; }
    public EvaluationService Evaluation { get; }
    public TableDocumentStore DocumentStore { get; }
    public BlobDocumentStorage DocumentBlobs { get; }
    public DocumentService Documents { get; }
    public RecordingRenewalQueue Queue { get; } = new();

    public static async Task<RenewalHarness> CreateAsync() =>
        new(await Azurite.GetConnectionStringAsync(), Azurite.UniqueName("r"), new FakeTimeProvider(ApprovalTime));

    /// <summary>A valid USCC numbered <paramref name="n"/> (GB 32100 check character computed).</summary>
    public static string UsccOf(int n)
    {
        var first17 = $"91310000MA1{n:D6}";
        return first17 + Uscc.CheckCharacter(first17);
    }

    public static Caller ApplicantOf(string uscc) => Caller.Create("applicant-" + uscc, [Roles.Applicant], uscc);

    /// <summary>Submits, evaluates and approves (at the computed amount); returns the grant id.</summary>
    public async Task<string> ApproveAsync(string measure, ApplicantKind kind, string uscc, IReadOnlyDictionary<string, FactValue> facts, bool isSme = false)
    {
        var (id, etag) = await PrepareAsync(measure, kind, uscc, facts, isSme);
        var decided = await Decisions.DecideAsync(Reviewer, id, etag, new DecisionCommand(true, null, null));
        Assert.True(decided.IsSuccess, decided.Error?.Code);
        return decided.Value!.GrantId!;
    }

    /// <summary>Submits and evaluates (eligible) with the required documents verified; returns the application's id and ETag, ready for a decision.</summary>
    public async Task<(string Id, string ETag)> PrepareAsync(string measure, ApplicantKind kind, string uscc, IReadOnlyDictionary<string, FactValue> facts, bool isSme = false)
    {
        var request = new EvaluationRequest(measure, default, new Applicant(kind, uscc, "申请人 " + uscc[^4..], true, isSme), new ProjectRef("P-" + measure, "项目"), facts, []);
        var submitted = await Lifecycle.SubmitAsync(ApplicantOf(uscc), request, null);
        Assert.True(submitted.IsSuccess, submitted.Error?.Code);
        await Evaluation.EvaluateAsync(submitted.Value!.Id);
        var evaluated = (await Lifecycle.GetAsync(Reviewer, submitted.Value.Id)).Value!;
        Assert.True(evaluated.Status == ApplicationStatus.Eligible, $"{measure}: {evaluated.Status} {string.Join(",", evaluated.Decision?.Reasons.Select(r => r.Code) ?? [])}");
        await RequiredDocuments.CompleteRequiredDocumentsAsync(Documents, DocumentBlobs, Applications, Catalog.Value, submitted.Value.Id);
        return (submitted.Value.Id, (await Lifecycle.GetAsync(Reviewer, submitted.Value.Id)).Value!.HttpETag);
    }

    /// <summary>Revokes a grant through the lifecycle's revocation (header, audit and holds, then the index).</summary>
    public async Task RevokeAsync(string grantId)
    {
        var revoked = await Services().Records.RevokeAsync(grantId, "admin-1", "违规撤销");
        Assert.True(revoked.IsSuccess, revoked.Error?.Code);
    }

    /// <summary>The run over these tables; <paramref name="crashAfter"/> makes its storage fail after that many requests.</summary>
    public (RenewalService Run, RenewalRecordsService Records, CountingPolicy Requests) Services(CountingPolicy? crashAfter = null, string? runTablePrefix = null,
        RenewalOptions? options = null)
    {
        var requests = crashAfter ?? new CountingPolicy(int.MaxValue);
        var clientOptions = new TableClientOptions();
        clientOptions.AddPolicy(requests, HttpPipelinePosition.PerCall);
        var service = new TableServiceClient(Connection, clientOptions);
        var tables = new GrantsTables(service, Prefix);
        var store = new TableRenewalStore(tables, new RenewalTables(service, runTablePrefix ?? Prefix));
        var run = new RenewalService(store, new TableGrantStore(tables), new TableApplicationStore(tables), Queue, Catalog.Value, Clock, options ?? new RenewalOptions(PageSize: 4));
        return (run, new RenewalRecordsService(store, Catalog.Value, Clock), requests);
    }

    /// <summary>Starts (or resumes) the run and processes every shard, in order.</summary>
    public static async Task<RenewalReport> RunAsync(RenewalService run, int fiscalYear)
    {
        var started = await run.StartAsync("test", fiscalYear);
        Assert.True(started.IsSuccess, started.Error?.Code);
        for (var shard = 0; shard < GrantKeys.ShardCount; shard++) await run.ProcessShardAsync(fiscalYear, shard);
        return (await run.ReportAsync(fiscalYear))!;
    }

    /// <summary>Every row of the grants table (ledger, renewal rows, audit), as text without the service's timestamps.</summary>
    public async Task<IReadOnlyList<string>> SnapshotAsync()
    {
        var table = await Tables.GetAsync(GrantsTables.Grants);
        var rows = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>())
        {
            var fields = e.Keys.Where(k => k is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey")).OrderBy(k => k, StringComparer.Ordinal)
                .Select(k => $"{k}={Format(e[k])}");
            rows.Add($"{e.PartitionKey}/{e.RowKey}: {string.Join(" ", fields)}");
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>A copy of these tables under a new prefix, same ids (for runs that must compare ledgers).</summary>
    public async Task<RenewalHarness> CloneAsync()
    {
        var copy = new RenewalHarness(Connection, Azurite.UniqueName("r"), new FakeTimeProvider(Clock.GetUtcNow()));
        var service = new TableServiceClient(Connection);
        await service.GetTableClient(Prefix + RenewalTables.Renewals).CreateIfNotExistsAsync();
        await service.GetTableClient(copy.Prefix + RenewalTables.Renewals).CreateIfNotExistsAsync();
        foreach (var name in new[] { GrantsTables.Grants, GrantsTables.GrantIndex, GrantsTables.Applications, RenewalTables.Renewals })
        {
            var from = name == RenewalTables.Renewals ? service.GetTableClient(Prefix + name) : await Tables.GetAsync(name);
            var to = name == RenewalTables.Renewals ? service.GetTableClient(copy.Prefix + name) : await copy.Tables.GetAsync(name);
            var byPartition = new Dictionary<string, List<TableTransactionAction>>();
            await foreach (var e in from.QueryAsync<TableEntity>())
            {
                if (!byPartition.TryGetValue(e.PartitionKey, out var list)) byPartition[e.PartitionKey] = list = [];
                list.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, e));
            }

            foreach (var actions in byPartition.Values) await TableBatchWriter.SubmitAsync(to, actions);
        }

        return copy;
    }

    private static string Format(object? value) => value switch
    {
        DateTimeOffset d => d.UtcDateTime.ToString("O"),
        DateTime d => d.ToUniversalTime().ToString("O"),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "null",
    };
}

/// <summary>Counts storage requests; after <see cref="FailAfter"/> of them every request fails (a crash, or storage gone).</summary>
public sealed class CountingPolicy(int failAfter, bool lastOneLands = false) : HttpPipelinePolicy
{
    private int count;

    public int FailAfter { get; } = failAfter;
    public int Count => Volatile.Read(ref count);

    /// <summary>Method and path of every request, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string Method, string Path)> Log { get; } = new();

    /// <summary>Transactions sent (to any table).</summary>
    public int Batches => Log.Count(r => r.Path.EndsWith("$batch", StringComparison.Ordinal));

    /// <summary>Reads of the grants table with the given prefix (partition queries and point reads).</summary>
    public int GrantReads(string prefix) => Log.Count(r => r.Method == "GET" && r.Path.Contains("/" + prefix + GrantsTables.Grants + "(", StringComparison.Ordinal));

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var n = Interlocked.Increment(ref count);
        Log.Enqueue((message.Request.Method.Method, message.Request.Uri.Path));
        if (n > FailAfter) throw new RequestFailedException(503, $"Simulated crash: request {n} after {FailAfter}.");
        await ProcessNextAsync(message, pipeline);
        // The write reached storage but its answer is lost.
        if (n == FailAfter && lastOneLands) throw new RequestFailedException(503, $"Simulated crash: the answer of request {n} is lost.");
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}

public sealed class RecordingRenewalQueue : IRenewalQueue
{
    public List<(int FiscalYear, int Shard)> Sent { get; } = [];

    public Task EnqueueAsync(int fiscalYear, int shard, CancellationToken cancellationToken = default)
    {
        lock (Sent) Sent.Add((fiscalYear, shard));
        return Task.CompletedTask;
    }
}

public sealed class NullEvaluationQueue : IEvaluationQueue
{
    public Task EnqueueAsync(string applicationId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
