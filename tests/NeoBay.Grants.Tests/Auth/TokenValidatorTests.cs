using Microsoft.Extensions.Time.Testing;
using NeoBay.Grants.Auth;

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

    [Fact]
    public void Minting_refuses_an_unknown_role_and_an_applicant_without_USCC()
    {
        Assert.Throws<ArgumentException>(() => DevelopmentTokens.Mint("root", null, null, TimeSpan.FromHours(1), clock));
        Assert.Throws<ArgumentException>(() => DevelopmentTokens.Mint(Roles.Applicant, null, null, TimeSpan.FromHours(1), clock));
    }
}
