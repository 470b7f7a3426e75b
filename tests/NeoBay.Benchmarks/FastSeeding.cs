using System.Collections.Concurrent;
using System.Text.Json;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Evaluation;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Applications;
using NeoBay.Policy;

namespace NeoBay.Benchmarks;

/// <summary>
/// The fast seeding path of the what-if benchmark (docs/benchmarks.md): each application is submitted and evaluated by the
/// real use cases (<see cref="ApplicationService"/>, <see cref="EvaluationService"/>, the engine) against an in-memory store,
/// then what they wrote is stored with <see cref="TableApplicationStore.SeedAsync"/> (the adapters' entity mapping, one
/// transaction per application partition, up to 100 list entries per index partition). No grants are read: the seeded
/// applicants have none.
/// </summary>
internal static class FastSeeding
{
    public static async Task SeedAsync(GrantsTables tables, PolicyCatalog catalog, TimeProvider clock, IEnumerable<EvaluationRequest> requests,
        int parallel, CancellationToken cancellationToken = default)
    {
        var target = new TableApplicationStore(tables);
        var memory = new MemoryApplicationStore(target);
        var phase = new CpuMeter();
        await RunUseCasesAsync(memory, catalog, clock, requests, cancellationToken);
        Console.WriteLine($"  use cases in memory: {phase.Describe()}");
        phase = new CpuMeter();
        await target.SeedAsync(memory.Written(), parallel, cancellationToken);
        Console.WriteLine($"  table transactions: {phase.Describe()}");
    }

    /// <summary>
    /// The self-check: one request through the use cases on the tables, the same request through the fast path; both read
    /// back (application, audit, list entry) identical but for the id. Throws when they differ.
    /// </summary>
    public static async Task CheckAsync(GrantsTables grantsTables, PolicyCatalog catalog, TimeProvider clock, EvaluationRequest request)
    {
        var tables = new TableApplicationStore(grantsTables);
        var direct = await RunUseCasesAsync(tables, catalog, clock, [request]);
        var memory = new MemoryApplicationStore(tables);
        var fast = await RunUseCasesAsync(memory, catalog, clock, [request]);
        await tables.SeedAsync(memory.Written());
        var (a, b) = (Normalise(await tables.GetAsync(direct[0])), Normalise(await tables.GetAsync(fast[0])));
        var (auditA, auditB) = (Audit(await tables.GetAuditAsync(direct[0])), Audit(await tables.GetAuditAsync(fast[0])));
        var listed = new List<ApplicationSummary>();
        for (string? token = null; ;)
        {
            var page = await tables.ListAsync(request.Applicant.Uscc, token, 100);
            listed.AddRange(page.Items);
            if ((token = page.ContinuationToken) is null) break;
        }

        var (summaryA, summaryB) = (listed.Single(s => s.Id == direct[0]) with { Id = "" }, listed.Single(s => s.Id == fast[0]) with { Id = "" });
        if (a != b || auditA != auditB || summaryA != summaryB)
            throw new InvalidOperationException($"The fast-seeded application differs from the use case's:\n{a}\n{b}\n{auditA}\n{auditB}\n{summaryA}\n{summaryB}");
    }

    private static async Task<IReadOnlyList<string>> RunUseCasesAsync(IApplicationStore store, PolicyCatalog catalog, TimeProvider clock,
        IEnumerable<EvaluationRequest> requests, CancellationToken cancellationToken = default)
    {
        var grants = new NoGrants();
        var lifecycle = new ApplicationService(store, new NoQueue(), clock);
        var evaluation = new EvaluationService(store, grants, new PolicyEngine(catalog), clock);
        var ids = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, async (request, ct) =>
        {
            var uscc = request.Applicant.Uscc;
            var submitted = await lifecycle.SubmitAsync(Caller.Create("applicant-" + uscc, [Roles.Applicant], uscc), request, null, ct);
            if (!submitted.IsSuccess) throw new InvalidOperationException(submitted.Error!.Code);
            await evaluation.EvaluateAsync(submitted.Value!.Id, ct);
            ids.Enqueue(submitted.Value.Id);
        });
        return [.. ids];
    }

    /// <summary>The stored record as text, without what differs by construction (its id and storage ETag).</summary>
    private static string Normalise(ApplicationRecord? application) =>
        application is null ? "missing" : JsonSerializer.Serialize(application with { Id = "", StorageETag = null }, StorageJson.Options);

    private static string Audit(IReadOnlyList<AuditEntry> audit) =>
        string.Join("\n", audit.Select(a => JsonSerializer.Serialize(a with { Subject = "" }, StorageJson.Options)));

    /// <summary>What the use cases write, kept in memory (a storage ETag per version so their conditional writes hold).</summary>
    private sealed class MemoryApplicationStore(TableApplicationStore limits) : IApplicationStore
    {
        private readonly ConcurrentDictionary<string, (ApplicationRecord Application, List<AuditEntry> Audit)> rows = new(StringComparer.Ordinal);

        public IReadOnlyList<(ApplicationRecord, IReadOnlyList<AuditEntry>)> Written() =>
            rows.Values.OrderBy(r => r.Application.Id, StringComparer.Ordinal).Select(r => (r.Application with { StorageETag = null }, (IReadOnlyList<AuditEntry>)r.Audit)).ToList();

        public Task<bool> TryCreateAsync(ApplicationRecord application, AuditEntry audit, CancellationToken cancellationToken = default) =>
            Task.FromResult(rows.TryAdd(application.Id, (application with { StorageETag = "v1" }, [audit])));

        public Task<ApplicationRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
            Task.FromResult(rows.TryGetValue(id, out var row) ? row.Application : null);

        public Task<ApplicationRecord> ReplaceAsync(ApplicationRecord application, AuditEntry audit, CancellationToken cancellationToken = default)
        {
            var (current, log) = rows[application.Id];
            if (current.StorageETag != application.StorageETag) throw new ConcurrencyConflictException("Application " + application.Id + " changed.");
            var stored = application with { StorageETag = "v" + application.Version };
            rows[application.Id] = (stored, [.. log, audit]);
            return Task.FromResult(stored);
        }

        public Task UpsertIndexAsync(ApplicationSummary summary, CancellationToken cancellationToken = default) => Task.CompletedTask; // derived again by SeedAsync

        public Task<ListPage<ApplicationSummary>> ListAsync(string? uscc, string? continuationToken, int pageSize, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string id, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<AuditEntry>>(rows[id].Audit);

        public bool Fits(ApplicationRecord application) => limits.Fits(application);

        public Task<IdempotencyRecord?> GetIdempotencyAsync(string scope, string keyHash, CancellationToken cancellationToken = default) => Task.FromResult<IdempotencyRecord?>(null);

        public Task<bool> TryAddIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken = default) => Task.FromResult(true);
    }

    /// <summary>Seeded applicants have no grants: the engine's history is empty, as it reads from the empty tables.</summary>
    private sealed class NoGrants : IGrantStore
    {
        public Task<IReadOnlyList<GrantIndexEntry>> ListByApplicantAsync(string uscc, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<GrantIndexEntry>>([]);

        public Task<bool> TryCreateAsync(GrantRecord grant, IReadOnlyList<LedgerLine> lines, AuditEntry audit, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<GrantView?> GetAsync(string grantId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<(GrantRecord Grant, IReadOnlyList<LedgerLine> Lines)> UpdateAsync(GrantRecord grant, IReadOnlyList<LedgerLine> changedLines, AuditEntry audit,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> TryAddLineAsync(LedgerLine line, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task UpsertIndexAsync(GrantIndexEntry entry, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ListPage<GrantIndexEntry>> ListByShardAsync(int shard, string? continuationToken, int pageSize, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }

    private sealed class NoQueue : IEvaluationQueue
    {
        public Task EnqueueAsync(string applicationId, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

}
