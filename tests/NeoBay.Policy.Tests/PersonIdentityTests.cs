
namespace NeoBay.Policy.Tests;

/// <summary>common.14: identity numbers of A11.2 persons — GB 11643 check character, keyed hash only, never echoed.</summary>
public sealed class PersonIdentityTests
{
    private static readonly PersonIdentity Identity = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Theory]
    // Weights 2^(17−i) mod 11; check = (12 − Σ mod 11) mod 11, 10 → X. 110105 19491231 002: Σ = 167 → (12 − 2) = 10 → X.
    [InlineData("11010519491231002X", true)]
    [InlineData("11010519491231002x", true)]
    [InlineData("110105194912310021", false)]
    [InlineData("310112199508154567", true)]
    [InlineData("310112199508154568", false)]
    [InlineData("31011219950815456", false)]
    [InlineData("3101121995081545670", false)]
    [InlineData("A10112199508154567", false)]
    public void A_resident_number_has_18_characters_and_its_GB_11643_check_character(string number, bool valid) =>
        Assert.Equal(valid, PersonIdentity.IsResidentIdNumber(number));

    [Fact]
    public void The_key_is_an_HMAC_not_the_number_and_depends_on_the_secret()
    {
        var key = Identity.KeyOf(PersonIdType.Resident, "11010519491231002X", null);
        Assert.Equal(64, key.Length);
        Assert.DoesNotContain("19491231", key, StringComparison.Ordinal);
        Assert.Equal(key, Identity.KeyOf(PersonIdType.Resident, "11010519491231002x", null));
        Assert.NotEqual(key, new PersonIdentity(new byte[32]).KeyOf(PersonIdType.Resident, "11010519491231002X", null));
        Assert.NotEqual(Identity.KeyOf(PersonIdType.Passport, "C01X00T47", "DE"), Identity.KeyOf(PersonIdType.Passport, "C01X00T47", "FR"));
    }

    [Fact]
    public void The_secret_setting_is_required_outside_development_and_has_at_least_32_bytes()
    {
        Assert.Throws<InvalidOperationException>(() => PersonIdentity.FromSetting(null, allowEphemeral: false));
        Assert.Same(PersonIdentity.Ephemeral, PersonIdentity.FromSetting("", allowEphemeral: true));
        Assert.Throws<ArgumentException>(() => PersonIdentity.FromSetting(Convert.ToBase64String(new byte[16]), allowEphemeral: false));
        Assert.NotNull(PersonIdentity.FromSetting(Convert.ToBase64String(new byte[32]), allowEphemeral: false));
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
