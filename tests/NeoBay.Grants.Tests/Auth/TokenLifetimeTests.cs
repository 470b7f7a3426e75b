using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;

namespace NeoBay.Grants.Tests.Auth;

/// <summary>Issue #11 item 8: a validly signed token must also have a sane lifetime (exp − iat/nbf ≤ the maximum, 24 h by default).</summary>
public sealed class TokenLifetimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Now);

    private static string Signed(DateTime? issuedAt, DateTime? notBefore, DateTime expires)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = DevelopmentTokens.Issuer,
            Audience = DevelopmentTokens.Audience,
            Expires = expires,
            Claims = new Dictionary<string, object> { ["sub"] = "lifetime-test", [TokenValidator.RoleClaim] = Roles.Reviewer },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(DevelopmentTokens.SigningKey)), SecurityAlgorithms.HmacSha256),
        };
        if (issuedAt is { } iat) descriptor.IssuedAt = iat;
        if (notBefore is { } nbf) descriptor.NotBefore = nbf;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private async Task<AuthFailure?> FailureOf(string token, AuthSettings? settings = null) =>
        (await new TokenValidator(settings ?? DevelopmentTokens.Settings, clock).ValidateAsync("Bearer " + token)).Failure;

    [Fact]
    public async Task A_signed_token_valid_until_the_year_2286_is_refused()
    {
        var token = Signed(Now.UtcDateTime, Now.UtcDateTime, new DateTime(2286, 11, 20, 17, 46, 39, DateTimeKind.Utc));

        Assert.Equal("TokenLifetimeTooLong", (await FailureOf(token))!.Code);
    }

    [Theory]
    [InlineData(24 * 60, null)]                    // exactly the maximum
    [InlineData(24 * 60 + 1, "TokenLifetimeTooLong")] // one minute over
    public async Task The_lifetime_is_measured_from_iat_to_exp(int minutes, string? code)
    {
        var token = Signed(Now.UtcDateTime, Now.UtcDateTime, Now.UtcDateTime.AddMinutes(minutes));

        Assert.Equal(code, (await FailureOf(token))?.Code);
    }

    [Fact]
    public async Task An_early_nbf_counts_even_when_iat_is_recent()
    {
        // iat now, nbf 30 h ago, exp in 1 h: the token declares 31 h of validity.
        var token = Signed(Now.UtcDateTime, Now.UtcDateTime.AddHours(-30), Now.UtcDateTime.AddHours(1));

        Assert.Equal("TokenLifetimeTooLong", (await FailureOf(token))!.Code);
    }

    [Fact]
    public async Task Without_iat_and_nbf_the_remaining_time_is_the_lifetime()
    {
        Assert.Null(await FailureOf(Signed(null, null, Now.UtcDateTime.AddHours(23))));
        Assert.Equal("TokenLifetimeTooLong", (await FailureOf(Signed(null, null, Now.UtcDateTime.AddHours(25))))!.Code);
    }

    [Fact]
    public async Task The_maximum_is_a_setting()
    {
        var token = Signed(Now.UtcDateTime, Now.UtcDateTime, Now.UtcDateTime.AddHours(3));

        Assert.Null(await FailureOf(token));
        Assert.Equal("TokenLifetimeTooLong", (await FailureOf(token, DevelopmentTokens.Settings with { MaxTokenLifetime = TimeSpan.FromHours(2) }))!.Code);
    }

    [Fact]
    public async Task An_applicant_token_without_uscc_is_an_unbound_identity_not_an_error()
    {
        var token = AppTokens.Create(DevelopmentTokens.Settings, "wx:dev:alice", Roles.Applicant, null, null, TimeSpan.FromHours(1), clock);

        var (caller, failure) = await new TokenValidator(DevelopmentTokens.Settings, clock).ValidateAsync("Bearer " + token);

        Assert.Null(failure);
        Assert.Equal(("wx:dev:alice", null), (caller!.Subject, caller.Uscc));
        Assert.False(caller.ActsForApplicant("91330100799655058B"));
    }

    [Fact]
    public async Task The_for_claim_is_honoured_only_in_development_key_tokens()
    {
        var production = DevelopmentTokens.Settings with { SigningKey = Convert.ToBase64String(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray()) };
        var token = AppTokens.Create(production, "integrator-x", Roles.Integrator, null, ["91330100799655058B"], TimeSpan.FromHours(1), clock);

        var (caller, _) = await new TokenValidator(production, clock).ValidateAsync("Bearer " + token);

        Assert.Empty(caller!.ActsFor);
    }
}
