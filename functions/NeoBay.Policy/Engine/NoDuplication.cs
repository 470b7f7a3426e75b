namespace NeoBay.Policy.Engine;

/// <summary>common.10: 从优、就高、不重复 — one award per project under a measure; support held or declared elsewhere is deducted.</summary>
internal sealed partial class Evaluation
{
    /// <summary>common.10: one project is awarded once under one measure.</summary>
    public void CheckSameProject()
    {
        if (ProjectKey is not { } key) return;
        foreach (var prior in History)
        {
            if (prior.Measure != Code || prior.ProjectKey != key) continue;
            if (Tracing) Step("alreadyAwarded", "common.10", TraceDetails.ProjectHoldsMeasure, F("projectKey", key), Yuan("held", prior.AmountFen));
            Block(Reasons.AlreadyAwarded(null));
            return;
        }
    }

    private static bool Counted(ScheduleLine line) => line.IsGrant && line.Trigger != ScheduleTrigger.Claim && line.AmountFen is not null;

    private long CountedTotal()
    {
        long total = 0;
        foreach (var line in _lines)
        {
            if (Counted(line)) total += line.AmountFen!.Value;
        }
        return total;
    }

    /// <summary>Vouchers, per-person allowances and annual claims are not held by a project.</summary>
    private bool HeldByProject(string priorMeasure) => !Catalog.TryGet(priorMeasure, out var m) || m.Calculation.HeldByProject;

    private void ApplyNoDuplication()
    {
        var withinPolicy = Catalog.Policy.Switches.NoDuplicationWithinPolicy;
        long held = 0;
        // common.10 (a), a switch: support this project holds under other measures of this policy.
        if (ProjectKey is { } key && withinPolicy)
        {
            foreach (var prior in History)
            {
                if (prior.Measure != Code && prior.ProjectKey == key && HeldByProject(prior.Measure)) held += prior.AmountFen;
            }
        }
        long declared = 0;
        foreach (var other in Request.OtherSupport) declared += other.AmountFen;
        var switchFigure = F(PolicySwitches.NoDuplicationWithinPolicyName, withinPolicy ? "true" : "false");
        if (held == 0 && declared == 0)
        {
            if (Tracing) Step("noDuplication", "common.10", TraceDetails.NoOtherSupport, Catalog.Policy.NoDuplicationCitation, switchFigure);
            return;
        }

        var computed = CountedTotal();
        var payable = Math.Max(0, computed - held - declared);
        if (Tracing)
            Step("noDuplication", "common.10", payable == 0 ? TraceDetails.OtherSupportCovers : TraceDetails.OtherSupportDeducted, Catalog.Policy.NoDuplicationCitation,
                switchFigure, Yuan("computed", computed), Yuan("heldInThisPolicy", held), Yuan("declaredOtherSupport", declared), Yuan("payable", payable));
        if (payable == 0)
        {
            Block(Reasons.DuplicateSupport);
            return;
        }
        ReduceFromLast(computed - payable);
        AddReason(Reasons.ReducedByOtherSupport);
    }

    /// <summary>Takes <paramref name="reduction"/> off the counted lines, latest year first, last line first; drops emptied lines.</summary>
    private void ReduceFromLast(long reduction)
    {
        var maxOffset = _lines.Max(l => l.YearOffset);
        for (var offset = maxOffset; offset >= 0 && reduction > 0; offset--)
        {
            for (var i = _lines.Count - 1; i >= 0 && reduction > 0; i--)
            {
                var line = _lines[i];
                if (line.YearOffset != offset || !Counted(line)) continue;
                var cut = Math.Min(line.AmountFen!.Value, reduction);
                reduction -= cut;
                _lines[i] = line with { AmountFen = line.AmountFen.Value - cut };
            }
        }
        _lines.RemoveAll(l => Counted(l) && l.AmountFen == 0);
    }
}
