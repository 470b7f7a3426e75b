using NeoBay.Grants.Ledger;
using NeoBay.Policy;

namespace NeoBay.Grants.Renewals;

/// <summary>What the run does for one grant.</summary>
public enum RenewalOutcome
{
    /// <summary>The grant's measure promises nothing for this fiscal year.</summary>
    NotDue,
    /// <summary>The marker of this fiscal year exists: done before (items are the recorded ones).</summary>
    AlreadyDone,
    /// <summary>Something to write (issue, open, lapse, invite, or record a skip).</summary>
    Write,
}

/// <summary>
/// The changes for one grant and fiscal year, written in one transaction of the grant's partition together with
/// <see cref="Marker"/> (inserted, or replacing a hold with its ETag: the exactly-once gate). A <see cref="Blind"/>
/// plan was made from the grant's index entry, not from a read of its partition: its lines carry no ETag and are
/// merged unconditionally, which is safe because the marker insert fails (409) if the year was renewed or held.
/// </summary>
public sealed record RenewalPlan(
    RenewalOutcome Outcome,
    string GrantId,
    string Measure,
    int FiscalYear,
    IReadOnlyList<RenewalItem> Items)
{
    public RenewalMarker? Marker { get; init; }
    public bool Blind { get; init; }
    /// <summary>The table ETag of the grant header read (read plans): the write is conditional on it, so a revocation since the read fails it.</summary>
    public string? HeaderETag { get; init; }
    public IReadOnlyList<LedgerLine> LinesToUpdate { get; init; } = [];
    public IReadOnlyList<LedgerLine> LinesToAdd { get; init; } = [];
    public IReadOnlyList<ClaimRecord> ClaimsToOpen { get; init; } = [];
    public InvitationRecord? Invitation { get; init; }
    /// <summary>Voucher years to insert (no ETag) or replace (with the ETag read).</summary>
    public IReadOnlyList<VoucherYear> VoucherYears { get; init; } = [];

    public static RenewalPlan NotDue(string grantId, string measure, int fiscalYear) => new(RenewalOutcome.NotDue, grantId, measure, fiscalYear, []);
}

/// <summary>
/// The issuing rules of the yearly run (POLICY.md "Renewals"), pure: no storage, no clock. The figures come from
/// the grant's own ledger (written from the engine's schedule at approval) and from the catalog.
/// </summary>
public static class RenewalPlanner
{
    public static readonly string QuotaComponent = LedgerComponent.Quota.ToString();

    /// <summary>The item of a claim invitation: no ledger line, nothing paid.</summary>
    public const string InvitationItem = "invitation";

    /// <summary>
    /// Cheap test on the index entry alone, so grants whose measure promises nothing this year cost no storage request.
    /// True when the measure's kind has something for <paramref name="fiscalYear"/>: operating or claim years 2…n
    /// (A05.1, A06.2, A16.2, A16.3), allowance years (A11.2), a voucher quota (A09.4) or an invitation (annual claims).
    /// </summary>
    public static bool IsDue(GrantIndexEntry entry, int fiscalYear, PolicyCatalog catalog) =>
        RenewalRules.DueOf(catalog, entry.Measure, entry.FiscalYear, fiscalYear) != RenewalDue.Nothing;

    /// <summary>The fiscal years after <paramref name="fromYear"/> (inclusive) in which the run has something for this grant.</summary>
    public static IReadOnlyList<int> DueYears(GrantIndexEntry entry, int fromYear, PolicyCatalog catalog) =>
        Enumerable.Range(Math.Max(fromYear, entry.FiscalYear + 1), MaxRenewalYears).Where(y => IsDue(entry, y, catalog)).ToList();

    /// <summary>Bound on the years a grant can renew after approval (the longest: A09.4 quotas until the policy ends).</summary>
    private const int MaxRenewalYears = 10;

    /// <summary>A09.4 quotas are issued for fiscal years that begin while the policy is in force (common.1, reading).</summary>
    public static bool QuotaYearInForce(int fiscalYear, PolicyCatalog catalog) => RenewalRules.QuotaYearInForce(catalog, fiscalYear);

    /// <summary>True when a departure on <paramref name="leftOn"/> (CST date) means gone at the start of the fiscal year.</summary>
    public static bool GoneBy(DateOnly leftOn, int fiscalYear) => leftOn <= new DateOnly(fiscalYear, 1, 1);

    /// <summary>
    /// The plan from the grant's index entry alone (its lines as approved), for a blind write: null when the entry does
    /// not carry its lines, or for A09.4 (lapsing last year's quota needs what was used, so the run reads the partition).
    /// </summary>
    public static RenewalPlan? PlanFromIndex(GrantIndexEntry entry, int fiscalYear, PolicyCatalog catalog, ZoneDeparture? zoneDeparture, DateTimeOffset now)
    {
        if (entry.RenewalLines is not { } lines || !catalog.TryGet(entry.Measure, out _)
            || RenewalRules.DueOf(catalog, entry.Measure, entry.FiscalYear, fiscalYear) == RenewalDue.VoucherQuota) return null;
        // Only the fields the rules read: id, holder, measure, fiscal year of approval, status.
        var grant = new GrantRecord(entry.GrantId, "", entry.ApplicantUscc, entry.Measure, entry.ProjectKey, entry.Tier, entry.AmountFen, default, entry.FiscalYear, "", 0)
        {
            Status = entry.Status,
        };
        var plan = Plan(new RenewalGrantState(grant, lines, [], [], [], [], []), fiscalYear, catalog, zoneDeparture, now);
        return plan with { Blind = true, HeaderETag = null };
    }

    /// <param name="state">The grant partition as read.</param>
    /// <param name="zoneDeparture">The holder's zone departure, if recorded.</param>
    /// <param name="now">When the run writes (issue time of the lines, audit time).</param>
    public static RenewalPlan Plan(RenewalGrantState state, int fiscalYear, PolicyCatalog catalog, ZoneDeparture? zoneDeparture, DateTimeOffset now)
    {
        var grant = state.Grant;
        var marker = state.Markers.FirstOrDefault(m => m.FiscalYear == fiscalYear);
        if (marker is { Pending: false }) return new RenewalPlan(RenewalOutcome.AlreadyDone, grant.Id, grant.Measure, fiscalYear, marker.Items);
        if (!catalog.TryGet(grant.Measure, out var measure)) return RenewalPlan.NotDue(grant.Id, grant.Measure, fiscalYear);

        var draft = new Draft(grant, fiscalYear, now, marker?.StorageETag);
        // The engine's rules say what is owed this year; the run only writes it.
        switch (RenewalRules.DueOf(catalog, grant.Measure, grant.FiscalYear, fiscalYear))
        {
            case RenewalDue.ScheduledYears:
                // common.8, A05.1/A06.2: operating years 2 and 3 at the approved yearly amount.
                foreach (var line in DueLines(state, fiscalYear, ScheduleTrigger.Renewal, LedgerStatus.Scheduled))
                    draft.Issue(line);
                break;
            case RenewalDue.OperatingClaims:
                // A16.2/A16.3: operating years 2 and 3 are claims on the prior year's expenditure (30%, ≤ the yearly cap).
                foreach (var line in DueLines(state, fiscalYear, ScheduleTrigger.Claim, LedgerStatus.AwaitingClaim))
                {
                    if (state.Claims.Any(c => c.FiscalYear == fiscalYear && c.Component == line.Component)) continue;
                    draft.OpenClaim(line, measure.Code, RenewalRules.OperatingCapOf(catalog, measure.Code), RenewalRules.ClaimYearFor(catalog, fiscalYear));
                }
                break;
            case RenewalDue.PersonAllowances:
                // A11.2: allowance years 2 and 3 for each person still in post.
                foreach (var line in DueLines(state, fiscalYear, ScheduleTrigger.Renewal, LedgerStatus.Scheduled))
                {
                    var departure = PersonOf(line.Component) is { } person ? state.Departures.FirstOrDefault(d => d.Person == person) : null;
                    if (departure is not null && GoneBy(departure.LeftOn, fiscalYear)) draft.Lapse(line, RenewalReasons.PersonLeft);
                    else draft.Issue(line);
                }
                break;
            case RenewalDue.VoucherQuota:
                PlanVoucher(state, measure, fiscalYear, catalog, draft);
                break;
            case RenewalDue.ClaimInvitation:
                // Last year's beneficiaries are invited to file this year's claim (common.9: one claim per fiscal year).
                if (state.Invitations.All(i => i.FiscalYear != fiscalYear))
                    draft.Invite(measure.Code, RenewalRules.ClaimYearFor(catalog, fiscalYear));
                break;
        }

        if (draft.IsEmpty) return RenewalPlan.NotDue(grant.Id, grant.Measure, fiscalYear);

        // A grant that was revoked, or whose holder left the zone, is skipped with a recorded reason (POLICY.md "Renewals").
        var skip = grant.Status == GrantStatuses.Revoked ? RenewalReasons.GrantRevoked
            : zoneDeparture is not null && GoneBy(zoneDeparture.LeftOn, fiscalYear) ? RenewalReasons.HolderLeftZone
            : null;
        if (skip is not null) draft.SkipAll(state, fiscalYear, skip);
        return draft.ToPlan();
    }

    /// <summary>A09.4: this year's quota for the holder's kind (from the catalog), and last year's unused quota lapses.</summary>
    private static void PlanVoucher(RenewalGrantState state, MeasureDefinition measure, int fiscalYear, PolicyCatalog catalog, Draft draft)
    {
        if (fiscalYear <= state.Grant.FiscalYear || !QuotaYearInForce(fiscalYear, catalog)) return;
        if (state.Lines.Any(l => l.FiscalYear == fiscalYear && l.Component == QuotaComponent)) return;
        var quota = state.Holder is { } holder ? VoucherRules.YearlyQuotaFen(measure, holder.Kind, holder.IsSme) : null;
        if (quota is null)
        {
            draft.Skip(QuotaComponent, 0, state.Holder is null ? RenewalReasons.ApplicationMissing : RenewalReasons.NotVoucherHolder);
            return;
        }

        draft.AddQuota(quota.Value, state.Holder!.Value.Kind, state.Holder.Value.IsSme);
        var previous = state.Lines.FirstOrDefault(l => l.FiscalYear == fiscalYear - 1 && l.Component == QuotaComponent && l.Status == LedgerStatus.Issued);
        if (previous is not null)
        {
            var year = state.VoucherYears.FirstOrDefault(v => v.FiscalYear == fiscalYear - 1)
                       ?? new VoucherYear(state.Grant.Id, fiscalYear - 1, previous.AmountFen ?? 0, 0, HolderKindName(state.Holder.Value.Kind), state.Holder.Value.IsSme);
            draft.LapseQuota(previous, year);
        }
    }

    public static string HolderKindName(ApplicantKind kind) => HolderKinds.NameOf(kind);

    private static IEnumerable<LedgerLine> DueLines(RenewalGrantState state, int fiscalYear, ScheduleTrigger trigger, LedgerStatus status) =>
        state.Lines.Where(l => l.FiscalYear == fiscalYear && l.Trigger == trigger && l.Status == status);

    /// <summary>The person number of an A11.2 component <c>person-{n}-year-{y}</c>.</summary>
    public static int? PersonOf(string component) => LedgerComponent.TryParse(component, out var c) ? c.Person : null;

    /// <param name="holdETag">The ETag of this year's hold, which the marker replaces; null when there is none (insert).</param>
    private sealed class Draft(GrantRecord grant, int fiscalYear, DateTimeOffset now, string? holdETag)
    {
        private readonly List<RenewalItem> items = [];
        private readonly List<LedgerLine> replace = [];
        private readonly List<LedgerLine> add = [];
        private readonly List<ClaimRecord> claims = [];
        private readonly List<VoucherYear> voucherYears = [];
        private InvitationRecord? invitation;

        public bool IsEmpty => items.Count == 0;

        public void Issue(LedgerLine line)
        {
            replace.Add(line with { Status = LedgerStatus.Issued, IssuedAt = now });
            items.Add(new RenewalItem(line.Component, RenewalAction.Issued, line.AmountFen ?? 0));
        }

        public void Lapse(LedgerLine line, string reason)
        {
            replace.Add(line with { Status = LedgerStatus.Lapsed });
            items.Add(new RenewalItem(line.Component, RenewalAction.Skipped, line.AmountFen ?? 0, reason));
        }

        public void Skip(string component, long amountFen, string reason) => items.Add(new RenewalItem(component, RenewalAction.Skipped, amountFen, reason));

        public void OpenClaim(LedgerLine line, string measure, long? operatingCapFen, int expenditureYear)
        {
            var cap = line.AmountFen ?? operatingCapFen ?? 0;
            claims.Add(new ClaimRecord(grant.Id, fiscalYear, line.Component, measure, expenditureYear, cap, now));
            items.Add(new RenewalItem(line.Component, RenewalAction.ClaimOpened, cap));
        }

        public void Invite(string measure, int claimYear)
        {
            invitation = new InvitationRecord(grant.Id, fiscalYear, measure, claimYear, now);
            items.Add(new RenewalItem(InvitationItem, RenewalAction.Invited, 0));
        }

        public void AddQuota(long quotaFen, ApplicantKind kind, bool isSme)
        {
            add.Add(new LedgerLine(grant.Id, fiscalYear, QuotaComponent, ScheduleTrigger.Renewal, quotaFen, LedgerStatus.Issued, null, true) { IssuedAt = now });
            voucherYears.Add(new VoucherYear(grant.Id, fiscalYear, quotaFen, 0, HolderKindName(kind), isSme));
            items.Add(new RenewalItem(QuotaComponent, RenewalAction.QuotaIssued, quotaFen));
        }

        public void LapseQuota(LedgerLine previous, VoucherYear year)
        {
            replace.Add(previous with { Status = LedgerStatus.Lapsed });
            voucherYears.Add(year with { Status = VoucherYear.Lapsed, LapsedFen = year.LeftFen });
            items.Add(new RenewalItem($"{QuotaComponent}-{year.FiscalYear}", RenewalAction.QuotaLapsed, year.LeftFen));
        }

        /// <summary>The grant is skipped: nothing is issued, opened or invited; the year's due lines lapse with the reason.</summary>
        public void SkipAll(RenewalGrantState state, int year, string reason)
        {
            var due = items.ToList();
            items.Clear();
            add.Clear();
            claims.Clear();
            voucherYears.Clear();
            invitation = null;
            var lines = replace.Where(l => l.FiscalYear == year).Select(l => l.Component).ToHashSet(StringComparer.Ordinal);
            foreach (var c in claimsComponents(due)) lines.Add(c);
            replace.Clear();
            foreach (var line in state.Lines.Where(l => l.FiscalYear == year && lines.Contains(l.Component)))
                replace.Add(line with { Status = LedgerStatus.Lapsed });
            foreach (var item in due.Where(i => i.Action != RenewalAction.QuotaLapsed))
                items.Add(new RenewalItem(item.Component, RenewalAction.Skipped, item.AmountFen, reason));

            static IEnumerable<string> claimsComponents(IEnumerable<RenewalItem> due) => due.Where(i => i.Action == RenewalAction.ClaimOpened).Select(i => i.Component);
        }

        public RenewalPlan ToPlan()
        {
            return new RenewalPlan(RenewalOutcome.Write, grant.Id, grant.Measure, fiscalYear, items.ToList())
            {
                Marker = new RenewalMarker(grant.Id, fiscalYear, grant.Measure, items.ToList(), now) { StorageETag = holdETag },
                HeaderETag = grant.StorageETag,
                LinesToUpdate = replace.ToList(),
                LinesToAdd = add.ToList(),
                ClaimsToOpen = claims.ToList(),
                Invitation = invitation,
                VoucherYears = voucherYears.ToList(),
            };
        }
    }
}
