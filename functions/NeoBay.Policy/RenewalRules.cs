using NeoBay.Policy.Calculations;

namespace NeoBay.Policy;

/// <summary>What the yearly renewal run owes a grant in a fiscal year (POLICY.md "Renewals"), by the measure's calculation kind.</summary>
public enum RenewalDue
{
    Nothing,
    /// <summary>common.8: operating years 2…n at the approved yearly amount (A05.1, A06.2).</summary>
    ScheduledYears,
    /// <summary>common.8 with common.9: operating years 2…n are claims on the prior year's expenditure (A16.2, A16.3).</summary>
    OperatingClaims,
    /// <summary>A11.2: allowance years 2…n for each person still in post.</summary>
    PersonAllowances,
    /// <summary>A09.4: this year's voucher quota; last year's unused quota lapses.</summary>
    VoucherQuota,
    /// <summary>common.9: last year's beneficiaries of an annual claim are invited to file this year's.</summary>
    ClaimInvitation,
}

/// <summary>A filed operating-year claim as the engine computes it: rate × expenditure, floored, within the cap and the amount requested.</summary>
public sealed record OperatingClaim(decimal Rate, long CapFen, long AmountFen);

/// <summary>
/// The policy's figures and formulas for the yearly run: the run asks here instead of re-implementing them
/// (the engine and its catalog are the only place that knows a figure or a formula).
/// </summary>
public static class RenewalRules
{
    /// <summary>What a grant of <paramref name="measureCode"/> approved in fiscal year <paramref name="approvalYear"/> is owed in <paramref name="fiscalYear"/>.</summary>
    public static RenewalDue DueOf(PolicyCatalog catalog, string measureCode, int approvalYear, int fiscalYear)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (!catalog.TryGet(measureCode, out var measure)) return RenewalDue.Nothing;
        var offset = fiscalYear - approvalYear;
        if (offset <= 0) return RenewalDue.Nothing;
        return measure.Calculation switch
        {
            ConstructionOperatingParameters p when offset < p.OperatingYears => RenewalDue.ScheduledYears,
            StartupOperatingParameters p when offset < p.OperatingYears => RenewalDue.OperatingClaims,
            PerPersonParameters p when offset < p.MaxYears => RenewalDue.PersonAllowances,
            VoucherParameters when QuotaYearInForce(catalog, fiscalYear) => RenewalDue.VoucherQuota,
            AnnualProportionalParameters when offset == 1 => RenewalDue.ClaimInvitation,
            _ => RenewalDue.Nothing,
        };
    }

    /// <summary>A09.4 quotas are issued for fiscal years that begin while the policy is in force (common.1, reading).</summary>
    public static bool QuotaYearInForce(PolicyCatalog catalog, int fiscalYear) => new DateOnly(fiscalYear, 1, 1) <= catalog.Policy.ValidTo;

    /// <summary>common.9: the year whose figures a claim opened in <paramref name="fiscalYear"/> is for.</summary>
    public static int ClaimYearFor(PolicyCatalog catalog, int fiscalYear) => fiscalYear + catalog.Policy.ClaimYearOffset;

    /// <summary>The yearly cap of an operating-year claim (A16.2/A16.3), or null.</summary>
    public static long? OperatingCapOf(PolicyCatalog catalog, string measureCode) =>
        OperatingOf(catalog, measureCode)?.OperatingCapFen;

    /// <summary>The operating rate of an A16.2/A16.3 grant decided on <paramref name="decidedOn"/>, or null for other measures.</summary>
    public static decimal? OperatingRateOf(PolicyCatalog catalog, string measureCode, DateOnly decidedOn)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return OperatingOf(catalog.At(decidedOn), measureCode)?.OperatingRate;
    }

    private static StartupOperatingParameters? OperatingOf(PolicyCatalog catalog, string measureCode) =>
        catalog.TryGet(measureCode, out var m) ? m.Calculation as StartupOperatingParameters : null;

    /// <summary>
    /// A16.2/A16.3 operating years 2…n: min(floor_fen(rate × expenditure), cap), and not above <paramref name="requestedFen"/>
    /// when given (common.3, 4, 9), with the values in force on <paramref name="decidedOn"/> (common.16: a change never
    /// alters a decision already made). Null when the measure has no operating claim.
    /// </summary>
    public static OperatingClaim? OperatingClaimOf(PolicyCatalog catalog, string measureCode, DateOnly decidedOn, long expenditureFen, long capFen, long? requestedFen = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (OperatingOf(catalog.At(decidedOn), measureCode) is not { } p) return null;
        return new OperatingClaim(p.OperatingRate, capFen, StartupOperatingCalculator.OperatingClaim(p, expenditureFen, capFen, requestedFen));
    }
}
