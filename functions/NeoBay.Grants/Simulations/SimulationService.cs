using NeoBay.Grants.Domain;
using NeoBay.Grants.Matching;
using NeoBay.Grants.UseCases;
using NeoBay.Policy;

namespace NeoBay.Grants.Simulations;

/// <summary>The stored applications submitted on <see cref="From"/>…<see cref="To"/> (China dates, inclusive).</summary>
public sealed record SimulationPeriod(DateOnly From, DateOnly To);

/// <summary>The difference (reform − today's catalog) of one fiscal year and article, in fen, from the decisions' schedules.</summary>
public sealed record SimulationCell(int FiscalYear, string Article, long BaselineFen, long ReformFen, long DifferenceFen);

/// <summary>One application whose amount the reform changes.</summary>
public sealed record SimulationChange(string ApplicationId, string Measure, DateOnly SubmittedOn, long BaselineFen, long ReformFen, long DifferenceFen);

/// <summary>What a reform would have changed over a period's applications (#17 what-if).</summary>
public sealed record SimulationResult(
    string Reform, DateOnly From, DateOnly To, int Applications, int ApplicantsChanged, long DifferenceFen,
    IReadOnlyList<SimulationCell> ByYearAndArticle, IReadOnlyList<SimulationChange> LargestChanges);

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
public sealed class SimulationService(IApplicationStore applications, IGrantStore grants, PolicyCatalog catalog) : ISimulationUseCase
{
    public const int LargestChangesShown = 10;
    private const int PageSize = 100;

    public async Task<SimulationResult> SimulateAsync(string reformName, PolicyCatalog reformed, SimulationPeriod period, CancellationToken cancellationToken = default)
    {
        var baseline = new PolicyEngine(catalog);
        var reform = new PolicyEngine(reformed);
        var cells = new Dictionary<(int, string), (long Baseline, long Reform)>();
        var changes = new List<SimulationChange>();
        var applicantsChanged = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        string? token = null;
        do
        {
            var page = await applications.ListAsync(null, token, PageSize, cancellationToken);
            foreach (var summary in page.Items)
            {
                var on = ChinaCalendar.DateOf(summary.SubmittedAt);
                if (on < period.From || on > period.To) continue;
                var application = await applications.GetAsync(summary.Id, cancellationToken);
                if (application is null) continue;
                count++;
                var history = await ApplicantHistory.ReadAsync(grants, application.ApplicantUscc, cancellationToken, application.GrantId);
                // common.14: a granted application's own persons are indexed as supported; its evaluation found them free.
                if (application.GrantId is null)
                    await ApplicantHistory.AddSupportedPersonsAsync(grants, history, application.Request.Measure, ApplicationService.PersonsOf(application.Request), cancellationToken);
                var before = baseline.Evaluate(application.Request, history);
                var after = reform.Evaluate(application.Request, history);
                Add(cells, application.Measure, before, after);
                var difference = (after.AmountFen ?? 0) - (before.AmountFen ?? 0);
                if (difference == 0) continue;
                applicantsChanged.Add(application.ApplicantUscc);
                changes.Add(new SimulationChange(application.Id, application.Measure, application.SubmittedOn, before.AmountFen ?? 0, after.AmountFen ?? 0, difference));
            }
            token = page.ContinuationToken;
        }
        while (token is not null);

        var byCell = cells.OrderBy(c => c.Key.Item1).ThenBy(c => c.Key.Item2, StringComparer.Ordinal)
            .Select(c => new SimulationCell(c.Key.Item1, c.Key.Item2, c.Value.Baseline, c.Value.Reform, c.Value.Reform - c.Value.Baseline)).ToList();
        var largest = changes.OrderByDescending(c => Math.Abs(c.DifferenceFen)).ThenBy(c => c.ApplicationId, StringComparer.Ordinal).Take(LargestChangesShown).ToList();
        return new SimulationResult(reformName, period.From, period.To, count, applicantsChanged.Count, byCell.Sum(c => c.DifferenceFen), byCell, largest);
    }

    private static void Add(Dictionary<(int, string), (long Baseline, long Reform)> cells, string measure, Decision before, Decision after)
    {
        var article = measure[..3];
        foreach (var (lines, isReform) in new[] { (before.Schedule, false), (after.Schedule, true) })
        {
            foreach (var line in lines)
            {
                if (line.AmountFen is not { } fen) continue;
                var key = (line.FiscalYear, article);
                var (b, r) = cells.GetValueOrDefault(key);
                cells[key] = isReform ? (b, r + fen) : (b + fen, r);
            }
        }
    }
}

/// <summary>The what-if result as JSON (camelCase; amounts in fen).</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(SimulationResult))]
public sealed partial class SimulationJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
