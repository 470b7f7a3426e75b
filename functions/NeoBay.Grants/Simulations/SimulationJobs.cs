using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Policy;
using NeoBay.Policy.Reforms;

namespace NeoBay.Grants.Simulations;

/// <summary>Status values of a simulation job (wire names).</summary>
public static class SimulationStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>
/// One what-if job (<c>POST /admin/simulations</c>): its reform (YAML as given), period and progress. <see cref="Pages"/> list
/// pages are done and counted in <see cref="Processed"/>; <see cref="NextToken"/> continues the list, null with
/// <see cref="ListEnded"/> once it is exhausted. <see cref="Total"/> is counted when the job starts running.
/// </summary>
public sealed record SimulationJob(
    string Id, string Status, string ReformName, string ReformYaml, DateOnly From, DateOnly To, string RequestedBy, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, int? Total = null, int Processed = 0, int Pages = 0, string? NextToken = null, bool ListEnded = false,
    SimulationResult? Result = null, string? Error = null)
{
    public string? StorageETag { get; init; }

    public SimulationPeriod Period => new(From, To);
}

/// <summary>The job rows (docs/budget.md "What-if"): the job row is replaced on its ETag; a page is recorded with the job row in one transaction.</summary>
public interface ISimulationJobStore
{
    Task<SimulationJob?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Inserts a new job; false when a job of that id exists.</summary>
    Task<bool> CreateAsync(SimulationJob job, CancellationToken cancellationToken = default);

    /// <summary>Replaces the job on its ETag: its new ETag, or null on a 412 (another delivery changed it).</summary>
    Task<string?> ReplaceAsync(SimulationJob job, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts page <paramref name="page"/>'s part and replaces the job on its ETag, in one transaction; false when the page
    /// row exists or the job changed (a redelivery did it): nothing is written, so a page is counted once. The job's new ETag, or null.
    /// </summary>
    Task<string?> RecordPageAsync(SimulationJob job, int page, SimulationPart part, CancellationToken cancellationToken = default);

    /// <summary>The parts of every recorded page (one partition query).</summary>
    Task<IReadOnlyList<SimulationPart>> ReadPartsAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>Work for the simulation job: one message per delivery step (<c>{"id":"…"}</c>); the job resumes from its row.</summary>
public interface ISimulationQueue
{
    Task EnqueueAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>
/// Pages of <paramref name="PageSize"/> applications (whole records, see <see cref="SimulationService.AddNextPageAsync"/>);
/// after <paramref name="PagesPerMessage"/> pages a delivery queues the job's continuation.
/// </summary>
public sealed record SimulationJobOptions(int PagesPerMessage = 10, int PageSize = SimulationService.RecordPageSize);

/// <summary>What-if jobs as the simulations functions use them (<see cref="SimulationJobService"/>).</summary>
public interface ISimulationJobUseCases
{
    /// <summary>Records the job and queues it; throws <see cref="ReformException"/> for a reform that does not apply. The same id twice answers the first job.</summary>
    Task<SimulationJob> StartAsync(string id, string reformYaml, SimulationPeriod period, string requestedBy, CancellationToken cancellationToken = default);

    /// <summary>The job; null when there is none.</summary>
    Task<SimulationJob?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Carries the job on (queue triggered, at least once).</summary>
    Task<SimulationJob?> RunAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The last delivery failed: marks the job failed with <paramref name="error"/> (an error type, no personal data).</summary>
    Task MarkFailedAsync(string id, string error, CancellationToken cancellationToken = default);
}

/// <summary>
/// #17 what-if as a job: <see cref="StartAsync"/> records the job (queued) and queues it; <see cref="RunAsync"/> (queue
/// triggered, at least once) counts the period's applications, then re-evaluates them page by page with
/// <see cref="SimulationService"/>, recording each page's part and the progress in one transaction on the job row's
/// ETag — a redelivered or racing delivery finds the page recorded and moves on — and finally sums the parts into the
/// result. Reads applications and grants only.
/// </summary>
public sealed class SimulationJobService(
    ISimulationJobStore jobs, ISimulationQueue queue, IApplicationStore applications, SimulationService simulator,
    Func<Reform, PolicyCatalog> reformCatalog, TimeProvider time, SimulationJobOptions options) : ISimulationJobUseCases
{
    /// <summary>
    /// Parses and applies the reform (throws <see cref="ReformException"/> before anything is stored), records the job and
    /// queues it. The same <paramref name="id"/> twice answers the job already recorded and queues nothing more.
    /// </summary>
    public async Task<SimulationJob> StartAsync(string id, string reformYaml, SimulationPeriod period, string requestedBy, CancellationToken cancellationToken = default)
    {
        var reform = Reform.Parse(reformYaml);
        reformCatalog(reform);
        var now = time.GetUtcNow();
        var job = new SimulationJob(id, SimulationStatus.Queued, reform.Name, reformYaml, period.From, period.To, requestedBy, now, now);
        if (!await jobs.CreateAsync(job, cancellationToken)) return (await jobs.GetAsync(id, cancellationToken))!;
        await queue.EnqueueAsync(id, cancellationToken);
        return job;
    }

    public Task<SimulationJob?> GetAsync(string id, CancellationToken cancellationToken = default) => jobs.GetAsync(id, cancellationToken);

    /// <summary>Carries the job on by up to <see cref="SimulationJobOptions.PagesPerMessage"/> pages; queues a continuation when more remain.</summary>
    public async Task<SimulationJob?> RunAsync(string id, CancellationToken cancellationToken = default)
    {
        var job = await jobs.GetAsync(id, cancellationToken);
        if (job is null || job.Status is SimulationStatus.Completed or SimulationStatus.Failed) return job;
        var reform = Reform.Parse(job.ReformYaml);
        var engines = simulator.Engines(reformCatalog(reform));
        var pagesThisDelivery = 0;
        while (true)
        {
            if (job.Status is SimulationStatus.Completed or SimulationStatus.Failed) return job;
            SimulationJob next;
            if (job.Total is null)
            {
                next = job with { Status = SimulationStatus.Running, Total = await CountAsync(job.Period, cancellationToken), UpdatedAt = time.GetUtcNow() };
            }
            else if (!job.ListEnded)
            {
                if (pagesThisDelivery == options.PagesPerMessage)
                {
                    await queue.EnqueueAsync(id, cancellationToken);
                    return job;
                }

                var tally = new SimulationTally();
                var token = await simulator.AddNextPageAsync(job.NextToken, options.PageSize, job.Period, engines, tally, cancellationToken);
                next = job with
                {
                    Processed = job.Processed + tally.Applications, Pages = job.Pages + 1, NextToken = token, ListEnded = token is null,
                    UpdatedAt = time.GetUtcNow(),
                };
                if (await jobs.RecordPageAsync(next, job.Pages, tally.ToPart(), cancellationToken) is not { } recorded) { job = await ReReadAsync(id, cancellationToken); continue; }
                job = next with { StorageETag = recorded };
                pagesThisDelivery++;
                continue;
            }
            else
            {
                var total = new SimulationTally();
                foreach (var part in await jobs.ReadPartsAsync(id, cancellationToken)) total.Add(part);
                next = job with { Status = SimulationStatus.Completed, Result = total.ToResult(job.ReformName, job.Period), UpdatedAt = time.GetUtcNow() };
            }

            job = await jobs.ReplaceAsync(next, cancellationToken) is { } etag ? next with { StorageETag = etag } : await ReReadAsync(id, cancellationToken);
        }
    }

    /// <summary>The last delivery failed: the job is marked failed with the error's type (no personal data in it).</summary>
    public async Task MarkFailedAsync(string id, string error, CancellationToken cancellationToken = default)
    {
        while (await jobs.GetAsync(id, cancellationToken) is { Status: not (SimulationStatus.Completed or SimulationStatus.Failed) } job)
        {
            if (await jobs.ReplaceAsync(job with { Status = SimulationStatus.Failed, Error = error, UpdatedAt = time.GetUtcNow() }, cancellationToken) is not null) return;
        }
    }

    private async Task<SimulationJob> ReReadAsync(string id, CancellationToken cancellationToken) =>
        await jobs.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException($"Simulation job {id} disappeared.");

    /// <summary>The period's applications in the reviewers' list partition (summaries only).</summary>
    private async Task<int> CountAsync(SimulationPeriod period, CancellationToken cancellationToken)
    {
        var count = 0;
        string? token = null;
        do
        {
            var page = await applications.ListAsync(null, token, ListPageSize, cancellationToken);
            count += page.Items.Count(s => period.Contains(s.SubmittedAt));
            token = page.ContinuationToken;
        }
        while (token is not null);
        return count;
    }

    private const int ListPageSize = 1000;
}
