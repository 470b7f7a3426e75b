using Azure.Data.Tables;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Budget;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Storage.Budget;
using NeoBay.Grants.Storage.Renewals;
using NeoBay.Grants.Storage.Vouchers;
using NeoBay.Grants.Tests.Renewals;
using NeoBay.Grants.Vouchers;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Budget;

/// <summary>The renewal harness's tables with the budget wired into approvals, stage acceptance, the yearly run and redemptions.</summary>
public sealed class FundHarness
{
    public static readonly Caller Admin = Caller.Create("admin-1", [Roles.Admin]);

    private FundHarness(RenewalHarness h, IBudgetCommitments? commitments)
    {
        H = h;
        Store = new TableBudgetStore(h.Tables);
        Budget = new BudgetService(Store, RenewalHarness.Catalog.Value, h.Clock);
        Commitments = commitments ?? Budget;
        Decisions = Decider(h.Applications);
        var service = new TableServiceClient(h.Connection);
        var renewals = new TableRenewalStore(h.Tables, new RenewalTables(service, h.Prefix));
        Run = new RenewalService(renewals, h.Grants, h.Applications, h.Queue, RenewalHarness.Catalog.Value, h.Clock, new RenewalOptions(PageSize: 4), Commitments);
        Vouchers = new VoucherService(new TableVoucherStore(h.Tables), renewals, h.Grants, h.Applications, RenewalHarness.Catalog.Value, h.Clock, Commitments);
    }

    public RenewalHarness H { get; }
    public TableBudgetStore Store { get; }
    public BudgetService Budget { get; }
    public IBudgetCommitments Commitments { get; }
    public DecisionService Decisions { get; }
    public RenewalService Run { get; }
    public VoucherService Vouchers { get; }

    /// <param name="commitments">The budget as the use cases see it (a wrapper that fails once, for crash tests); the real one by default.</param>
    public static async Task<FundHarness> CreateAsync(IBudgetCommitments? commitments = null) => new(await RenewalHarness.CreateAsync(), commitments);

    /// <summary>A second harness on the same tables whose use cases see another budget wrapper.</summary>
    public FundHarness With(IBudgetCommitments commitments) => new(H, commitments);

    /// <summary>The decisions through <paramref name="applications"/> with this budget.</summary>
    public DecisionService Decider(IApplicationStore applications) =>
        new(applications, H.Grants, new DocumentChecklist(H.DocumentStore, RenewalHarness.Catalog.Value), H.Clock, budget: Commitments);

    public async Task<Result<DecisionResult>> ApproveAsync(string measure, string uscc, IReadOnlyDictionary<string, FactValue> facts, bool isSme = false,
        ApplicantKind kind = ApplicantKind.Enterprise)
    {
        var (id, etag) = await H.PrepareAsync(measure, kind, uscc, facts, isSme);
        return await Decisions.DecideAsync(RenewalHarness.Reviewer, id, etag, new DecisionCommand(true, null, null));
    }

    public async Task SetAsync(int fiscalYear, params (string Key, long Fen)[] lines)
    {
        var current = (await Budget.ReportAsync(fiscalYear)).Value!;
        var set = await Budget.SetAsync("admin-1", fiscalYear, current.Version == 0 ? null : NeoBay.Grants.Common.ETags.ForVersion(current.Version),
            lines.Select(l => new BudgetLine(l.Key, l.Fen)).ToList());
        Assert.True(set.IsSuccess, set.Error?.Code);
    }

    /// <summary>(budget, committed, issued, lapsed, available) of a line, in fen; a measure with no line reads from the unbudgeted list (budget and available null).</summary>
    public async Task<(long? Budget, long Committed, long Issued, long Lapsed, long? Available)> FiguresAsync(int fiscalYear, string line)
    {
        var report = (await Budget.ReportAsync(fiscalYear)).Value!;
        var f = report.Lines.Concat(report.Unbudgeted).FirstOrDefault(l => l.Line == line) ?? new BudgetFigures(line, null, 0, 0, 0, null);
        return (f.BudgetFen, f.CommittedFen, f.IssuedFen, f.LapsedFen, f.AvailableFen);
    }

    public async Task<BudgetFigures> TotalAsync(int fiscalYear) => (await Budget.ReportAsync(fiscalYear)).Value!.Total;

    public static IReadOnlyDictionary<string, FactValue> Facts(params (string Name, object Value)[] facts) =>
        facts.ToDictionary(f => f.Name, f => f.Value switch { bool b => FactValue.Of(b), decimal d => FactValue.Of(d), _ => throw new ArgumentException(f.Name) });
}
