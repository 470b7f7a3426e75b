using NeoBay.Grants.Budget;

namespace NeoBay.Grants.Renewals;

/// <summary>The budget events of a renewal (pure; docs/budget.md): what the run issued, committed and let lapse.</summary>
public static class RenewalBudgetEvents
{
    /// <summary>
    /// The events of a grant's renewal of one fiscal year, from the items the run records (on the plan it writes, and on
    /// its marker, so a run repeated after a crash between the write and the count counts what was written, once).
    /// </summary>
    public static IReadOnlyList<BudgetEvent> Of(string grantId, string measure, int fiscalYear, IEnumerable<RenewalItem> items)
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
                    events.Add(BudgetEvents.Lapse(grantId, measure, quotaYear, RenewalPlanner.QuotaComponent, amount));
                    break;
                case RenewalAction.Skipped when item.Component != RenewalPlanner.QuotaComponent && item.Component != RenewalPlanner.InvitationItem:
                    // A line of the year not issued (revoked, left the zone, person left): it lapses whole.
                    events.Add(BudgetEvents.Lapse(grantId, measure, fiscalYear, item.Component, amount));
                    break;
            }
        }

        return events.Where(e => !e.Delta.IsZero).ToList();
    }

    /// <summary>The year of a lapsed quota item (<c>quota-2026</c>).</summary>
    private static int? QuotaYearOf(string component) =>
        component.StartsWith(RenewalPlanner.QuotaComponent + "-", StringComparison.Ordinal)
        && int.TryParse(component.AsSpan(RenewalPlanner.QuotaComponent.Length + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y) ? y : null;
}
