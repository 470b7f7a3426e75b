using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

/// <summary>A11.2: allowances per person by category — yearly for some years, or once plus on completion.</summary>
public sealed record PerPersonParameters(IReadOnlyList<PersonCategory> Categories) : CalculationParameters
{
    public override CalculationKind Kind => CalculationKind.PerPerson;
    internal override bool HeldByProject => false;
    internal override IEnumerable<long> Amounts => Categories.SelectMany(c => new[] { c.YearlyFen, c.OnceFen, c.CompletionFen });

    /// <summary>The category names, for matching without allocation at the JSON edge.</summary>
    internal string[] CategoryNames { get; } = [.. Categories.Select(c => c.Category)];

    /// <summary>The most years any category pays (the yearly run's horizon).</summary>
    public int MaxYears => Categories.Max(c => c.Years);

    internal override int InitialLines(EvaluationRequest request) =>
        request.Facts.TryGetValue(FactNames.Persons, out var p) && p.Persons is { } list ? Math.Max(1, list.Count * 3) : 1;

    internal static PerPersonParameters Load(ParameterSet set)
    {
        set.UsesFacts(FactNames.Persons);
        return new PerPersonParameters(set.Categories());
    }

    internal override void Calculate(Evaluation evaluation) => PerPersonCalculator.Calculate(evaluation, this);
}
