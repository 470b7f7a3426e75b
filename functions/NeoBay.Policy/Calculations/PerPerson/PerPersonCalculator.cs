using NeoBay.Policy.Engine;

namespace NeoBay.Policy.Calculations;

internal static class PerPersonCalculator
{
    /// <summary>A11.2: for each person, <c>person-{n}-year-{y}</c> lines, or <c>person-{n}-once</c> plus <c>person-{n}-completion</c> (stage 2).</summary>
    public static void Calculate(Evaluation e, PerPersonParameters p)
    {
        var persons = e.Request.Facts[FactNames.Persons].Persons!;
        for (var i = 0; i < persons.Count; i++)
        {
            var number = i + 1;
            var category = Find(p.Categories, persons[i].Category);
            if (category is null) { e.Block(Reasons.UnknownCategory(number, persons[i].Category ?? "")); continue; }
            if (IsAlreadySupported(e, persons[i])) { e.Block(Reasons.PersonAlreadySupported(number, category.Category)); continue; }
            if (e.Blocked) continue;
            if (category.YearlyFen > 0)
            {
                for (var y = 1; y <= category.Years; y++)
                    e.Add(ScheduleLine.For(e.Year + y - 1, y - 1, LedgerComponent.PersonYear(number, y), y == 1 ? ScheduleTrigger.Approval : ScheduleTrigger.Renewal, category.YearlyFen));
                if (e.Tracing)
                    e.Step("perPerson", e.Code, TraceDetails.PersonYearly, e.Measure.CitationOf("categories"), Evaluation.F("person", Evaluation.Int(number)), Evaluation.F("category", category.Category),
                        e.Yuan("yearly", category.YearlyFen), Evaluation.F("years", Evaluation.Int(category.Years)));
            }
            if (category.OnceFen > 0)
                e.Add(ScheduleLine.For(e.Year, 0, LedgerComponent.PersonOnce(number), ScheduleTrigger.Approval, category.OnceFen));
            if (category.CompletionFen > 0)
                e.Add(ScheduleLine.For(e.Year, 0, LedgerComponent.PersonCompletion(number), ScheduleTrigger.Completion, category.CompletionFen, 2));
            if (e.Tracing && category.YearlyFen == 0)
                e.Step("perPerson", e.Code, TraceDetails.PersonOnce, e.Measure.CitationOf("categories"), Evaluation.F("person", Evaluation.Int(number)), Evaluation.F("category", category.Category),
                    e.Yuan("once", category.OnceFen), e.Yuan("completion", category.CompletionFen));
        }
    }

    private static PersonCategory? Find(IReadOnlyList<PersonCategory> categories, string? name)
    {
        for (var i = 0; i < categories.Count; i++) // an index loop: foreach on the interface allocates an enumerator per person
        {
            if (categories[i].Category == name) return categories[i];
        }
        return null;
    }

    /// <summary>common.14: one person is supported once per category across all applications.</summary>
    private static bool IsAlreadySupported(Evaluation e, PersonFact person)
    {
        if (person.PersonKey is null) return false;
        foreach (var prior in e.History)
        {
            if (prior.Measure != e.Code) continue;
            foreach (var held in prior.Persons)
            {
                if (held.PersonKey == person.PersonKey && held.Category == person.Category) return true;
            }
        }
        return false;
    }
}
