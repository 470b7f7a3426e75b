using NeoBay.Grants.Ledger;
using NeoBay.Grants.Renewals;

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

    /// <summary>
    /// The events of a grant's renewal of one fiscal year, from the items the run records (on the plan it writes, and on
    /// its marker, so a run repeated after a crash between the write and the count counts what was written, once).
    /// </summary>
    public static IReadOnlyList<BudgetEvent> OfRenewal(string grantId, string measure, int fiscalYear, IEnumerable<RenewalItem> items)
    {
        var events = new List<BudgetEvent>();
        foreach (var item in items)
        {
            var amount = item.AmountFen;
            switch (item.Action)
            {
                case RenewalAction.Issued:
                    events.Add(new BudgetEvent(BudgetKeys.IssueEvent(grantId, fiscalYear, item.Component), fiscalYear, new BudgetDelta(measure, 0, amount, 0)));
                    break;
                case RenewalAction.QuotaIssued:
                    events.Add(new BudgetEvent(BudgetKeys.CommitEvent(grantId, fiscalYear, item.Component), fiscalYear, new BudgetDelta(measure, amount, 0, 0)));
                    break;
                case RenewalAction.QuotaLapsed when QuotaYearOf(item.Component) is { } quotaYear:
                    // A09.4: what lapses is what was left of last year's quota.
                    events.Add(Lapse(grantId, measure, quotaYear, RenewalPlanner.QuotaComponent, amount));
                    break;
                case RenewalAction.Skipped when item.Component != RenewalPlanner.QuotaComponent && item.Component != RenewalPlanner.InvitationItem:
                    // A line of the year not issued (revoked, left the zone, person left): it lapses whole.
                    events.Add(Lapse(grantId, measure, fiscalYear, item.Component, amount));
                    break;
            }
        }

        return events.Where(e => !e.Delta.IsZero).ToList();
    }

    private static BudgetEvent Lapse(string grantId, string measure, int lineYear, string component, long amount) =>
        new(BudgetKeys.LapseEvent(grantId, lineYear, component), lineYear, new BudgetDelta(measure, -amount, 0, amount));

    /// <summary>The year of a lapsed quota item (<c>quota-2026</c>).</summary>
    private static int? QuotaYearOf(string component) =>
        component.StartsWith(RenewalPlanner.QuotaComponent + "-", StringComparison.Ordinal)
        && int.TryParse(component.AsSpan(RenewalPlanner.QuotaComponent.Length + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y) ? y : null;

    /// <summary>A stage accepted in another fiscal year than planned: its commitment moves (issued in the new year).</summary>
    public static (BudgetEvent Out, BudgetEvent In) OfReplan(string measure, LedgerLine planned, int newYear) =>
        (new BudgetEvent(BudgetKeys.MoveEvent(planned.GrantId, planned.FiscalYear, planned.Component, "out"), planned.PlannedYear,
            new BudgetDelta(measure, -(planned.AmountFen ?? 0), 0, 0)),
         new BudgetEvent(BudgetKeys.MoveEvent(planned.GrantId, planned.FiscalYear, planned.Component, "in"), newYear,
            new BudgetDelta(measure, planned.AmountFen ?? 0, 0, 0)));

    private static bool IsQuota(LedgerLine line) => line.Component == RenewalPlanner.QuotaComponent;

    private static bool CountsAsIssued(LedgerLine line) => line.Status == LedgerStatus.Issued && !IsQuota(line);
}
