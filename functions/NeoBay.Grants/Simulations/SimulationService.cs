using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Matching;
using NeoBay.Policy;

namespace NeoBay.Grants.Simulations;

/// <summary>The stored applications submitted on <see cref="From"/>…<see cref="To"/> (China dates, inclusive).</summary>
public sealed record SimulationPeriod(DateOnly From, DateOnly To)
{
    public bool Contains(DateTimeOffset submittedAt) => ChinaCalendar.DateOf(submittedAt) is var on && on >= From && on <= To;
}

/// <summary>The difference (reform − today's catalog) of one fiscal year and article, in fen, from the decisions' schedules.</summary>
public sealed record SimulationCell(int FiscalYear, string Article, long BaselineFen, long ReformFen, long DifferenceFen);

/// <summary>One application whose amount the reform changes.</summary>
public sealed record SimulationChange(string ApplicationId, string Measure, DateOnly SubmittedOn, long BaselineFen, long ReformFen, long DifferenceFen);

/// <summary>The engines of one run (today's catalog, the reformed one) and the applicants' grants it has read.</summary>
public sealed class SimulationRun(PolicyEngine baseline, PolicyEngine reform)
{
    public PolicyEngine Baseline => baseline;

    public PolicyEngine Reform => reform;

    internal Dictionary<string, IReadOnlyList<GrantIndexEntry>> ApplicantGrants { get; } = new(StringComparer.Ordinal);

    /// <summary>True once every grant is in <see cref="ApplicantGrants"/> (read by renewal shard): an applicant absent has none.</summary>
    internal bool AllGrantsLoaded { get; set; }
}

/// <summary>What a reform would have changed over a period's applications (#17 what-if).</summary>
public sealed record SimulationResult(
    string Reform, DateOnly From, DateOnly To, int Applications, int ApplicantsChanged, long DifferenceFen,
    IReadOnlyList<SimulationCell> ByYearAndArticle, IReadOnlyList<SimulationChange> LargestChanges);

/// <summary>
/// Every stored application once, in pages of whole records (the simulation's read: no point read per application).
/// The table adapter answers it with one filtered query of the applications table, continued page by page.
/// </summary>
public interface IApplicationRecordPages
{
    Task<ListPage<ApplicationRecord>> ListRecordsAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default);
}

/// <summary>Re-evaluates a period's applications under a reformed catalog; reads only, never writes applications or grants.</summary>
public interface ISimulationUseCase
{
    Task<SimulationResult> SimulateAsync(string reformName, PolicyCatalog reformed, SimulationPeriod period, CancellationToken cancellationToken = default);
}

/// <summary>
/// #17 what-if: every application submitted in the period is evaluated twice with the history its evaluation
/// used (the applicant's active grants less the application's own; common.14 persons when not granted), once under the
/// catalog in force and once under the reformed one. Amounts are summed from the decisions' schedules
/// (fiscal year of each line) and the applications' amounts.
/// </summary>
public sealed class SimulationService(IApplicationRecordPages applications, IGrantStore grants, PolicyCatalog catalog) : ISimulationUseCase
{
    public async Task<SimulationResult> SimulateAsync(string reformName, PolicyCatalog reformed, SimulationPeriod period, CancellationToken cancellationToken = default)
    {
        var engines = Engines(reformed);
        var tally = new SimulationTally();
        string? token = null;
        do token = await AddNextPageAsync(token, RecordPageSize, period, engines, tally, cancellationToken);
        while (token is not null);
        return tally.ToResult(reformName, period);
    }

    /// <summary>
    /// Reads the next page of whole application records after <paramref name="continuationToken"/> and adds those submitted
    /// in the period to <paramref name="tally"/>; answers the page's continuation (null after the last). Each application is
    /// read once, and every grant once per run (no point read per application).
    /// </summary>
    public async Task<string?> AddNextPageAsync(string? continuationToken, int pageSize, SimulationPeriod period, SimulationRun engines,
        SimulationTally tally, CancellationToken cancellationToken = default)
    {
        if (!engines.AllGrantsLoaded) await LoadAllGrantsAsync(engines, cancellationToken);
        var records = await applications.ListRecordsAsync(continuationToken, pageSize, cancellationToken);
        foreach (var application in records.Items.Where(a => period.Contains(a.SubmittedAt)))
            await AddAsync(application, engines, tally, cancellationToken);
        return records.ContinuationToken;
    }

    /// <summary>
    /// Every grant's index entry, by renewal shard (16 partition queries, pages of 1,000), grouped by applicant: with the
    /// records' pages, no query per applicant is left.
    /// </summary>
    private async Task LoadAllGrantsAsync(SimulationRun engines, CancellationToken cancellationToken)
    {
        var all = await grants.ListAllAsync(RecordPageSize, cancellationToken);
        foreach (var applicant in all.GroupBy(g => g.ApplicantUscc, StringComparer.Ordinal)) engines.ApplicantGrants[applicant.Key] = applicant.ToList();
        engines.AllGrantsLoaded = true;
    }

    /// <summary>Records per page of <see cref="IApplicationRecordPages"/> (a query answers at most 1,000 entities).</summary>
    public const int RecordPageSize = 1000;

    /// <summary>The engines under today's catalog and under the reformed one, and the run's cache of applicants' grants.</summary>
    public SimulationRun Engines(PolicyCatalog reformed) => new(new PolicyEngine(catalog), new PolicyEngine(reformed));

    /// <summary>Evaluates one application under both catalogs with the history its evaluation used, and adds it to <paramref name="tally"/>.</summary>
    private async Task AddAsync(ApplicationRecord application, SimulationRun engines, SimulationTally tally, CancellationToken cancellationToken)
    {
        // A simulation writes nothing, so every grant was read once per run (the engine, not the reads, is the added cost).
        var applicantGrants = engines.ApplicantGrants.GetValueOrDefault(application.ApplicantUscc) ?? [];
        var history = ApplicantHistory.Of(applicantGrants, application.GrantId);
        // common.14: a granted application's own persons are indexed as supported; its evaluation found them free.
        if (application.GrantId is null)
            await ApplicantHistory.AddSupportedPersonsAsync(grants, history, application.Request.Measure, ApplicantHistory.PersonsOf(application.Request), cancellationToken);
        tally.Add(application, engines.Baseline.Evaluate(application.Request, history), engines.Reform.Evaluate(application.Request, history));
    }
}

/// <summary>The what-if result as JSON (camelCase; amounts in fen).</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(SimulationResult))]
public sealed partial class SimulationJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
