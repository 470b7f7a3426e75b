using NeoBay.Grants.Auth;
using NeoBay.Grants.Domain;
using NeoBay.Grants.UseCases;
using NeoBay.Policy;
using Polly;

namespace NeoBay.Grants.Renewals;

/// <summary>A filed annual claim: the prior year's expenditure, the rate and cap of the measure, and the amount paid.</summary>
public sealed record ClaimResult(string GrantId, int FiscalYear, string Component, string Measure, int ExpenditureYear, long ExpenditureFen,
    decimal Rate, long CapFen, long AmountFen, LedgerStatus LineStatus);

/// <summary>
/// What the run's rules read and people record between runs: filing an annual claim (A16.2/A16.3), a person who
/// left their post (A11.2), a holder that left the zone.
/// </summary>
public sealed class RenewalRecordsService(IRenewalStore store, PolicyCatalog catalog, TimeProvider clock)
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
        if (!ApplicationKeys.IsWellFormed(grantId)) return UseCaseError.NotFound("资助", "grant");
        if (expenditureFen <= 0)
            return new UseCaseError(ErrorKind.Validation, "NonPositiveExpenditure", "年度运营支出须大于 0。", "The year's operating expenditure must be above 0.", "expenditure");
        return await retry.ExecuteAsync(async ct =>
        {
            var state = await store.ReadGrantAsync(grantId, ct);
            if (state is null || !caller.CanSee(state.Grant.ApplicantUscc)) return UseCaseError.NotFound("资助", "grant");
            var decidedOn = ChinaCalendar.DateOf(state.Grant.ApprovedAt);
            if (RenewalRules.OperatingRateOf(catalog, state.Grant.Measure, decidedOn) is not { } rate)
                return new UseCaseError(ErrorKind.Conflict, "NotAnAnnualClaim", "该资助没有年度运营经费申报。", "This grant has no annual operating claim.", "grantId");
            var claim = state.Claims.FirstOrDefault(c => c.FiscalYear == fiscalYear);
            if (claim is null)
                return new UseCaseError(ErrorKind.Conflict, "ClaimNotOpen", $"{fiscalYear} 财年的申报尚未开启（由年度续期开启）。",
                    $"The claim of fiscal year {fiscalYear} is not open (the yearly run opens it).", "fiscalYear");
            var line = state.Lines.FirstOrDefault(l => l.FiscalYear == fiscalYear && l.Component == claim.Component);
            if (claim.Status == ClaimRecord.Filed)
            {
                return claim.ExpenditureFen == expenditureFen
                    ? Result<ClaimResult>.Ok(ResultOf(claim, rate, line?.Status ?? LedgerStatus.Issued))
                    : new UseCaseError(ErrorKind.Conflict, "ClaimAlreadyFiled", $"该申报已按 {Money.FormatYuan(claim.ExpenditureFen ?? 0)} 元填报。",
                        $"This claim was already filed with {Money.FormatYuan(claim.ExpenditureFen ?? 0)}.", "expenditure");
            }

            if (state.Grant.Status == GrantStatuses.Revoked || line is not { Status: LedgerStatus.AwaitingClaim })
                return new UseCaseError(ErrorKind.Conflict, "ClaimClosed", "该申报已关闭（资助已撤销或款项已失效）。", "This claim is closed (grant revoked or line lapsed).", "fiscalYear");

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
        if (!ApplicationKeys.IsWellFormed(grantId)) return UseCaseError.NotFound("资助", "grant");
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
            return new UseCaseError(ErrorKind.Validation, ErrorCodes.ReasonRequired, "须填写离岗原因（≤ 500 字）。", "A reason (≤ 500 characters) is required.", "reason");
        return await retry.ExecuteAsync(async ct =>
        {
            var state = await store.ReadGrantAsync(grantId, ct);
            if (state is null || !caller.CanSee(state.Grant.ApplicantUscc)) return UseCaseError.NotFound("资助", "grant");
            var persons = state.Lines.Select(l => RenewalPlanner.PersonOf(l.Component)).Where(p => p is not null).Select(p => p!.Value).ToHashSet();
            if (!persons.Contains(person))
                return new UseCaseError(ErrorKind.NotFound, "PersonNotFound", $"该资助没有第 {person} 位人员。", $"This grant has no person {person}.", "n");
            if (state.Departures.FirstOrDefault(d => d.Person == person) is { } recorded)
            {
                return recorded.LeftOn == leftOn
                    ? Result<PersonDeparture>.Ok(recorded)
                    : new UseCaseError(ErrorKind.Conflict, "DepartureAlreadyRecorded", $"该人员已于 {recorded.LeftOn:yyyy-MM-dd} 登记离岗。",
                        $"This person's departure was already recorded on {recorded.LeftOn:yyyy-MM-dd}.", "leftOn");
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
            if (state is null) return UseCaseError.NotFound("资助", "grant");
            if (state.Grant.Status == GrantStatuses.Revoked) return Result<GrantRecord>.Ok(state.Grant);
            var now = clock.GetUtcNow();
            var revoked = state.Grant with { Status = GrantStatuses.Revoked, Version = state.Grant.Version + 1 };
            var audit = new AuditEntry(grantId, revoked.Version, now, revokedBy, "revoke", reason) { From = GrantStatuses.Active, To = GrantStatuses.Revoked };
            var entry = GrantIndexEntry.Of(revoked, state.Lines);
            var years = RenewalPlanner.DueYears(entry, ChinaCalendar.FiscalYearOf(now), catalog);
            await store.RevokeAsync(revoked, audit, new RenewalHolds(revoked.Measure, years, state.Markers), entry, ct);
            return Result<GrantRecord>.Ok(revoked);
        }, cancellationToken);
    }

    /// <summary>A holder left the Greater Neo Bay zone (common.2): the run skips its grants from the next fiscal year on.</summary>
    public async Task<Result<ZoneDeparture>> RecordZoneDepartureAsync(Caller caller, string uscc, DateOnly leftOn, string? reason, CancellationToken cancellationToken = default)
    {
        if (!Uscc.IsValid(uscc))
            return new UseCaseError(ErrorKind.Validation, "InvalidUscc", "统一社会信用代码无效。", "The unified social credit code is not valid.", "uscc");
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
            return new UseCaseError(ErrorKind.Validation, ErrorCodes.ReasonRequired, "须填写原因（≤ 500 字）。", "A reason (≤ 500 characters) is required.", "reason");
        var departure = new ZoneDeparture(uscc, leftOn, reason.Trim(), caller.Subject, clock.GetUtcNow());
        if (await store.TryAddZoneDepartureAsync(departure, cancellationToken)) return Result<ZoneDeparture>.Ok(departure);
        var recorded = (await store.GetZoneDeparturesAsync(cancellationToken))[uscc];
        return recorded.LeftOn == leftOn
            ? Result<ZoneDeparture>.Ok(recorded)
            : new UseCaseError(ErrorKind.Conflict, "DepartureAlreadyRecorded", $"该主体已于 {recorded.LeftOn:yyyy-MM-dd} 登记迁出。",
                $"This holder's departure was already recorded on {recorded.LeftOn:yyyy-MM-dd}.", "leftOn");
    }
}
