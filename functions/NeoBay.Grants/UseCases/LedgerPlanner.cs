using NeoBay.Grants.Domain;
using NeoBay.Policy;

namespace NeoBay.Grants.UseCases;

/// <summary>
/// Turns an approved decision into ledger lines (pure). Fiscal year of a line = fiscal year of the
/// approval instant (CST) + the line's YearOffset. Status by trigger: approval → issued; acceptance,
/// completion, renewal → scheduled; claim → awaitingClaim (amount = the cap until the figure is filed).
/// </summary>
public static class LedgerPlanner
{
    public const string DiscretionaryComponent = "grant";

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
        return schedule.Select((line, i) => Line(grantId, fiscalYear, line with { AmountFen = amounts[i] }, approvedAt)).ToList();
    }

    /// <summary>
    /// Amounts of the lines when the reviewer approves less than computed: each line × approved / computed,
    /// rounded down to the fen; when the lines add up to the computed total, the last line with an amount
    /// takes the rounding remainder (rule 7), so the lines add up to the approved amount.
    /// </summary>
    public static IReadOnlyList<long?> Scale(IReadOnlyList<ScheduleLine> schedule, long approvedFen, long computedFen)
    {
        if (approvedFen == computedFen || computedFen <= 0) return schedule.Select(l => l.AmountFen).ToList();
        var scaled = schedule.Select(l => l.AmountFen is { } a ? (long?)(long)((Int128)a * approvedFen / computedFen) : null).ToArray();
        // The remainder goes to the last line of the set that adds up to the computed total: all lines, or the grant lines only.
        foreach (var counts in new Func<ScheduleLine, bool>[] { l => l.AmountFen is not null, l => l.AmountFen is not null && l.IsGrant })
        {
            var members = Enumerable.Range(0, schedule.Count).Where(i => counts(schedule[i])).ToList();
            if (members.Count == 0 || members.Sum(i => schedule[i].AmountFen!.Value) != computedFen) continue;
            scaled[members[^1]] += approvedFen - members.Sum(i => scaled[i]!.Value);
            break;
        }

        return scaled;
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
