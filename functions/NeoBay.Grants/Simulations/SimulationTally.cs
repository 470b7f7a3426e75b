using NeoBay.Grants.Applications;
using NeoBay.Policy;

namespace NeoBay.Grants.Simulations;

/// <summary>
/// What a set of pages contributed: applications re-evaluated, the cells, the applicants whose amount changed and the
/// page's ten largest changes (the ten largest of all pages are among them). Stored per page by the simulation job.
/// </summary>
public sealed record SimulationPart(int Applications, IReadOnlyList<SimulationCell> Cells, IReadOnlyList<string> ApplicantsChanged, IReadOnlyList<SimulationChange> LargestChanges);

/// <summary>Sums re-evaluations (baseline and reform) into cells by fiscal year × article, applicants changed and the largest changes.</summary>
public sealed class SimulationTally
{
    public const int LargestChangesShown = 10;

    private readonly Dictionary<(int Year, string Article), (long Baseline, long Reform)> cells = [];
    private readonly HashSet<string> applicantsChanged = new(StringComparer.Ordinal);
    private readonly List<SimulationChange> changes = [];

    public int Applications { get; private set; }

    public void Add(ApplicationRecord application, Decision before, Decision after)
    {
        Applications++;
        var article = application.Measure[..3];
        foreach (var line in before.Schedule)
            if (line.AmountFen is { } fen) AddCell(line.FiscalYear, article, fen, 0);
        foreach (var line in after.Schedule)
            if (line.AmountFen is { } fen) AddCell(line.FiscalYear, article, 0, fen);
        var difference = (after.AmountFen ?? 0) - (before.AmountFen ?? 0);
        if (difference == 0) return;
        applicantsChanged.Add(application.ApplicantUscc);
        changes.Add(new SimulationChange(application.Id, application.Measure, application.SubmittedOn, before.AmountFen ?? 0, after.AmountFen ?? 0, difference));
    }

    public void Add(SimulationPart part)
    {
        Applications += part.Applications;
        foreach (var c in part.Cells) AddCell(c.FiscalYear, c.Article, c.BaselineFen, c.ReformFen);
        applicantsChanged.UnionWith(part.ApplicantsChanged);
        changes.AddRange(part.LargestChanges);
    }

    public SimulationPart ToPart() => new(Applications, Cells(), applicantsChanged.Order(StringComparer.Ordinal).ToList(), Largest());

    public SimulationResult ToResult(string reformName, SimulationPeriod period)
    {
        var byCell = Cells();
        return new SimulationResult(reformName, period.From, period.To, Applications, applicantsChanged.Count, byCell.Sum(c => c.DifferenceFen), byCell, Largest());
    }

    private void AddCell(int year, string article, long baselineFen, long reformFen)
    {
        var (b, r) = cells.GetValueOrDefault((year, article));
        cells[(year, article)] = (b + baselineFen, r + reformFen);
    }

    private List<SimulationCell> Cells() =>
        cells.OrderBy(c => c.Key.Year).ThenBy(c => c.Key.Article, StringComparer.Ordinal)
            .Select(c => new SimulationCell(c.Key.Year, c.Key.Article, c.Value.Baseline, c.Value.Reform, c.Value.Reform - c.Value.Baseline)).ToList();

    private List<SimulationChange> Largest() =>
        changes.OrderByDescending(c => Math.Abs(c.DifferenceFen)).ThenBy(c => c.ApplicationId, StringComparer.Ordinal).Take(LargestChangesShown).ToList();
}
