using CsCheck;

namespace NeoBay.Policy.Tests;

/// <summary>Properties over every measure of the catalog (CsCheck): caps, rates, signs, monotonicity, stage sums.</summary>
public sealed class PropertyTests
{
    private static readonly PolicyCatalog Catalog = PolicyCatalog.LoadEmbedded();
    private static readonly PolicyEngine Engine = new(Catalog);
    private const string Uscc = "91330100799655058B";
    private static readonly DateOnly On = new(2025, 6, 1);
    private const long MaxFen = 100_000_000_000_000L; // 10^12 yuan

    private static readonly MeasureDefinition[] RateMeasures =
        Catalog.Measures.Where(m => m.Kind is CalculationKind.Proportional or CalculationKind.AnnualProportional).ToArray();

    private static readonly MeasureDefinition[] CapMeasures =
        Catalog.Measures.Where(m => m.Kind is CalculationKind.Cap).ToArray();

    /// <summary>A request meeting every condition of the measure, with every money fact set to <paramref name="fen"/>.</summary>
    internal static EvaluationRequest Typical(MeasureDefinition m, long fen, long otherSupportFen = 0, string? projectKey = "P-1")
    {
        var facts = new Dictionary<string, FactValue>();
        foreach (var r in m.RequiredFacts)
        {
            var def = Catalog.Facts[r.Fact];
            switch (def.Type)
            {
                case FactType.Money when r.Fact != "quotaUsed" && r.Fact != "serviceFee": facts[r.Fact] = FactValue.Of(Money.ToYuan(fen)); break;
                case FactType.Flag: facts[r.Fact] = FactValue.Of(r.EqualsValue != "false"); break;
                case FactType.Choice: facts[r.Fact] = FactValue.Of(r.EqualsValue ?? m.TiersOf()![0].Tier); break;
                case FactType.Persons: facts[r.Fact] = FactValue.Of([new PersonFact(((NeoBay.Policy.Calculations.PerPersonParameters)m.Calculation).Categories[0].Category, null, null)]); break;
            }
        }
        var kind = m.ApplicantKinds[0];
        var other = otherSupportFen > 0 ? new[] { new OtherSupport("city", otherSupportFen) } : [];
        return new EvaluationRequest(m.Code, On, new Applicant(kind, Uscc, null, true, true), projectKey is null ? null : new ProjectRef(projectKey, null), facts, other);
    }

    private static Decision Evaluate(EvaluationRequest r) => Engine.Evaluate(r, []);

    [Fact]
    public void A_proportional_amount_never_exceeds_its_cap_nor_rate_times_base_and_is_never_negative()
    {
        Gen.Select(Gen.Int[0, RateMeasures.Length - 1], Gen.Long[1, MaxFen]).Sample((i, baseFen) =>
        {
            var m = RateMeasures[i];
            var d = Evaluate(Typical(m, baseFen));
            var byRate = (long)decimal.Floor(m.RateOf()!.Value * baseFen);
            if (d.Eligible)
            {
                Assert.InRange(d.AmountFen!.Value, 1, m.CapOf()!.Value);
                Assert.True(d.AmountFen <= byRate, $"{m.Code}: {d.AmountFen} > {byRate}");
                Assert.Equal(Math.Min(byRate, m.CapOf()!.Value), d.AmountFen);
            }
            else
            {
                // Only a base so small that rate × base rounds down to 0 fen can fail here.
                Assert.Equal(0, byRate);
                Assert.Null(d.AmountFen);
                Assert.NotEmpty(d.Reasons);
            }
        }, iter: 2000);
    }

    [Fact]
    public void A_proportional_amount_never_falls_when_the_base_grows()
    {
        Gen.Select(Gen.Int[0, RateMeasures.Length - 1], Gen.Long[1, MaxFen], Gen.Long[0, MaxFen]).Sample((i, a, delta) =>
        {
            var m = RateMeasures[i];
            var b = Math.Min(MaxFen, a + delta);
            var small = Evaluate(Typical(m, a)).AmountFen ?? 0;
            var large = Evaluate(Typical(m, b)).AmountFen ?? 0;
            Assert.True(small <= large, $"{m.Code}: {a} → {small}, {b} → {large}");
        }, iter: 2000);
    }

    [Fact]
    public void A_cap_only_amount_is_the_request_up_to_the_cap()
    {
        Gen.Select(Gen.Int[0, CapMeasures.Length - 1], Gen.Long[1, MaxFen]).Sample((i, requested) =>
        {
            var m = CapMeasures[i];
            var d = Evaluate(Typical(m, requested));
            Assert.True(d.Eligible);
            Assert.Equal(Math.Min(requested, m.CapOf()!.Value), d.AmountFen);
        }, iter: 1000);
    }

    [Fact]
    public void Stages_add_up_exactly_to_the_total_and_the_last_takes_the_remainder()
    {
        var staged = Catalog.Measures.Where(m => m.Stages is not null).ToArray();
        Gen.Select(Gen.Int[0, staged.Length - 1], Gen.Long[1, MaxFen]).Sample((i, fen) =>
        {
            var m = staged[i];
            var d = Evaluate(Typical(m, fen));
            if (!d.Eligible) return;
            Assert.Equal(d.AmountFen, d.Schedule.Sum(l => l.AmountFen));
            Assert.Equal(m.Stages!.Count, d.Schedule.Count);
            Assert.Equal((long)decimal.Floor(0.5m * d.AmountFen!.Value), d.Schedule[0].AmountFen);
            Assert.InRange(d.Schedule[1].AmountFen!.Value - d.Schedule[0].AmountFen!.Value, 0, 1);
        }, iter: 2000);
    }

    [Fact]
    public void Other_support_reduces_the_award_to_the_excess_and_the_schedule_follows()
    {
        var measures = Catalog.Measures.Where(m => m.Kind is not (CalculationKind.Discretionary or CalculationKind.Voucher)).ToArray();
        Gen.Select(Gen.Int[0, measures.Length - 1], Gen.Long[1, 10_000_000_000L], Gen.Long[0, 10_000_000_000L]).Sample((i, fen, declared) =>
        {
            var m = measures[i];
            var full = Evaluate(Typical(m, fen));
            var reduced = Evaluate(Typical(m, fen, declared));
            if (!full.Eligible) return;
            var expected = Math.Max(0, full.AmountFen!.Value - declared);
            if (expected == 0)
            {
                Assert.False(reduced.Eligible);
                Assert.Contains(reduced.Reasons, r => r.Code == Reasons.DuplicateSupportCode);
                return;
            }
            Assert.True(reduced.Eligible);
            Assert.Equal(expected, reduced.AmountFen);
            var counted = reduced.Schedule.Where(l => l.IsGrant && l.Trigger != ScheduleTrigger.Claim).Sum(l => l.AmountFen!.Value);
            Assert.Equal(expected, counted);
            Assert.All(reduced.Schedule, l => Assert.True(l.AmountFen is null or > 0));
        }, iter: 2000);
    }

    [Fact]
    public void Every_decision_is_well_formed()
    {
        Gen.Select(Gen.Int[0, Catalog.Measures.Count - 1], Gen.Long[0, MaxFen], Gen.Bool, Gen.Int[0, 12]).Sample((i, fen, inZone, kindIndex) =>
        {
            var m = Catalog.Measures[i];
            var typical = Typical(m, fen);
            var kind = Enum.GetValues<ApplicantKind>()[Math.Min(kindIndex, 11)];
            var r = typical with { Applicant = typical.Applicant with { InZone = inZone, Kind = kindIndex == 12 ? typical.Applicant.Kind : kind } };
            var d = Evaluate(r);
            Assert.Equal(m.Code, d.Measure);
            Assert.Equal(d.Schedule.Count, d.Schedule.Select(l => l.Component).Distinct().Count());
            if (!d.Eligible)
            {
                Assert.NotEmpty(d.Reasons);
                Assert.Null(d.AmountFen);
                Assert.Empty(d.Schedule);
            }
            else if (d.Discretionary)
            {
                Assert.Null(d.AmountFen);
                Assert.Contains(d.Reasons, x => x.Code == Reasons.DeterminedByReviewCode);
            }
            else
            {
                Assert.True(d.AmountFen > 0);
                Assert.Equal(d.AmountFen, d.Schedule.Where(l => l.IsGrant && l.Trigger != ScheduleTrigger.Claim).Sum(l => l.AmountFen));
                Assert.All(d.Schedule, l => Assert.Equal(2025 + l.YearOffset, l.FiscalYear));
            }
            if (!inZone) Assert.Contains(d.Reasons, x => x.Code == Reasons.OutsideZoneCode);
        }, iter: 3000);
    }

    [Fact]
    public void A_voucher_redemption_stays_within_the_quota_and_half_the_fee()
    {
        Assert.True(Catalog.TryGet("A09.4", out var voucher));
        Gen.Select(Gen.Long[0, 100_000_000L], Gen.Long[0, 40_000_000L], Gen.Bool).Sample((fee, used, team) =>
        {
            var kind = team ? ApplicantKind.Team : ApplicantKind.Enterprise;
            var r = VoucherRules.Redeem(voucher, kind, isSme: true, fee, used);
            var quota = team ? 10_000_000L : 30_000_000L;
            Assert.Equal(quota, r.QuotaFen);
            var left = Math.Max(0, quota - used);
            if (left == 0) { Assert.Equal(Reasons.QuotaExhaustedCode, r.Reason!.Code); return; }
            if (fee / 2 == 0) { Assert.False(r.Accepted); return; }
            Assert.True(r.Accepted);
            Assert.Equal(Math.Min(fee / 2, left), r.AmountFen);
            Assert.Equal(left - r.AmountFen, r.RemainingAfterFen);
        }, iter: 2000);
    }

    [Fact]
    public void The_engine_is_deterministic_across_threads()
    {
        var requests = Catalog.Measures.Select(m => Typical(m, 1_234_567_89L, 12_345L)).ToArray();
        var expected = requests.Select(r => Render(Evaluate(r))).ToArray();
        Parallel.For(0, 4000, i =>
        {
            var k = i % requests.Length;
            Assert.Equal(expected[k], Render(Evaluate(requests[k])));
        });
    }

    private static string Render(Decision d) =>
        $"{d.Eligible}|{d.AmountFen}|{string.Join(",", d.Reasons.Select(r => r.Code))}|{string.Join(",", d.Schedule)}|{string.Join(",", d.Trace.Select(t => t.Rule + ":" + string.Join(";", t.Figures)))}";
}
