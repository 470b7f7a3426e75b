using NeoBay.Policy;

namespace NeoBay.Grants.Ledger;

/// <summary>
/// Turns an approved decision into ledger lines (pure). Fiscal year of a line = fiscal year of the
/// approval instant (CST) + the line's YearOffset. Status by trigger: approval → issued; acceptance,
/// completion, renewal → scheduled; claim → awaitingClaim (amount = the cap until the figure is filed).
/// </summary>
public static class LedgerPlanner
{
    public static readonly string DiscretionaryComponent = LedgerComponent.Grant.ToString();

    public static IReadOnlyList<LedgerLine> Plan(string grantId, Decision decision, long approvedFen, DateTimeOffset approvedAt)
    {
        var fiscalYear = ChinaCalendar.FiscalYearOf(approvedAt);
        var schedule = decision.Schedule;
        if (decision.AmountFen is not { } computed || schedule.All(l => l.AmountFen is null))
        {
            // Rule 6 (discretionary): the reviewer's amount is one line, paid on approval.
            var first = schedule.FirstOrDefault();
            return [Line(grantId, fiscalYear, new ScheduleLine(fiscalYear, first?.YearOffset ?? 0, first?.Component ?? DiscretionaryComponent,
                ScheduleTrigger.Approval, approvedFen, first?.Stage, first?.IsGrant ?? true), approvedAt)];
        }

        var amounts = Scale(schedule, approvedFen, computed);
        return schedule.Select((line, i) => Line(grantId, fiscalYear, line with { AmountFen = amounts[i] }, approvedAt) with { Order = i }).ToList();
    }

    /// <summary>
    /// Amounts of the lines when the reviewer approves less than computed: each line × approved / computed,
    /// rounded down to the fen; when the lines add up to the computed total, the last of them takes the
    /// rounding remainder (rule 7), so they add up to the approved amount. Claim lines keep their amount:
    /// it is the yearly cap (rule 9), set by the filed figure, not part of the approved total.
    /// </summary>
    public static IReadOnlyList<long?> Scale(IReadOnlyList<ScheduleLine> schedule, long approvedFen, long computedFen)
    {
        if (approvedFen == computedFen || computedFen <= 0) return schedule.Select(l => l.AmountFen).ToList();
        bool Scaled(ScheduleLine l) => l.AmountFen is not null && l.Trigger != ScheduleTrigger.Claim;
        var amounts = schedule.Select(l => Scaled(l) ? (long?)(long)((Int128)l.AmountFen!.Value * approvedFen / computedFen) : l.AmountFen).ToArray();

        // The remainder goes to the last line of the set that adds up to the computed total: all scaled lines, or their grant lines only.
        foreach (var counts in new Func<ScheduleLine, bool>[] { Scaled, l => Scaled(l) && l.IsGrant })
        {
            var members = Enumerable.Range(0, schedule.Count).Where(i => counts(schedule[i])).ToList();
            if (members.Count == 0 || members.Sum(i => schedule[i].AmountFen!.Value) != computedFen) continue;
            amounts[members[^1]] += approvedFen - members.Sum(i => amounts[i]!.Value);
            break;
        }

        return amounts;
    }

    public static LedgerStatus InitialStatus(ScheduleTrigger trigger) => trigger switch
    {
        ScheduleTrigger.Approval => LedgerStatus.Issued,
        ScheduleTrigger.Claim => LedgerStatus.AwaitingClaim,
        _ => LedgerStatus.Scheduled,
    };

    private static LedgerLine Line(string grantId, int approvalFiscalYear, ScheduleLine line, DateTimeOffset approvedAt)
    {
        var status = InitialStatus(line.Trigger);
        return new LedgerLine(grantId, approvalFiscalYear + line.YearOffset, line.Component, line.Trigger, line.AmountFen, status, line.Stage, line.IsGrant)
        {
            IssuedAt = status == LedgerStatus.Issued ? approvedAt : null,
        };
    }
}
