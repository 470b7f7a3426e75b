namespace NeoBay.Policy.Calculations;

/// <summary>The one place a catalog <c>kind</c> chooses its typed parameters (each kind's folder holds its record and calculator).</summary>
internal static class CalculationKinds
{
    public static CalculationParameters Load(ParameterSet set)
    {
        CalculationParameters parameters = set.Kind switch
        {
            CalculationKind.Discretionary => new DiscretionaryParameters(),
            CalculationKind.Cap => CapParameters.Load(set),
            CalculationKind.Proportional => ProportionalParameters.Load(set),
            CalculationKind.Fixed => FixedParameters.Load(set),
            CalculationKind.TieredFixed => TieredFixedParameters.Load(set),
            CalculationKind.TieredCap => TieredCapParameters.Load(set),
            CalculationKind.Composite => CompositeParameters.Load(set),
            CalculationKind.ConstructionOperating => ConstructionOperatingParameters.Load(set),
            CalculationKind.AnnualProportional => AnnualProportionalParameters.Load(set),
            CalculationKind.StartupOperating => StartupOperatingParameters.Load(set),
            CalculationKind.Voucher => VoucherParameters.Load(set),
            CalculationKind.PerPerson => PerPersonParameters.Load(set),
            _ => throw new ArgumentOutOfRangeException(nameof(set), set.Kind, "unknown calculation kind"),
        };
        set.RefuseUnused();
        return parameters;
    }
}
