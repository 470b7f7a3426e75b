using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Ledger;
using NeoBay.Policy;
using Polly;

namespace NeoBay.Grants.Renewals;

/// <summary>A filed annual claim: the prior year's expenditure, the rate and cap of the measure, and the amount paid.</summary>
public sealed record ClaimResult(string GrantId, int FiscalYear, string Component, string Measure, int ExpenditureYear, long ExpenditureFen,
    decimal Rate, long CapFen, long AmountFen, LedgerStatus LineStatus);

/// <summary>What the claims, persons and renewals functions record between runs (<see cref="RenewalRecordsService"/>).</summary>
public interface IRenewalRecordsUseCases
{
    /// <summary>A16.2/A16.3: files the claim year's expenditure; pays rate × expenditure, rounded down, within the yearly cap.</summary>
    Task<Result<ClaimResult>> FileClaimAsync(Caller caller, string grantId, int fiscalYear, long expenditureFen, CancellationToken cancellationToken = default);

    /// <summary>A11.2: person <paramref name="person"/> (1-based) of the grant left their post on <paramref name="leftOn"/>.</summary>
    Task<Result<PersonDeparture>> RecordPersonDepartureAsync(Caller caller, string grantId, int person, DateOnly leftOn, string? reason,
        CancellationToken cancellationToken = default);

    /// <summary>The holder <paramref name="uscc"/> left the zone on <paramref name="leftOn"/>; the run skips its grants from the next fiscal year on.</summary>
    Task<Result<ZoneDeparture>> RecordZoneDepartureAsync(Caller caller, string uscc, DateOnly leftOn, string? reason, CancellationToken cancellationToken = default);
}

/// <summary>
/// What the run's rules read and people record between runs: filing an annual claim (A16.2/A16.3), a person who
/// left their post (A11.2), a holder that left the zone.
/// </summary>
public sealed class RenewalRecordsService(IRenewalStore store, PolicyCatalog catalog, TimeProvider clock) : IRenewalRecordsUseCases
{
    private readonly ResiliencePipeline retry = ConflictRetry.Create();

    /// <summary>
    /// A16.2/A16.3: files the expenditure of the claim's year and pays rate × expenditure, rounded down, within the
    /// yearly cap (catalog <c>operatingRate</c>, <c>operatingCap</c>). Filing the same figure again answers the same;
    /// another figure is a conflict.
    /// </summary>
    public async Task<Result<ClaimResult>> FileClaimAsync(Caller caller, string grantId, int fiscalYear, long expenditureFen, CancellationToken cancellationToken = default) =>
        await FileClaimAsync(caller, grantId, fiscalYear, expenditureFen, null, cancellationToken);

    /// <summary>As above; common.9 with common.4: the amount is not above <paramref name="requestedFen"/> when given.</summary>
    public async Task<Result<ClaimResult>> FileClaimAsync(Caller caller, string grantId, int fiscalYear, long expenditureFen, long? requestedFen, CancellationToken cancellationToken = default)
    {
        if (!ApplicationKeys.IsWellFormed(grantId)) return UseCaseError.NotFound("NotFound.Grant");
        if (expenditureFen <= 0)
            return new UseCaseError(ErrorKind.Validation, "NonPositiveExpenditure", "expenditure");
        return await retry.ExecuteAsync(async ct =>
        {
            var state = await store.ReadGrantAsync(grantId, ct);
            if (state is null || !caller.CanSee(state.Grant.ApplicantUscc)) return UseCaseError.NotFound("NotFound.Grant");
            var decidedOn = ChinaCalendar.DateOf(state.Grant.ApprovedAt);
            if (RenewalRules.OperatingRateOf(catalog, state.Grant.Measure, decidedOn) is not { } rate)
                return new UseCaseError(ErrorKind.Conflict, "NotAnAnnualClaim", "grantId");
            var claim = state.Claims.FirstOrDefault(c => c.FiscalYear == fiscalYear);
            if (claim is null)
                return new UseCaseError(ErrorKind.Conflict, "ClaimNotOpen", "fiscalYear", [fiscalYear]);
            var line = state.Lines.FirstOrDefault(l => l.FiscalYear == fiscalYear && l.Component == claim.Component);
            if (claim.Status == ClaimRecord.Filed)
            {
                return claim.ExpenditureFen == expenditureFen
                    ? Result<ClaimResult>.Ok(ResultOf(claim, rate, line?.Status ?? LedgerStatus.Issued))
                    : new UseCaseError(ErrorKind.Conflict, "ClaimAlreadyFiled", "expenditure", [Money.FormatYuan(claim.ExpenditureFen ?? 0)]);
            }

            if (state.Grant.Status == GrantStatuses.Revoked || line is not { Status: LedgerStatus.AwaitingClaim })
                return new UseCaseError(ErrorKind.Conflict, "ClaimClosed", "fiscalYear");

            // A16.2/A16.3: 不超过总运营支出 30%、最高 200 万元 — computed by the engine's rules, not here.
            var amount = RenewalRules.OperatingClaimOf(catalog, state.Grant.Measure, decidedOn, expenditureFen, claim.CapFen, requestedFen)!.AmountFen;
            var now = clock.GetUtcNow();
            var filed = claim with { Status = ClaimRecord.Filed, ExpenditureFen = expenditureFen, AmountFen = amount, FiledAt = now, FiledBy = caller.Subject };
            var paid = line with { AmountFen = amount, Status = LedgerStatus.Issued, IssuedAt = now };
            var grant = state.Grant with { Version = state.Grant.Version + 1 };
            var audit = new AuditEntry(grantId, grant.Version, now, caller.Subject, $"{LedgerComponent.Claim(fiscalYear)} {Money.FormatYuan(amount)}",
                $"{claim.Component}: expenditure {claim.ExpenditureYear} {Money.FormatYuan(expenditureFen)} × {Money.FormatRate(rate)}, cap {Money.FormatYuan(claim.CapFen)}")
            {
                From = grant.Status,
                To = grant.Status,
            };
            await store.FileClaimAsync(filed, paid, grant, audit, ct);
            return Result<ClaimResult>.Ok(ResultOf(filed, rate, LedgerStatus.Issued));
        }, cancellationToken);
    }

    private static ClaimResult ResultOf(ClaimRecord c, decimal rate, LedgerStatus status) =>
        new(c.GrantId, c.FiscalYear, c.Component, c.Measure, c.ExpenditureYear, c.ExpenditureFen ?? 0, rate, c.CapFen, c.AmountFen ?? 0, status);

    /// <summary>A11.2: person <paramref name="person"/> of the grant left their post on <paramref name="leftOn"/>; the run skips their later allowances.</summary>
    public async Task<Result<PersonDeparture>> RecordPersonDepartureAsync(Caller caller, string grantId, int person, DateOnly leftOn, string? reason,
        CancellationToken cancellationToken = default)
    {
        if (!ApplicationKeys.IsWellFormed(grantId)) return UseCaseError.NotFound("NotFound.Grant");
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
            return new UseCaseError(ErrorKind.Validation, "ReasonRequired.Record", "reason");
        return await retry.ExecuteAsync(async ct =>
        {
            var state = await store.ReadGrantAsync(grantId, ct);
            if (state is null || !caller.CanSee(state.Grant.ApplicantUscc)) return UseCaseError.NotFound("NotFound.Grant");
            var persons = state.Lines.Select(l => RenewalPlanner.PersonOf(l.Component)).Where(p => p is not null).Select(p => p!.Value).ToHashSet();
            if (!persons.Contains(person))
                return new UseCaseError(ErrorKind.NotFound, "PersonNotFound", "n", [person]);
            if (state.Departures.FirstOrDefault(d => d.Person == person) is { } recorded)
            {
                return recorded.LeftOn == leftOn
                    ? Result<PersonDeparture>.Ok(recorded)
                    : new UseCaseError(ErrorKind.Conflict, "DepartureAlreadyRecorded.Person", "leftOn", [recorded.LeftOn]);
            }

            // A11.2: the years whose allowance this departure ends are held, so the run reads the grant for them.
            var years = state.Lines.Where(l => RenewalPlanner.PersonOf(l.Component) == person && l.Status == LedgerStatus.Scheduled && RenewalPlanner.GoneBy(leftOn, l.FiscalYear))
                .Select(l => l.FiscalYear).ToList();
            var departure = new PersonDeparture(grantId, person, leftOn, reason.Trim(), caller.Subject, clock.GetUtcNow());
            await store.AddPersonDepartureAsync(departure, new RenewalHolds(state.Grant.Measure, years, state.Markers), ct);
            return Result<PersonDeparture>.Ok(departure);
        }, cancellationToken);
    }

    /// <summary>
    /// Revokes a grant (no endpoint yet): its status becomes revoked, and every year the run has not renewed is held,
    /// so the run reads the grant and skips it (<c>GrantRevoked</c>) even when its index page was listed before.
    /// </summary>
    public async Task<Result<GrantRecord>> RevokeAsync(string grantId, string revokedBy, string reason, CancellationToken cancellationToken = default)
    {
        return await retry.ExecuteAsync<Result<GrantRecord>>(async ct =>
        {
            var state = await store.ReadGrantAsync(grantId, ct);
            if (state is null) return UseCaseError.NotFound("NotFound.Grant");
            if (state.Grant.Status == GrantStatuses.Revoked) return Result<GrantRecord>.Ok(state.Grant);
            var now = clock.GetUtcNow();
            var revoked = state.Grant with { Status = GrantStatuses.Revoked, Version = state.Grant.Version + 1 };
            var audit = new AuditEntry(grantId, revoked.Version, now, revokedBy, "revoke", reason) { From = GrantStatuses.Active, To = GrantStatuses.Revoked };
            var entry = GrantIndexEntry.Of(revoked, state.Lines);
            var years = RenewalPlanner.DueYears(entry, ChinaCalendar.FiscalYearOf(now), catalog);
            await store.RevokeAsync(revoked, audit, new RenewalHolds(revoked.Measure, years, state.Markers), entry, state.Lines, ct);
            return Result<GrantRecord>.Ok(revoked);
        }, cancellationToken);
    }

    /// <summary>A holder left the Greater Neo Bay zone (common.2): the run skips its grants from the next fiscal year on.</summary>
    public async Task<Result<ZoneDeparture>> RecordZoneDepartureAsync(Caller caller, string uscc, DateOnly leftOn, string? reason, CancellationToken cancellationToken = default)
    {
        if (!Uscc.IsValid(uscc))
            return new UseCaseError(ErrorKind.Validation, "InvalidUscc.Holder", "uscc");
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
            return new UseCaseError(ErrorKind.Validation, "ReasonRequired.Holder", "reason");
        var departure = new ZoneDeparture(uscc, leftOn, reason.Trim(), caller.Subject, clock.GetUtcNow());
        if (await store.TryAddZoneDepartureAsync(departure, cancellationToken)) return Result<ZoneDeparture>.Ok(departure);
        var recorded = (await store.GetZoneDeparturesAsync(cancellationToken))[uscc];
        return recorded.LeftOn == leftOn
            ? Result<ZoneDeparture>.Ok(recorded)
            : new UseCaseError(ErrorKind.Conflict, "DepartureAlreadyRecorded.Holder", "leftOn", [recorded.LeftOn]);
    }
}
