using Microsoft.Extensions.Time.Testing;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;

namespace NeoBay.Grants.Tests.Auth;

public sealed class TokenValidatorTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));

    private TokenValidator Validator(AuthSettings? settings = null) => new(settings ?? DevelopmentTokens.Settings, clock);

    [Fact]
    public async Task A_minted_applicant_token_gives_its_role_and_USCC()
    {
        var token = DevelopmentTokens.Mint(Roles.Applicant, "91330100799655058B", null, TimeSpan.FromHours(1), clock);

        var (caller, failure) = await Validator().ValidateAsync("Bearer " + token);

        Assert.Null(failure);
        Assert.Equal(("applicant-91330100799655058B", "91330100799655058B"), (caller!.Subject, caller.Uscc));
        Assert.True(caller.IsInRole(Roles.Applicant));
        Assert.False(caller.IsReviewer);
    }

    [Fact]
    public async Task An_integrator_token_lists_the_USCCs_it_acts_for()
    {
        var token = DevelopmentTokens.Mint(Roles.Integrator, null, ["91330100799655058B", "91310000MA1FL0000X"], TimeSpan.FromHours(1), clock);

        var (caller, _) = await Validator().ValidateAsync("Bearer " + token);

        Assert.Equal(["91330100799655058B", "91310000MA1FL0000X"], caller!.ActsFor);
        Assert.True(caller.CanSee("91310000MA1FL0000X"));
        Assert.False(caller.CanSee("91110000000000000X"));
    }

    [Fact]
    public async Task An_expired_token_is_refused_by_the_injected_clock()
    {
        var token = DevelopmentTokens.Mint(Roles.Reviewer, null, null, TimeSpan.FromMinutes(10), clock);
        clock.Advance(TimeSpan.FromMinutes(12));

        var (caller, failure) = await Validator().ValidateAsync("Bearer " + token);

        Assert.Null(caller);
        Assert.Equal("TokenExpired", failure!.Code);
    }

    [Theory]
    [InlineData(null, "Unauthenticated")]
    [InlineData("Basic abc", "Unauthenticated")]
    [InlineData("Bearer not.a.token", "InvalidToken")]
    public async Task A_missing_or_malformed_header_is_refused(string? header, string code)
    {
        Assert.Equal(code, (await Validator().ValidateAsync(header)).Failure!.Code);
    }

    [Fact]
    public async Task A_token_for_another_audience_or_key_is_refused()
    {
        var token = DevelopmentTokens.Mint(Roles.Admin, null, null, TimeSpan.FromHours(1), clock);
        var otherKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

        Assert.Equal("InvalidToken", (await Validator(DevelopmentTokens.Settings with { Audience = "other" }).ValidateAsync("Bearer " + token)).Failure!.Code);
        Assert.Equal("InvalidToken", (await Validator(DevelopmentTokens.Settings with { SigningKey = otherKey }).ValidateAsync("Bearer " + token)).Failure!.Code);
    }

    private static readonly string NewKey = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());

    /// <summary>A reviewer token like <see cref="DevelopmentTokens.Mint"/>'s, signed with any key (what a production issuer does).</summary>
    private string SignedWith(string base64Key) =>
        new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = DevelopmentTokens.Issuer,
            Audience = DevelopmentTokens.Audience,
            NotBefore = clock.GetUtcNow().UtcDateTime,
            Expires = clock.GetUtcNow().UtcDateTime.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = "issuer-test", [TokenValidator.RoleClaim] = Roles.Reviewer },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Convert.FromBase64String(base64Key)),
                Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });

    [Fact]
    public async Task During_a_rotation_a_token_of_the_previous_key_still_validates_and_one_of_the_new_key_too()
    {
        var oldToken = DevelopmentTokens.Mint(Roles.Admin, null, null, TimeSpan.FromHours(1), clock); // signed with the old (development) key
        var rotating = Validator(DevelopmentTokens.Settings with { SigningKey = NewKey, PreviousSigningKey = DevelopmentTokens.SigningKey });

        var (oldCaller, oldFailure) = await rotating.ValidateAsync("Bearer " + oldToken);
        var (newCaller, newFailure) = await rotating.ValidateAsync("Bearer " + SignedWith(NewKey));

        Assert.Null(oldFailure);
        Assert.True(oldCaller!.IsInRole(Roles.Admin));
        Assert.Null(newFailure);
        Assert.Equal("issuer-test", newCaller!.Subject);
    }

    [Fact]
    public async Task Once_the_previous_key_is_removed_its_tokens_are_refused()
    {
        var oldToken = DevelopmentTokens.Mint(Roles.Admin, null, null, TimeSpan.FromHours(1), clock);

        var (caller, failure) = await Validator(DevelopmentTokens.Settings with { SigningKey = NewKey }).ValidateAsync("Bearer " + oldToken);

        Assert.Null(caller);
        Assert.Equal("InvalidToken", failure!.Code);
    }

    [Fact]
    public async Task A_token_signed_with_neither_the_current_nor_the_previous_key_is_refused()
    {
        var unknownKey = Convert.ToBase64String(Enumerable.Range(200, 32).Select(i => (byte)i).ToArray());
        var rotating = Validator(DevelopmentTokens.Settings with { SigningKey = NewKey, PreviousSigningKey = DevelopmentTokens.SigningKey });

        var (caller, failure) = await rotating.ValidateAsync("Bearer " + SignedWith(unknownKey));

        Assert.Null(caller);
        Assert.Equal("InvalidToken", failure!.Code);
    }

    [Fact]
    public void A_malformed_previous_key_is_a_clear_error_and_an_absent_or_unresolved_one_is_no_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Validator(DevelopmentTokens.Settings with { PreviousSigningKey = "c2hvcnQ=" }));

        Assert.Equal("NeoBay:Auth:PreviousSigningKey must be at least 32 bytes.", error.Message);
        Assert.Null(AuthSettings.PreviousKeyOrNull(""));
        Assert.Null(AuthSettings.PreviousKeyOrNull(null));
        Assert.Null(AuthSettings.PreviousKeyOrNull("@Microsoft.KeyVault(SecretUri=https://kv.example/secrets/NeoBay--Auth--PreviousSigningKey)"));
        Assert.Equal(NewKey, AuthSettings.PreviousKeyOrNull(NewKey));
    }

    [Fact]
    public void Minting_refuses_an_unknown_role_and_an_applicant_without_USCC()
    {
        Assert.Throws<ArgumentException>(() => DevelopmentTokens.Mint("root", null, null, TimeSpan.FromHours(1), clock));
        Assert.Throws<ArgumentException>(() => DevelopmentTokens.Mint(Roles.Applicant, null, null, TimeSpan.FromHours(1), clock));
    }
}
