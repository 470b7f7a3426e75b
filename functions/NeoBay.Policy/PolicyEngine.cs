using System.Globalization;

namespace NeoBay.Policy;

/// <summary>
/// Evaluates one request against the catalog: eligibility gates (common rules 1–2, applicant kind,
/// required facts), the measure's calculation kind, then 从优就高不重复 (common rule 10). Pure,
/// deterministic, no clock, thread-safe (all state is per call).
/// </summary>
public sealed class PolicyEngine : IPolicyEngine
{
    private readonly Dictionary<long, string> _yuanTexts = new();
    private readonly Dictionary<decimal, string> _rateTexts = new();

    public PolicyEngine(PolicyCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
        // The catalog's own amounts are formatted once, for the trace (read-only afterwards: thread-safe).
        foreach (var m in catalog.Editions.SelectMany(e => e.Measures))
        {
            foreach (var fen in new[] { m.CapFen, m.AmountFen, m.StartupCapFen, m.EquityCapFen, m.ConstructionCapFen, m.OperatingCapFen, m.SmeQuotaFen, m.TeamQuotaFen, 0L })
                if (fen is { } f) _yuanTexts.TryAdd(f, Money.FormatYuan(f));
            foreach (var rate in new[] { m.Rate, m.OperatingRate })
                if (rate is { } r) _rateTexts.TryAdd(r, Money.FormatRate(r));
            foreach (var t in m.Tiers ?? []) _yuanTexts.TryAdd(t.AmountFen, Money.FormatYuan(t.AmountFen));
            foreach (var c in m.PersonCategories ?? [])
            {
                _yuanTexts.TryAdd(c.YearlyFen, Money.FormatYuan(c.YearlyFen));
                _yuanTexts.TryAdd(c.OnceFen, Money.FormatYuan(c.OnceFen));
                _yuanTexts.TryAdd(c.CompletionFen, Money.FormatYuan(c.CompletionFen));
            }
        }
    }

    internal string RateText(decimal rate) => _rateTexts.TryGetValue(rate, out var text) ? text : Money.FormatRate(rate);

    internal string YuanText(long fen) => _yuanTexts.TryGetValue(fen, out var text) ? text : Money.FormatYuan(fen);

    public PolicyCatalog Catalog { get; }

    public Decision Evaluate(EvaluationRequest request, IReadOnlyList<PriorAward> history) => Evaluate(request, history, includeTrace: true);

    /// <summary>Evaluates; with <paramref name="includeTrace"/> false the trace is empty (cheaper).</summary>
    public Decision Evaluate(EvaluationRequest request, IReadOnlyList<PriorAward> history, bool includeTrace)
    {
        ArgumentNullException.ThrowIfNull(request);
        history ??= [];
        // common.16: the values in force on the submission date.
        var catalog = Catalog.At(request.SubmittedOn);
        if (!catalog.TryGet(request.Measure, out var measure))
            return new Decision(request.Measure ?? "", false, null, [Reasons.UnknownMeasure(request.Measure ?? "")], [], []);
        var run = new Evaluation(this, catalog, measure, request, history, includeTrace);
        return run.Run();
    }

    /// <summary>The state of one evaluation. Not shared between calls.</summary>
    private sealed class Evaluation(PolicyEngine engine, PolicyCatalog catalog, MeasureDefinition measure, EvaluationRequest request, IReadOnlyList<PriorAward> history, bool includeTrace)
    {
        private readonly List<TraceStep>? _trace = includeTrace ? new List<TraceStep>(8) : null;
        private List<Reason>? _reasons;
        private readonly List<ScheduleLine> _lines = new(InitialLines(measure, request));
        private readonly int _year = request.SubmittedOn.Year;
        /// <summary>common.13: the supported project's key; the applicant's USCC where the applicant is the unit (A08.1).</summary>
        private readonly string? _projectKey = measure.ProjectKey == ProjectKeyRule.Applicant ? request.Applicant.Uscc : request.Project?.Key;
        private string? _tier;
        private bool _blocked;

        private string Code => measure.Code;

        public Decision Run()
        {
            CheckGates();
            if (_blocked) return Ineligible();
            Compute();
            if (_blocked) return Ineligible();
            if (measure.Kind == CalculationKind.Discretionary)
            {
                return new Decision(Code, true, null, ReasonList(), _lines, Trace()) { Discretionary = true };
            }
            if (measure.Kind != CalculationKind.Voucher) ApplyNoDuplication();
            if (_blocked) return Ineligible();
            var total = CountedTotal();
            if (total <= 0)
            {
                Block(Reasons.ZeroAmount);
                return Ineligible();
            }
            return new Decision(Code, true, total, ReasonList(), _lines, Trace()) { Tier = _tier };
        }

        private Decision Ineligible() => new(Code, false, null, ReasonList(), [], Trace()) { Tier = _tier };

        // The lists are handed over to the decision (not copied): this evaluation never touches them again.
        private IReadOnlyList<TraceStep> Trace() => _trace is null ? [] : _trace;

        private IReadOnlyList<Reason> ReasonList() => _reasons is null ? [] : _reasons;

        private static int InitialLines(MeasureDefinition m, EvaluationRequest r) => m.Kind switch
        {
            CalculationKind.PerPerson => r.Facts.TryGetValue(CatalogLoader.Persons, out var p) && p.Persons is { } list ? Math.Max(1, list.Count * 3) : 1,
            CalculationKind.ConstructionOperating or CalculationKind.StartupOperating => 1 + m.OperatingYears,
            _ => m.Stages?.Count ?? 2,
        };

        private void AddReason(Reason reason) => (_reasons ??= new List<Reason>(2)).Add(reason);

        private void Block(Reason reason)
        {
            AddReason(reason);
            _blocked = true;
        }

        private void Step(string rule, string article, TraceDetail detail, params KeyValuePair<string, string>[] figures) =>
            _trace?.Add(new TraceStep(rule, article, detail, figures));

        /// <summary>A step with the seed's own words for the value it applies.</summary>
        private void Step(string rule, string article, TraceDetail detail, Citation? words, params KeyValuePair<string, string>[] figures) =>
            _trace?.Add(new TraceStep(rule, article, detail, figures) { Text = words?.Text });

        private static KeyValuePair<string, string> F(string name, string value) => new(name, value);
        private KeyValuePair<string, string> Yuan(string name, long fen) => new(name, engine.YuanText(fen));
        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        // ---- Gates: common.1 validity, common.2 zone, USCC, applicant kind, required facts.

        private void CheckGates()
        {
            var policy = catalog.Policy;
            var on = request.SubmittedOn;
            var inWindow = on >= policy.ValidFrom && on <= policy.ValidTo;
            if (_trace is not null)
                Step("validity", "common.1", inWindow ? TraceDetails.InsideWindow : TraceDetails.OutsideWindow, policy.ValidityCitation,
                    F("submittedOn", on.ToString("O", CultureInfo.InvariantCulture)), // yyyy-MM-dd, the fast round-trip format
                    F("validFrom", policy.ValidFromText), F("validTo", policy.ValidToText));
            if (!inWindow) Block(Reasons.PolicyExpired(policy.ValidFrom, policy.ValidTo));

            var applicant = request.Applicant;
            if (_trace is not null) Step("zone", "common.2", applicant.InZone ? TraceDetails.InZone : TraceDetails.OutsideZone, F("inZone", applicant.InZone ? "true" : "false"));
            if (!applicant.InZone) Block(Reasons.OutsideZone);

            if (!Uscc.IsValid(applicant.Uscc)) Block(Reasons.InvalidUscc);

            var allowed = false;
            for (var kIndex = 0; kIndex < measure.ApplicantKinds.Count; kIndex++)
            {
                var k = measure.ApplicantKinds[kIndex];
                if (k == applicant.Kind) { allowed = true; break; }
            }
            var kindName = Json.Camel(applicant.Kind);
            if (_trace is not null) Step("applicantKind", Code, allowed ? TraceDetails.KindAllowed : TraceDetails.KindNotAllowed, measure.ApplicantKindsCitation, F("kind", kindName));
            if (!allowed) Block(Reasons.ApplicantKindNotAllowed(kindName));

            for (var requiredIndex = 0; requiredIndex < measure.RequiredFacts.Count; requiredIndex++)
            {
                var required = measure.RequiredFacts[requiredIndex];
                var def = catalog.Facts[required.Fact];
                if (!request.Facts.TryGetValue(required.Fact, out var value) || !HasValueOfType(value, def.Type))
                {
                    if (!required.Optional) Block(Reasons.MissingFact(def));
                    continue;
                }
                switch (def.Type)
                {
                    case FactType.Money:
                        if (!Money.TryYuanToFen(value.Number!.Value, out var fen)) Block(Reasons.InvalidFact(def));
                        else if (fen <= 0 && !required.Optional) Block(Reasons.NonPositiveFact(def));
                        break;
                    case FactType.Flag:
                        if (required.EqualsValue is not null && (value.Flag!.Value ? "true" : "false") != required.EqualsValue)
                            Block(Reasons.RequiredFlagNotSet(def, required.EqualsValue));
                        break;
                    case FactType.Choice:
                        if (required.EqualsValue is not null && value.Text != required.EqualsValue)
                            Block(Reasons.RequiredFlagNotSet(def, required.EqualsValue));
                        break;
                    case FactType.Persons:
                        if (value.Persons!.Count == 0 && !required.Optional) Block(Reasons.MissingFact(def));
                        break;
                }
            }
            if (_trace is not null && measure.RequiredFacts.Count > 0) TraceRequiredFacts();

            // common.13: never evaluated with the duplicate checks skipped.
            if (measure.ProjectKey == ProjectKeyRule.Required && string.IsNullOrWhiteSpace(_projectKey)) Block(Reasons.MissingProjectKey);
        }

        /// <summary>The measure's conditions as checked: each required fact with its value (flags, choices), "given" or "missing".</summary>
        private void TraceRequiredFacts()
        {
            var facts = measure.RequiredFacts;
            var figures = new KeyValuePair<string, string>[facts.Count];
            for (var i = 0; i < facts.Count; i++)
            {
                var name = facts[i].Fact;
                var text = !request.Facts.TryGetValue(name, out var v) ? (facts[i].Optional ? "not given" : "missing")
                    : v.Flag is { } flag ? (flag ? "true" : "false")
                    : v.Text ?? "given";
                figures[i] = F(name, text);
            }
            Step("requiredFacts", Code, TraceDetails.RequiredFacts, figures);
        }

        private static bool HasValueOfType(FactValue value, FactType type) => type switch
        {
            FactType.Money => value.Number is not null,
            FactType.Year => value.Number is not null,
            FactType.Flag => value.Flag is not null,
            FactType.Choice => value.Text is not null,
            FactType.Persons => value.Persons is not null,
            _ => false,
        };

        private bool TryFen(string fact, out long fen)
        {
            fen = 0;
            return request.Facts.TryGetValue(fact, out var v) && v.Number is { } n && Money.TryYuanToFen(n, out fen);
        }

        private long Fen(string fact) => TryFen(fact, out var fen) ? fen : 0;

        // ---- Calculation kinds.

        private void Compute()
        {
            // common.16: the date each value applied took effect.
            if (_trace is not null && measure.ParameterDates.Length > 0)
                Step("datedValues", "common.16", TraceDetails.DatedValues, measure.ParameterDates);
            switch (measure.Kind)
            {
                case CalculationKind.Discretionary:
                    // common.6: no figure in the text; the reviewer sets the amount.
                    Step("discretionary", "common.6", TraceDetails.Discretionary);
                    AddReason(Reasons.DeterminedByReview);
                    _lines.Add(new ScheduleLine(_year, 0, LedgerComponent.Grant, ScheduleTrigger.Approval, null));
                    CheckSameProject();
                    break;
                case CalculationKind.Proportional:
                    CheckSameProject();
                    Single(ApplyRequested(Proportional(measure.BaseFact!, measure.Rate!.Value, measure.CapFen!.Value, Code, "proportional")));
                    break;
                case CalculationKind.Cap:
                    CheckSameProject();
                    Single(CapOnly(measure.CapFen!.Value, Code));
                    break;
                case CalculationKind.Fixed:
                    FixedOnce();
                    break;
                case CalculationKind.TieredFixed:
                    TieredFixed();
                    break;
                case CalculationKind.TieredCap:
                    CheckSameProject();
                    TieredCap();
                    break;
                case CalculationKind.Composite:
                    CheckSameProject();
                    Composite();
                    break;
                case CalculationKind.ConstructionOperating:
                    CheckSameProject();
                    ConstructionOperating();
                    break;
                case CalculationKind.AnnualProportional:
                    AnnualClaim();
                    break;
                case CalculationKind.StartupOperating:
                    CheckSameProject();
                    StartupOperating();
                    break;
                case CalculationKind.Voucher:
                    VoucherKind();
                    break;
                case CalculationKind.PerPerson:
                    PerPerson();
                    break;
            }
        }

        /// <summary>common.10: one project is awarded once under one measure.</summary>
        private void CheckSameProject()
        {
            var key = _projectKey;
            if (key is null) return;
            for (var priorIndex = 0; priorIndex < history.Count; priorIndex++)
            {
                var prior = history[priorIndex];
                if (prior.Measure == Code && prior.ProjectKey == key)
                {
                    if (_trace is not null) Step("alreadyAwarded", "common.10", TraceDetails.ProjectHoldsMeasure, F("projectKey", key), Yuan("held", prior.AmountFen));
                    Block(Reasons.AlreadyAwarded(null));
                    return;
                }
            }
        }

        /// <summary>common.4: min(floor_fen(rate × base), cap).</summary>
        private long Proportional(string baseFact, decimal rate, long capFen, string article, string rule)
        {
            var baseFen = Fen(baseFact);
            var byRate = Money.FloorRate(rate, baseFen);
            var amount = Math.Min(byRate, capFen);
            if (_trace is not null)
                Step(rule, article, byRate > capFen ? TraceDetails.RateCapped : TraceDetails.RateFloored, measure.CitationOf(rule == "operating" ? "operatingRate" : "rate"),
                    Yuan(baseFact, baseFen), F("rate", engine.RateText(rate)), Yuan("rateTimesBase", byRate), Yuan("cap", capFen), Yuan("amount", amount));
            return amount;
        }

        /// <summary>common.4: not above requestedAmount when the applicant gives one.</summary>
        private long ApplyRequested(long amount)
        {
            if (_blocked || !request.Facts.TryGetValue(CatalogLoader.RequestedAmount, out var v) || v.Number is null) return amount;
            var def = catalog.Facts[CatalogLoader.RequestedAmount];
            if (!Money.TryYuanToFen(v.Number.Value, out var requested)) { Block(Reasons.InvalidFact(def)); return 0; }
            if (requested <= 0) { Block(Reasons.NonPositiveFact(def)); return 0; }
            if (requested >= amount) return amount;
            if (_trace is not null) Step("requestedAmount", "common.4", TraceDetails.NotAboveRequested, Yuan("requestedAmount", requested), Yuan("amount", requested));
            return requested;
        }

        /// <summary>common.5: min(requestedAmount, cap).</summary>
        private long CapOnly(long capFen, string article)
        {
            var requested = Fen(CatalogLoader.RequestedAmount);
            var amount = Math.Min(requested, capFen);
            if (_trace is not null)
                Step("cap", article, requested > capFen ? TraceDetails.RequestedCapped : TraceDetails.RequestedWithinCap, measure.CitationOf(measure.Kind == CalculationKind.TieredCap ? "tiers" : "cap"),
                    Yuan("requestedAmount", requested), Yuan("cap", capFen), Yuan("amount", amount));
            return amount;
        }

        /// <summary>One payment on approval, or the stage plan (common.7) when the measure is staged.</summary>
        private void Single(long total)
        {
            if (_blocked) return;
            var stages = measure.Stages;
            if (stages is null)
            {
                _lines.Add(new ScheduleLine(_year, 0, LedgerComponent.Grant, ScheduleTrigger.Approval, total));
                return;
            }
            AddStages(total, stages);
            if (_trace is not null)
            {
                var figures = new KeyValuePair<string, string>[stages.Count + 1];
                figures[0] = Yuan("total", total);
                for (var i = 0; i < stages.Count; i++)
                    figures[i + 1] = Yuan(LedgerComponent.Stage(i + 1).ToString(), _lines[_lines.Count - stages.Count + i].AmountFen!.Value);
                Step("staged", "common.7", StagesDetail(stages), measure.CitationOf("stages"), figures);
            }
        }

        private static TraceDetail StagesDetail(IReadOnlyList<StageDefinition> stages) =>
            stages.Count == 2 && stages[0].Trigger == ScheduleTrigger.Approval && stages[1].Trigger == ScheduleTrigger.Acceptance
                ? TraceDetails.TwoStages
                : TraceDetails.Stages;

        private void AddStages(long total, IReadOnlyList<StageDefinition> stages)
        {
            var paid = 0L;
            for (var i = 0; i < stages.Count; i++)
            {
                var amount = i == stages.Count - 1 ? total - paid : Money.FloorRate(stages[i].Share, total);
                paid += amount;
                _lines.Add(new ScheduleLine(_year, 0, LedgerComponent.Stage(i + 1), stages[i].Trigger, amount, i + 1));
            }
        }

        /// <summary>A06.3: a fixed amount, once per applicant.</summary>
        private void FixedOnce()
        {
            for (var priorIndex = 0; priorIndex < history.Count; priorIndex++)
            {
                var prior = history[priorIndex];
                if (prior.Measure == Code)
                {
                    if (_trace is not null) Step("alreadyAwarded", "common.11", TraceDetails.ApplicantHoldsFixed, Yuan("held", prior.AmountFen));
                    Block(Reasons.AlreadyAwarded(null));
                    return;
                }
            }
            var amount = measure.AmountFen!.Value;
            if (_trace is not null) Step("fixed", Code, TraceDetails.FixedAmount, measure.CitationOf("amount"), Yuan("amount", amount));
            Single(amount);
        }

        private TierDefinition? FindTier(out string value)
        {
            value = request.Facts.TryGetValue(measure.TierFact!, out var v) ? v.Text ?? "" : "";
            for (var tIndex = 0; tIndex < measure.Tiers!.Count; tIndex++)
            {
                var t = measure.Tiers[tIndex];
                if (t.Tier == value) return t;
            }
            Block(Reasons.UnknownTier(catalog.Facts[measure.TierFact!], value));
            return null;
        }

        private static TierDefinition? TierByName(MeasureDefinition m, string? name)
        {
            for (var tIndex = 0; tIndex < m.Tiers!.Count; tIndex++)
            {
                var t = m.Tiers[tIndex];
                if (t.Tier == name) return t;
            }
            return null;
        }

        /// <summary>A08.1, A16.4 with common.10c/11: first time per tier; a higher tier tops up the difference.</summary>
        private void TieredFixed()
        {
            var tier = FindTier(out _);
            if (tier is null) return;
            _tier = tier.Tier;
            var key = _projectKey;
            long held = 0;
            TierDefinition? best = null;
            for (var priorIndex = 0; priorIndex < history.Count; priorIndex++)
            {
                var prior = history[priorIndex];
                if (prior.Measure != Code) continue;
                if (measure.TierPerProject && key is not null && prior.ProjectKey != key) continue;
                held += prior.AmountFen;
                var t = TierByName(measure, prior.Tier);
                if (t is not null && (best is null || t.Rank > best.Rank)) best = t;
            }
            if (best is not null && best.Rank >= tier.Rank)
            {
                if (_trace is not null) Step("firstTime", "common.11", TraceDetails.TierHeld, F("tier", tier.Tier), F("heldTier", best.Tier));
                Block(Reasons.AlreadyAwarded(best.Tier));
                return;
            }
            // common.10 (c): a reading, switched in policy.yaml.
            var full = catalog.Policy.Switches.FirstTimeTierTopUp == TierTopUp.Full;
            var amount = full ? tier.AmountFen : tier.AmountFen - held;
            if (_trace is not null)
            {
                Step("tier", Code, TraceDetails.TierAmount, measure.CitationOf("tiers"), F("tier", tier.Tier), Yuan("tierAmount", tier.AmountFen));
                if (held > 0)
                    Step("topUp", "common.10", full ? TraceDetails.TopUpFull : TraceDetails.TopUpDifference, catalog.Policy.Switches.FirstTimeTierTopUpCitation,
                        F(PolicySwitches.FirstTimeTierTopUpName, catalog.Policy.Switches.FirstTimeTierTopUpText), F("heldTier", best?.Tier ?? ""), Yuan("held", held), Yuan("amount", Math.Max(0, amount)));
            }
            if (amount <= 0)
            {
                Block(Reasons.AlreadyAwarded(best?.Tier));
                return;
            }
            if (held > 0 && !full) AddReason(Reasons.TopUp(best?.Tier ?? "", tier.Tier));
            Single(amount);
        }

        /// <summary>A09.3, A09.5: min(requestedAmount, cap of the tier).</summary>
        private void TieredCap()
        {
            var tier = FindTier(out _);
            if (tier is null) return;
            _tier = tier.Tier;
            if (_trace is not null) Step("tier", Code, TraceDetails.TierCap, measure.CitationOf("tiers"), F("tier", tier.Tier), Yuan("cap", tier.AmountFen));
            Single(CapOnly(tier.AmountFen, Code));
        }

        /// <summary>A04.3: start-up funds (a grant) plus equity or debt-to-equity funds (an investment, not a grant).</summary>
        private void Composite()
        {
            var startup = CapOnlyOf(CatalogLoader.StartupNeeds, measure.StartupCapFen!.Value, "startup", "startupCap");
            _lines.Add(new ScheduleLine(_year, 0, LedgerComponent.Startup, ScheduleTrigger.Approval, startup));
            if (TryFen(CatalogLoader.EquityNeeds, out var equityNeeds) && equityNeeds > 0)
            {
                var equity = CapOnlyOf(CatalogLoader.EquityNeeds, measure.EquityCapFen!.Value, "equity", "equityCap");
                _lines.Add(new ScheduleLine(_year, 0, LedgerComponent.Equity, ScheduleTrigger.Approval, equity, null, isGrant: false));
            }
        }

        private long CapOnlyOf(string fact, long capFen, string rule, string capParameter)
        {
            var needs = Fen(fact);
            var amount = Math.Min(needs, capFen);
            if (_trace is not null) Step(rule, Code, needs > capFen ? TraceDetails.NeedsCapped : TraceDetails.NeedsWithinCap, measure.CitationOf(capParameter), Yuan(fact, needs), Yuan("cap", capFen), Yuan("amount", amount));
            return amount;
        }

        /// <summary>A05.1, A06.2: construction funds plus operating funds a year for several years (common.8).</summary>
        private void ConstructionOperating()
        {
            var construction = CapOnlyOf(CatalogLoader.ConstructionNeeds, measure.ConstructionCapFen!.Value, "construction", "constructionCap");
            var yearly = CapOnlyOf(CatalogLoader.OperatingNeeds, measure.OperatingCapFen!.Value, "operating", "operatingCap");
            _lines.Add(new ScheduleLine(_year, 0, LedgerComponent.Construction, ScheduleTrigger.Approval, construction));
            for (var y = 1; y <= measure.OperatingYears; y++)
                _lines.Add(new ScheduleLine(_year + y - 1, y - 1, LedgerComponent.Operating(y), y == 1 ? ScheduleTrigger.Approval : ScheduleTrigger.Renewal, yearly));
            if (_trace is not null) Step("multiYear", "common.8", TraceDetails.YearlyRenewal, measure.CitationOf("operatingYears"), F("years", Int(measure.OperatingYears)), Yuan("yearly", yearly));
        }

        /// <summary>A16.2, A16.3: start-up funds plus operating funds at a rate of the year's expenditure; later years are claims.</summary>
        private void StartupOperating()
        {
            var startup = CapOnlyOf(CatalogLoader.StartupNeeds, measure.StartupCapFen!.Value, "startup", "startupCap");
            var cap = measure.OperatingCapFen!.Value;
            var first = Proportional(CatalogLoader.AnnualOperatingExpenditure, measure.OperatingRate!.Value, cap, Code, "operating");
            _lines.Add(new ScheduleLine(_year, 0, LedgerComponent.Startup, ScheduleTrigger.Approval, startup));
            _lines.Add(new ScheduleLine(_year, 0, LedgerComponent.Operating(1), ScheduleTrigger.Approval, first));
            for (var y = 2; y <= measure.OperatingYears; y++)
                _lines.Add(new ScheduleLine(_year + y - 1, y - 1, LedgerComponent.Operating(y), ScheduleTrigger.Claim, cap));
            if (_trace is not null) Step("multiYear", "common.8", TraceDetails.YearlyClaims, measure.CitationOf("operatingYears"), F("years", Int(measure.OperatingYears)), Yuan("yearlyCap", cap));
        }

        /// <summary>common.9: one claim per applicant, measure and fiscal year; rate × the year's figure, capped.</summary>
        private void AnnualClaim()
        {
            var claimYear = _year + catalog.Policy.ClaimYearOffset;
            if (request.Facts.TryGetValue(CatalogLoader.FiscalYear, out var fy) && fy.Number is { } n)
            {
                if (n != decimal.Truncate(n) || n < 1900 || n > 9999) { Block(Reasons.InvalidFact(catalog.Facts[CatalogLoader.FiscalYear])); return; }
                claimYear = (int)n;
            }
            // common.9: the claimed fiscal year has ended before the submission (fiscal year = calendar year, CST) and lies in the policy's years.
            var policy = catalog.Policy;
            var inRange = claimYear < _year && claimYear >= policy.FirstClaimYear && claimYear <= policy.LastClaimYear;
            if (_trace is not null)
                Step("claimYear", "common.9", inRange ? TraceDetails.ClaimYearInRange : TraceDetails.ClaimYearOutOfRange, policy.ClaimYearsCitation,
                    F("fiscalYear", Int(claimYear)), F("firstClaimYear", Int(policy.FirstClaimYear)), F("lastClaimYear", Int(policy.LastClaimYear)));
            if (!inRange) { Block(Reasons.ClaimYearOutOfRange(claimYear, policy.FirstClaimYear, policy.LastClaimYear)); return; }
            for (var priorIndex = 0; priorIndex < history.Count; priorIndex++)
            {
                var prior = history[priorIndex];
                if (prior.Measure == Code && prior.FiscalYear == claimYear)
                {
                    if (_trace is not null) Step("annualClaim", "common.9", TraceDetails.AlreadyClaimed, F("fiscalYear", Int(claimYear)));
                    Block(Reasons.AlreadyClaimed(claimYear));
                    return;
                }
            }
            // common.9 with common.4: not above requestedAmount when given.
            var amount = ApplyRequested(Proportional(measure.BaseFact!, measure.Rate!.Value, measure.CapFen!.Value, Code, "proportional"));
            if (_blocked) return;
            if (_trace is not null) Step("annualClaim", "common.9", TraceDetails.AnnualClaim, F("fiscalYear", Int(claimYear)));
            _lines.Add(new ScheduleLine(_year, 0, LedgerComponent.Claim(claimYear), ScheduleTrigger.Approval, amount));
        }

        /// <summary>A09.4: the yearly quota, or one redemption against what is left of it.</summary>
        private void VoucherKind()
        {
            var applicant = request.Applicant;
            var quota = VoucherRules.YearlyQuotaFen(measure, applicant.Kind, applicant.IsSme);
            if (quota is null) { Block(Reasons.NotVoucherHolder); return; }
            if (request.Facts.TryGetValue(CatalogLoader.ServiceFee, out var fee) && fee.Number is not null)
            {
                var feeFen = Fen(CatalogLoader.ServiceFee);
                if (feeFen <= 0) { Block(Reasons.NonPositiveFact(catalog.Facts[CatalogLoader.ServiceFee])); return; }
                var used = Fen(CatalogLoader.QuotaUsed);
                var r = VoucherRules.Redeem(measure, applicant.Kind, applicant.IsSme, feeFen, used);
                if (_trace is not null)
                    Step("voucherRedemption", Code, TraceDetails.VoucherRedemption, measure.CitationOf("rate"),
                        Yuan("serviceFee", feeFen), F("rate", engine.RateText(measure.Rate!.Value)), Yuan("quota", r.QuotaFen), Yuan("quotaUsed", used), Yuan("amount", r.AmountFen));
                if (r.Reason is not null) { Block(r.Reason); return; }
                _lines.Add(new ScheduleLine(_year, 0, LedgerComponent.Redemption, ScheduleTrigger.Approval, r.AmountFen));
                return;
            }
            for (var priorIndex = 0; priorIndex < history.Count; priorIndex++)
            {
                var prior = history[priorIndex];
                if (prior.Measure == Code && prior.FiscalYear == _year)
                {
                    Block(Reasons.AlreadyAwarded(null));
                    return;
                }
            }
            if (_trace is not null) Step("voucherQuota", Code, TraceDetails.VoucherQuota, measure.CitationOf(applicant.Kind == ApplicantKind.Team ? "teamQuota" : "smeQuota"), F("holder", applicant.Kind == ApplicantKind.Team ? "team" : "sme"), Yuan("quota", quota.Value));
            _lines.Add(new ScheduleLine(_year, 0, LedgerComponent.Quota, ScheduleTrigger.Approval, quota.Value));
        }

        /// <summary>A11.2: allowances per person by category.</summary>
        private void PerPerson()
        {
            var persons = request.Facts[CatalogLoader.Persons].Persons!;
            var categories = measure.PersonCategories!;
            for (var i = 0; i < persons.Count; i++)
            {
                PersonCategory? category = null;
                for (var cIndex = 0; cIndex < categories.Count; cIndex++)
                {
                    var c = categories[cIndex];
                    if (c.Category == persons[i].Category) { category = c; break; }
                }
                if (category is null) { Block(Reasons.UnknownCategory(i + 1, persons[i].Category ?? "")); continue; }
                if (IsAlreadySupported(persons[i])) { Block(Reasons.PersonAlreadySupported(i + 1, category.Category)); continue; }
                if (_blocked) continue;
                var person = i + 1;
                if (category.YearlyFen > 0)
                {
                    for (var y = 1; y <= category.Years; y++)
                        _lines.Add(new ScheduleLine(_year + y - 1, y - 1, LedgerComponent.PersonYear(person, y), y == 1 ? ScheduleTrigger.Approval : ScheduleTrigger.Renewal, category.YearlyFen));
                    if (_trace is not null)
                        Step("perPerson", Code, TraceDetails.PersonYearly, measure.CitationOf("categories"), F("person", Int(person)), F("category", category.Category),
                            Yuan("yearly", category.YearlyFen), F("years", Int(category.Years)));
                }
                if (category.OnceFen > 0)
                    _lines.Add(new ScheduleLine(_year, 0, LedgerComponent.PersonOnce(person), ScheduleTrigger.Approval, category.OnceFen));
                if (category.CompletionFen > 0)
                    _lines.Add(new ScheduleLine(_year, 0, LedgerComponent.PersonCompletion(person), ScheduleTrigger.Completion, category.CompletionFen, 2));
                if (_trace is not null && category.YearlyFen == 0)
                    Step("perPerson", Code, TraceDetails.PersonOnce, measure.CitationOf("categories"), F("person", Int(person)), F("category", category.Category),
                        Yuan("once", category.OnceFen), Yuan("completion", category.CompletionFen));
            }
        }

        /// <summary>common.14: one person is supported once per category across all applications.</summary>
        private bool IsAlreadySupported(PersonFact person)
        {
            if (person.PersonKey is null) return false;
            for (var priorIndex = 0; priorIndex < history.Count; priorIndex++)
            {
                var prior = history[priorIndex];
                if (prior.Measure != Code) continue;
                for (var p = 0; p < prior.Persons.Count; p++)
                {
                    if (prior.Persons[p].PersonKey == person.PersonKey && prior.Persons[p].Category == person.Category) return true;
                }
            }
            return false;
        }

        // ---- common.10: 从优、就高、不重复.

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

        private bool HeldByProject(string priorMeasure) =>
            !catalog.TryGet(priorMeasure, out var m) || m.Kind is not (CalculationKind.Voucher or CalculationKind.PerPerson or CalculationKind.AnnualProportional);

        private void ApplyNoDuplication()
        {
            var key = _projectKey;
            var withinPolicy = catalog.Policy.Switches.NoDuplicationWithinPolicy;
            long held = 0;
            // common.10 (a), a switch: support this project holds under other measures of this policy.
            // Vouchers, per-person allowances and annual claims are not held by a project.
            if (key is not null && withinPolicy)
            {
                for (var priorIndex = 0; priorIndex < history.Count; priorIndex++)
                {
                    var prior = history[priorIndex];
                    if (prior.Measure != Code && prior.ProjectKey == key && HeldByProject(prior.Measure)) held += prior.AmountFen;
                }
            }
            long declared = 0;
            for (var i = 0; i < request.OtherSupport.Count; i++) declared += request.OtherSupport[i].AmountFen;
            var switchFigure = F(PolicySwitches.NoDuplicationWithinPolicyName, withinPolicy ? "true" : "false");
            if (held == 0 && declared == 0)
            {
                if (_trace is not null) Step("noDuplication", "common.10", TraceDetails.NoOtherSupport, catalog.Policy.NoDuplicationCitation, switchFigure);
                return;
            }

            var computed = CountedTotal();
            var payable = Math.Max(0, computed - held - declared);
            if (_trace is not null)
                Step("noDuplication", "common.10", payable == 0 ? TraceDetails.OtherSupportCovers : TraceDetails.OtherSupportDeducted, catalog.Policy.NoDuplicationCitation,
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
            var maxOffset = 0;
            foreach (var line in _lines) maxOffset = Math.Max(maxOffset, line.YearOffset);
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
}
