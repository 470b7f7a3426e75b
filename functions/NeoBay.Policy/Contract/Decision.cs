namespace NeoBay.Policy;

/// <summary>When a scheduled amount becomes payable. Serialised in lower camel case.</summary>
public enum ScheduleTrigger
{
    /// <summary>Paid when the reviewer approves, in the approval's fiscal year.</summary>
    Approval,
    /// <summary>Paid when the project is accepted (验收), by <c>POST /grants/{id}/stages/{n}/accept</c>.</summary>
    Acceptance,
    /// <summary>Paid when the project completes (A11.2 in-station postdoc), same endpoint as acceptance.</summary>
    Completion,
    /// <summary>Issued by the yearly renewal run at the start of a later fiscal year.</summary>
    Renewal,
    /// <summary>Needs a yearly figure filed later; AmountFen is the cap until then.</summary>
    Claim,
}

/// <summary>
/// One line of the payment schedule. <see cref="YearOffset"/> counts fiscal years from approval
/// (0 = the approval's fiscal year); <see cref="FiscalYear"/> is that offset applied to the
/// submission's fiscal year, for quotes. <see cref="Component"/> is stable and unique inside one
/// decision (e.g. "grant", "stage-1", "operating-2", "person-1-year-3", "equity"); the ledger keys a
/// line by grant + fiscal year + component. <see cref="Stage"/> numbers acceptance/completion lines
/// for <c>/stages/{n}/accept</c>. <see cref="IsGrant"/> is false for equity/debt-to-equity funds
/// (A04.3), which are investments tracked apart from grants.
/// </summary>
public sealed record ScheduleLine(
    int FiscalYear,
    int YearOffset,
    string Component,
    ScheduleTrigger Trigger,
    long? AmountFen,
    int? Stage = null,
    bool IsGrant = true)
{
    /// <summary>A line for a typed component; <see cref="Component"/> is its storage text.</summary>
    public static ScheduleLine For(int fiscalYear, int yearOffset, LedgerComponent component, ScheduleTrigger trigger, long? amountFen, int? stage = null, bool isGrant = true) =>
        new(fiscalYear, yearOffset, component.ToString(), trigger, amountFen, stage, isGrant);

    /// <summary>The typed component (see <see cref="LedgerComponent"/>); not serialised, <see cref="Component"/> is.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LedgerComponent Part => LedgerComponent.Parse(Component);
}

/// <summary>A stable reason code with its zh-CN and en messages.</summary>
public sealed record Reason(string Code, string MessageZh, string MessageEn)
{
    public string Message(bool english) => english ? MessageEn : MessageZh;
}

/// <summary>
/// One rule applied: which rule, the article it cites, its text in zh-CN and en, and the figures it used;
/// <see cref="Text"/> is the seed's own words for the value applied, where there is one.
/// </summary>
public sealed record TraceStep(string Rule, string Article, TraceDetail Detail, IReadOnlyList<KeyValuePair<string, string>> Figures)
{
    public string? Text { get; init; }
}

/// <summary>
/// The engine's answer. <see cref="AmountFen"/> is the grant total in fen (null where review sets
/// it: discretionary measures). Ineligible decisions carry at least one reason and no schedule.
/// </summary>
public sealed record Decision(
    string Measure,
    bool Eligible,
    long? AmountFen,
    IReadOnlyList<Reason> Reasons,
    IReadOnlyList<ScheduleLine> Schedule,
    IReadOnlyList<TraceStep> Trace)
{
    /// <summary>True where the measure has no computed amount and the reviewer sets it (rule 6).</summary>
    public bool Discretionary { get; init; }

    /// <summary>Tier awarded, for tiered first-time measures (A08.1, A16.4, A09.3, A09.5); null otherwise.</summary>
    public string? Tier { get; init; }
}
