using Microsoft.Extensions.Time.Testing;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;
using NeoBay.Testing.Stubs;

namespace NeoBay.Functions.Tests.Auth;

/// <summary>Entra ID access tokens against an OpenID Connect stub on loopback (metadata + JWKS, RSA keys made in the test).</summary>
public sealed class EntraTokenTests : IAsyncLifetime
{
    private const string Audience = "api://neobay-test";
    private const string IntegratorClientId = "6f1c2d3e-0000-4000-8000-00000000abcd";
    private OidcStub oidc = null!;
    private readonly FakeTimeProvider clock = new(TimeProvider.System.GetUtcNow());
    private EntraTokens entra = null!;

    public async ValueTask InitializeAsync()
    {
        oidc = await OidcStub.StartAsync();
        entra = new EntraTokens(new EntraSettings(oidc.Authority, Audience), new HttpClient(), clock);
    }

    public async ValueTask DisposeAsync() => await oidc.DisposeAsync();

    private TokenValidator Validator(AuthSettings? settings = null) => new(settings ?? DevelopmentTokens.Settings, clock, entra);

    private string Token(IReadOnlyList<string> roles, string? audience = null, string? issuer = null, string? kid = null, TimeSpan? lifetime = null,
        DateTimeOffset? issuedAt = null, string? clientId = null) =>
        oidc.Token(audience ?? Audience, roles, issuedAt ?? clock.GetUtcNow(), lifetime ?? TimeSpan.FromHours(1), clientId, clientId is null ? "staff-oid-1" : null, issuer, kid);

    [Theory]
    [InlineData("NeoBay.Reviewer", "reviewer")]
    [InlineData("NeoBay.Admin", "admin")]
    public async Task Each_staff_app_role_becomes_the_API_role_and_the_subject_is_the_object_id(string appRole, string role)
    {
        var (caller, failure) = await Validator().ValidateAsync("Bearer " + Token([appRole]));

        Assert.Null(failure);
        Assert.Equal(("staff-oid-1", true), (caller!.Subject, caller.IsInRole(role)));
        Assert.Single(caller.Roles);
    }

    [Fact]
    public async Task An_integrator_is_its_client_id_and_acts_only_for_the_applicants_that_granted_it()
    {
        var grants = new FixedGrants { [IntegratorClientId] = ["91330100799655058B"] };
        var validator = new TokenValidator(DevelopmentTokens.Settings, clock, entra, grants);

        var (caller, failure) = await validator.ValidateAsync("Bearer " + Token(["NeoBay.Integrator"], clientId: IntegratorClientId));

        Assert.Null(failure);
        Assert.Equal((IntegratorClientId, true), (caller!.Subject, caller.IsInRole(Roles.Integrator)));
        Assert.True(caller.CanSee("91330100799655058B"));
        Assert.False(caller.CanSee("91310000MA1FL0000X"));
    }

    [Fact]
    public async Task A_token_with_no_NeoBay_app_role_is_refused()
    {
        Assert.Equal("InvalidToken", (await Validator().ValidateAsync("Bearer " + Token(["Some.Other.Role"]))).Failure!.Code);
    }

    [Fact]
    public async Task The_wrong_audience_is_refused()
    {
        Assert.Equal("InvalidToken", (await Validator().ValidateAsync("Bearer " + Token(["NeoBay.Reviewer"], audience: "api://someone-else"))).Failure!.Code);
    }

    [Fact]
    public async Task The_issuer_is_the_one_of_the_metadata_and_any_other_is_refused()
    {
        // The stub's metadata names the 21Vianet issuer although it is served from 127.0.0.1: the issuer comes from the metadata.
        Assert.StartsWith("https://login.chinacloudapi.cn/", oidc.Issuer);
        Assert.Null((await Validator().ValidateAsync("Bearer " + Token(["NeoBay.Reviewer"]))).Failure);
        var global = $"https://login.microsoftonline.com/{OidcStub.Tenant}/v2.0";
        Assert.Equal("InvalidToken", (await Validator().ValidateAsync("Bearer " + Token(["NeoBay.Reviewer"], issuer: global))).Failure!.Code);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var token = Token(["NeoBay.Reviewer"], issuedAt: clock.GetUtcNow().AddHours(-2), lifetime: TimeSpan.FromHours(1));

        Assert.Equal("TokenExpired", (await Validator().ValidateAsync("Bearer " + token)).Failure!.Code);
    }

    [Fact]
    public async Task A_token_living_longer_than_the_maximum_is_refused_even_from_Entra()
    {
        Assert.Equal("TokenLifetimeTooLong", (await Validator().ValidateAsync("Bearer " + Token(["NeoBay.Reviewer"], lifetime: TimeSpan.FromHours(25)))).Failure!.Code);
    }

    [Fact]
    public async Task Keys_are_cached_and_a_rolled_over_kid_refetches_them()
    {
        var validator = Validator();
        Assert.Null((await validator.ValidateAsync("Bearer " + Token(["NeoBay.Reviewer"]))).Failure);
        Assert.Null((await validator.ValidateAsync("Bearer " + Token(["NeoBay.Admin"]))).Failure);
        Assert.Equal((1, 1), (oidc.MetadataRequests, oidc.KeyRequests)); // cached

        var newKid = oidc.Rollover();
        clock.Advance(TimeSpan.FromSeconds(31)); // past the minimum refresh interval (30 s)
        var (caller, failure) = await validator.ValidateAsync("Bearer " + Token(["NeoBay.Reviewer"], kid: newKid));

        Assert.Null(failure);
        Assert.True(caller!.IsReviewer);
        Assert.Equal(2, oidc.KeyRequests);
    }

    [Fact]
    public async Task A_kid_nobody_publishes_is_refused_and_refetches_at_most_once_per_interval()
    {
        var validator = Validator();
        Assert.Null((await validator.ValidateAsync("Bearer " + Token(["NeoBay.Reviewer"]))).Failure);
        clock.Advance(TimeSpan.FromSeconds(31));

        for (var i = 0; i < 5; i++)
            Assert.Equal("InvalidToken", (await validator.ValidateAsync("Bearer " + Token(["NeoBay.Reviewer"], kid: "forged-kid"))).Failure!.Code);

        Assert.Equal(2, oidc.KeyRequests); // one refetch for five forged tokens
    }

    [Fact]
    public async Task Without_Entra_configured_an_RS256_token_is_refused_and_development_tokens_still_work()
    {
        var validator = new TokenValidator(DevelopmentTokens.Settings, clock);

        Assert.Equal("InvalidToken", (await validator.ValidateAsync("Bearer " + Token(["NeoBay.Reviewer"]))).Failure!.Code);
        Assert.Null((await Validator().ValidateAsync("Bearer " + DevelopmentTokens.Mint(Roles.Reviewer, null, null, TimeSpan.FromHours(1), clock))).Failure);
    }

    [Fact]
    public async Task An_unreachable_identity_provider_answers_503_not_500()
    {
        await oidc.DisposeAsync();
        var (_, failure) = await Validator().ValidateAsync("Bearer " + Token(["NeoBay.Reviewer"]));

        Assert.Equal(("AuthProviderUnavailable", 503), (failure!.Code, failure.Status));
        oidc = await OidcStub.StartAsync(); // for DisposeAsync
    }

    private sealed class FixedGrants : Dictionary<string, string[]>, IIntegratorGrantLookup
    {
        public Task<IReadOnlyCollection<string>> UsccsForAsync(string clientId, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyCollection<string>>(TryGetValue(clientId, out var usccs) ? usccs : []);
    }
}
