using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

/// <summary>
/// The typed parameters of one calculation kind, read and validated when the catalog loads (one record per
/// folder under Calculations/). The engine's pipeline of common rules calls <see cref="Calculate"/>, which
/// hands the record to the kind's pure calculator.
/// </summary>
public abstract record CalculationParameters
{
    public abstract CalculationKind Kind { get; }

    /// <summary>common.7: the stage plan of a single amount; null = one payment on approval.</summary>
    public virtual IReadOnlyList<StageDefinition>? Stages => null;

    /// <summary>common.10: the pipeline refuses a second award to the same project under the measure before calculating.</summary>
    internal virtual bool OncePerProject => false;

    /// <summary>common.10: the pipeline deducts support held or declared elsewhere.</summary>
    internal virtual bool NoDuplication => true;

    /// <summary>common.10 (a): an award of this kind counts as support the project holds.</summary>
    internal virtual bool HeldByProject => true;

    /// <summary>Catalog amounts (fen) and rates the trace shows, formatted once by the engine.</summary>
    internal virtual IEnumerable<long> Amounts => [];
    internal virtual IEnumerable<decimal> Rates => [];

    /// <summary>The usual number of schedule lines, to size the list.</summary>
    internal virtual int InitialLines(EvaluationRequest request) => Stages?.Count ?? 2;

    internal abstract void Calculate(Evaluation evaluation);
}

/// <summary>
/// A kind that computes one amount (cap, proportional, fixed, tiered): the pipeline limits it by requestedAmount
/// where the kind says so (common.4) and pays it on approval or by the stage plan (common.7).
/// </summary>
public abstract record SingleAmountParameters : CalculationParameters
{
    /// <summary>common.4: the amount is not above requestedAmount when the applicant gives one.</summary>
    internal virtual bool LimitedByRequest => false;

    /// <summary>The amount, or null when the calculator refused (it has blocked with a reason).</summary>
    internal abstract long? Amount(Evaluation evaluation);

    internal sealed override void Calculate(Evaluation evaluation) => evaluation.PaySingle(this);
}

/// <summary>The facts the calculation kinds read by name (common.4/5, A04.3, A05.1, A06.2, A16.2, A16.3, A09.4, A11.2, common.9).</summary>
internal static class FactNames
{
    internal const string RequestedAmount = "requestedAmount";
    internal const string StartupNeeds = "startupNeeds";
    internal const string EquityNeeds = "equityNeeds";
    internal const string ConstructionNeeds = "constructionNeeds";
    internal const string OperatingNeeds = "operatingNeeds";
    internal const string AnnualOperatingExpenditure = "annualOperatingExpenditure";
    internal const string ServiceFee = "serviceFee";
    internal const string QuotaUsed = "quotaUsed";
    internal const string Persons = "persons";
    internal const string FiscalYear = "fiscalYear";
}
