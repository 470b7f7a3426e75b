using System.Text.Json;
using NeoBay.Functions.Auth;
using NeoBay.Functions.Http.Offers;
using NeoBay.Grants.Common;
using NeoBay.Policy;
using NeoBay.Contracts.Quotes;

namespace NeoBay.Functions.Tests.Http;

/// <summary>The integrator's facts body (<c>PUT /api/integrations/facts/{uscc}</c>) and who may call the offer routes.</summary>
public sealed class OffersJsonTests
{
    private const string Uscc = "91330100799655058B";
    private static readonly PolicyCatalog Catalog = PolicyCatalog.LoadEmbedded();
    private static readonly DateOnly Today = new(2026, 12, 1);

    private static (Grants.Offers.FactsUpdate? Update, QuoteError? Error) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return OffersJson.ReadFactsUpdate(document.RootElement, Uscc, Catalog, Today);
    }

    [Fact]
    public void Facts_are_read_with_their_source_applicant_project_and_removals()
    {
        var (update, error) = Read("""
            { "source": " 市市场监管局 ", "applicant": { "kind": "enterprise", "inZone": true, "isSme": true },
              "project": { "key": "CN 31-1234/N" }, "facts": { "totalInvestment": 1234567.89, "nationalApproval": null } }
            """);
        Assert.Null(error);
        Assert.Equal("市市场监管局", update!.Source);
        Assert.Equal((ApplicantKind.Enterprise, Uscc, true, true), (update.Applicant!.Kind, update.Applicant.Uscc, update.Applicant.InZone, update.Applicant.IsSme));
        Assert.Equal("CN 31-1234/N", update.Project!.Key);
        Assert.Equal(1234567.89m, update.Facts["totalInvestment"].Number);
        Assert.Equal(["nationalApproval"], update.Removed);
        Assert.False(update.Facts.ContainsKey("nationalApproval"));
    }

    [Fact]
    public void Without_an_applicant_the_update_names_none()
    {
        var (update, error) = Read("""{ "source": "市科委", "facts": { "status": "gazelle" } }""");
        Assert.Null(error);
        Assert.Null(update!.Applicant);
        Assert.Equal("gazelle", update.Facts["status"].Text);
    }

    [Theory]
    [InlineData("""{ "facts": {} }""", QuoteError.MissingField, "source")]
    [InlineData("""{ "source": "  ", "facts": {} }""", QuoteError.MissingField, "source")]
    [InlineData("""{ "source": "x" }""", QuoteError.MissingField, "facts")]
    [InlineData("""{ "source": "x", "facts": {}, "history": [] }""", QuoteError.FieldNotAllowed, "history")]
    [InlineData("""{ "source": "x", "facts": { "totalInvestmnet": 1 } }""", QuoteError.UnknownFact, "facts.totalInvestmnet")]
    [InlineData("""{ "source": "x", "facts": { "nationalApproval": "yes" } }""", QuoteError.InvalidValue, "facts.nationalApproval")]
    [InlineData("""{ "source": "x", "applicant": { "kind": "enterprise", "uscc": "91310000MA1FL0000X" }, "facts": {} }""", QuoteError.InvalidUscc, "applicant.uscc")]
    [InlineData("""{ "source": "x", "applicant": { "kind": "spaceship" }, "facts": {} }""", QuoteError.InvalidKind, "applicant.kind")]
    public void Bad_bodies_are_refused_with_the_field(string json, string code, string field)
    {
        var (update, error) = Read(json);
        Assert.Null(update);
        Assert.Equal((code, field), (error!.Code, error.Field));
    }

    [Fact]
    public void Facts_are_put_by_integrators_and_offers_handled_by_applicants()
    {
        const string prefix = "NeoBay.Functions.Http.Offers.OffersFunctions.";
        Assert.Equal([Roles.Integrator], AuthMiddleware.RuleFor(prefix + nameof(OffersFunctions.PutIntegrationFacts)).Roles);
        Assert.Equal([Roles.Applicant], AuthMiddleware.RuleFor(prefix + nameof(OffersFunctions.ListMyOffers)).Roles);
        Assert.Equal([Roles.Applicant], AuthMiddleware.RuleFor(prefix + nameof(OffersFunctions.AcceptOffer)).Roles);
        Assert.Equal([Roles.Applicant], AuthMiddleware.RuleFor(prefix + nameof(OffersFunctions.DeclineOffer)).Roles);
    }
}
