using NeoBay.Policy.Calculations;

namespace NeoBay.Policy.Engine;

/// <summary>common.7: a single amount paid on approval, or split by the measure's stage plan (the last stage takes the fen remainder).</summary>
internal sealed partial class Evaluation
{
    /// <summary>A single amount: limited by requestedAmount where the kind is (common.4), then paid (common.7).</summary>
    public void PaySingle(SingleAmountParameters kind)
    {
        if (kind.Amount(this) is not { } amount) return;
        PayOnApproval(kind.LimitedByRequest ? NotAboveRequested(amount) : amount);
    }

    public void PayOnApproval(long total)
    {
        if (Blocked) return;
        if (Measure.Stages is not { } stages)
        {
            _lines.Add(ScheduleLine.For(Year, 0, LedgerComponent.Grant, ScheduleTrigger.Approval, total));
            return;
        }
        var paid = 0L;
        for (var i = 0; i < stages.Count; i++)
        {
            var amount = i == stages.Count - 1 ? total - paid : Money.FloorRate(stages[i].Share, total);
            paid += amount;
            _lines.Add(ScheduleLine.For(Year, 0, LedgerComponent.Stage(i + 1), stages[i].Trigger, amount, i + 1));
        }
        if (!Tracing) return;
        var figures = new KeyValuePair<string, string>[stages.Count + 1];
        figures[0] = Yuan("total", total);
        for (var i = 0; i < stages.Count; i++)
            figures[i + 1] = Yuan(LedgerComponent.Stage(i + 1).ToString(), _lines[_lines.Count - stages.Count + i].AmountFen!.Value);
        Step("staged", "common.7", StagesDetail(stages), Measure.CitationOf("stages"), figures);
    }

    private static TraceDetail StagesDetail(IReadOnlyList<StageDefinition> stages) =>
        stages.Count == 2 && stages[0].Trigger == ScheduleTrigger.Approval && stages[1].Trigger == ScheduleTrigger.Acceptance
            ? TraceDetails.TwoStages
            : TraceDetails.Stages;
}
