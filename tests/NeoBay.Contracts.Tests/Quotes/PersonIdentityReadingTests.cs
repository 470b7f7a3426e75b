using System.Text.Json;
using NeoBay.Contracts.Quotes;
using NeoBay.Policy;

namespace NeoBay.Contracts.Tests.Quotes;

/// <summary>common.14: a quote request's identity numbers are kept only as a keyed hash and never echoed.</summary>
public sealed class PersonIdentityReadingTests
{
    private static readonly PersonIdentity Identity = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void A_parsed_request_keeps_only_the_hash_and_errors_never_echo_the_number()
    {
        var catalog = PolicyCatalog.LoadEmbedded();
        var options = QuoteParseOptions.Quote with { Identity = Identity };
        using var good = JsonDocument.Parse("""{ "measure": "A11.2", "applicant": { "kind": "university", "uscc": "91330100799655058B", "inZone": true }, "facts": { "persons": [ { "category": "freshPhd", "idNumber": "310112199508154567" } ] } }""");
        var parsed = QuoteJson.Parse(good.RootElement, new DateOnly(2025, 6, 1), catalog, options);
        var person = Assert.Single(parsed.Request!.Facts["persons"].Persons!);
        Assert.Equal(Identity.KeyOf(PersonIdType.Resident, "310112199508154567", null), person.PersonKey);
        Assert.DoesNotContain("310112199508154567", JsonSerializer.Serialize(parsed.Request), StringComparison.Ordinal);

        using var bad = JsonDocument.Parse("""{ "measure": "A11.2", "applicant": { "kind": "university", "uscc": "91330100799655058B", "inZone": true }, "facts": { "persons": [ { "category": "freshPhd", "idNumber": "310112199508154568" } ] } }""");
        var error = QuoteJson.Parse(bad.RootElement, new DateOnly(2025, 6, 1), catalog, options).Error!;
        Assert.Equal(QuoteError.InvalidIdNumber, error.Code);
        Assert.DoesNotContain("310112199508154568", error.MessageZh + error.MessageEn + error.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void The_engine_refuses_a_person_held_in_the_same_category_and_names_the_person_by_place_only()
    {
        var engine = new PolicyEngine(PolicyCatalog.LoadEmbedded());
        var key = Identity.KeyOf(PersonIdType.Resident, "310112199508154567", null);
        var request = new EvaluationRequest("A11.2", new DateOnly(2025, 6, 1), new Applicant(ApplicantKind.University, "91330100799655058B", null, true, false), null,
            new Dictionary<string, FactValue> { ["persons"] = FactValue.Of([new PersonFact("overseasHighLevel", "李", Identity.KeyOf(PersonIdType.Resident, "11010519491231002X", null)), new PersonFact("freshPhd", "王", key)]) }, []);
        var d = engine.Evaluate(request, [new PriorAward("A11.2", null, null, 9_000_000L) { Persons = [new PersonFact("freshPhd", null, key)] }]);
        Assert.False(d.Eligible);
        var reason = Assert.Single(d.Reasons);
        Assert.Equal(Reasons.PersonAlreadySupportedCode, reason.Code);
        Assert.Contains("Person 2", reason.MessageEn, StringComparison.Ordinal);
        Assert.DoesNotContain("王", reason.MessageZh, StringComparison.Ordinal);
    }
}
