using NeoBay.Policy.Calculations;
using static NeoBay.Policy.Tests.Calculations.KindTesting;

namespace NeoBay.Policy.Tests.Calculations.PerPerson;

public sealed class PerPersonTests
{
    private static EvaluationRequest A112(params PersonFact[] persons) => Request("A11.2", ("persons", FactValue.Of(persons)));

    [Fact]
    public void Loads_the_categories_in_fen()
    {
        var p = Assert.IsType<PerPersonParameters>(Measure("A11.2").Calculation);
        Assert.Equal([("overseasHighLevel", 50_000_00L, 3, 0L, 0L), ("freshPhd", 30_000_00L, 3, 0L, 0L), ("fullTimePostdoc", 30_000_00L, 3, 0L, 0L), ("inStationPostdoc", 0L, 0, 15_000_00L, 30_000_00L)],
            p.Categories.Select(c => (c.Category, c.YearlyFen, c.Years, c.OnceFen, c.CompletionFen)));
        Assert.Equal(3, p.MaxYears);
    }

    [Fact]
    public void Three_years_of_50_000_plus_15_000_once_and_30_000_on_completion()
    {
        var d = Evaluate(A112(new PersonFact("overseasHighLevel", null, "k1"), new PersonFact("inStationPostdoc", null, "k2")));
        Assert.Equal(195_000_00, d.AmountFen); // 3 × 50,000 + 15,000 + 30,000
        Assert.Equal([
            (LedgerComponent.PersonYear(1, 1), ScheduleTrigger.Approval, 50_000_00L),
            (LedgerComponent.PersonYear(1, 2), ScheduleTrigger.Renewal, 50_000_00L),
            (LedgerComponent.PersonYear(1, 3), ScheduleTrigger.Renewal, 50_000_00L),
            (LedgerComponent.PersonOnce(2), ScheduleTrigger.Approval, 15_000_00L),
            (LedgerComponent.PersonCompletion(2), ScheduleTrigger.Completion, 30_000_00L)],
            d.Schedule.Select(l => (l.Part, l.Trigger, l.AmountFen!.Value)));
    }

    [Fact]
    public void A_person_already_supported_in_the_category_is_refused()
    {
        var prior = new PriorAward("A11.2", null, null, 150_000_00) { Persons = [new PersonFact("freshPhd", null, "k1")] };
        Assert.Contains(Evaluate(A112(new PersonFact("freshPhd", null, "k1")), prior).Reasons, r => r.Code == "PersonAlreadySupported");
    }
}
