using NeoBay.Grants.Ledger;
using NeoBay.Policy;

namespace NeoBay.Grants.Budget;

/// <summary>
/// The counted events of each commitment (pure; docs/budget.md). A line counts in its planned fiscal year. A voucher
/// quota (A09.4) is committed when issued; its redemptions are what is issued; its unused part lapses.
/// </summary>
public static class BudgetEvents
{
    /// <summary>Approval: every line of the grant, each in its planned year (multi-year grants commit every future year now).</summary>
    public static IReadOnlyList<BudgetEvent> OfApproval(string grantId, string measure, IEnumerable<LedgerLine> lines) =>
        lines.GroupBy(l => l.PlannedYear).OrderBy(g => g.Key).Select(g => new BudgetEvent(BudgetKeys.ApprovalEvent(grantId), g.Key,
            new BudgetDelta(measure, g.Sum(l => l.AmountFen ?? 0), g.Where(CountsAsIssued).Sum(l => l.AmountFen ?? 0), 0))).ToList();

    /// <summary>Lines released (stage accepted, renewal issued, voucher redeemed): issued in their planned year.</summary>
    public static IEnumerable<BudgetEvent> OfIssued(string measure, IEnumerable<LedgerLine> issued) =>
        issued.Where(CountsAsIssued).Select(l => new BudgetEvent(BudgetKeys.IssueEvent(l.GrantId, l.FiscalYear, l.Component), l.PlannedYear,
            new BudgetDelta(measure, 0, l.AmountFen ?? 0, 0)));

    /// <summary>A redemption line is paid out of the quota already committed: issued only.</summary>
    public static BudgetEvent OfRedemption(string measure, LedgerLine redemption) =>
        new(BudgetKeys.IssueEvent(redemption.GrantId, redemption.FiscalYear, redemption.Component), redemption.PlannedYear,
            new BudgetDelta(measure, 0, redemption.AmountFen ?? 0, 0));

    /// <summary>What is left of a line's commitment lapses: committed down, lapsed up, in the line's year.</summary>
    public static BudgetEvent Lapse(string grantId, string measure, int lineYear, string component, long amount) =>
        new(BudgetKeys.LapseEvent(grantId, lineYear, component), lineYear, new BudgetDelta(measure, -amount, 0, amount));

    /// <summary>A stage accepted in another fiscal year than planned: its commitment moves (issued in the new year).</summary>
    public static (BudgetEvent Out, BudgetEvent In) OfReplan(string measure, LedgerLine planned, int newYear) =>
        (new BudgetEvent(BudgetKeys.MoveEvent(planned.GrantId, planned.FiscalYear, planned.Component, "out"), planned.PlannedYear,
            new BudgetDelta(measure, -(planned.AmountFen ?? 0), 0, 0)),
         new BudgetEvent(BudgetKeys.MoveEvent(planned.GrantId, planned.FiscalYear, planned.Component, "in"), newYear,
            new BudgetDelta(measure, planned.AmountFen ?? 0, 0, 0)));

    private static readonly string QuotaComponent = LedgerComponent.Quota.ToString();

    private static bool IsQuota(LedgerLine line) => line.Component == QuotaComponent;

    private static bool CountsAsIssued(LedgerLine line) => line.Status == LedgerStatus.Issued && !IsQuota(line);
}
