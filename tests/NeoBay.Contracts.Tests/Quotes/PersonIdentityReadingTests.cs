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
}
