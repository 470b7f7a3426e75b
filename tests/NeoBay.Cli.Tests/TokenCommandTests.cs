using Microsoft.Extensions.Time.Testing;
using NeoBay.Cli;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;

namespace NeoBay.Cli.Tests;

public sealed class TokenCommandTests
{
    private const string Uscc = "91330100799655058B";
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));

    private static async Task<(int Exit, string Out, string Err)> TokenAsync(Func<string, string?> environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await NeoBayCli.RunAsync(["token", .. args], new StringReader(""), output, error, Clock, environment);
        return (exit, output.ToString().Trim(), error.ToString());
    }

    [Fact]
    public async Task An_applicant_token_is_accepted_by_the_validator_with_the_development_settings_and_carries_the_uscc()
    {
        var (exit, token, _) = await TokenAsync(_ => null, "--role", "applicant", "--uscc", Uscc);

        Assert.Equal(0, exit);
        var (caller, failure) = await new TokenValidator(DevelopmentTokens.Settings, Clock).ValidateAsync("Bearer " + token);
        Assert.Null(failure);
        Assert.True(caller!.IsInRole(Roles.Applicant));
        Assert.Equal(Uscc, caller.Uscc);
    }

    [Fact]
    public async Task It_refuses_when_another_signing_key_is_configured()
    {
        var (exit, token, error) = await TokenAsync(name => name == "NeoBay__Auth__SigningKey" ? "cHJvZHVjdGlvbi1rZXk=" : null, "--role", "reviewer");

        Assert.Equal(2, exit);
        Assert.Equal("", token);
        Assert.Contains("refused", error);
    }

    [Theory]
    [InlineData("applicant")]
    [InlineData("applicant", "--uscc", "91330100799655058A")]
    [InlineData("integrator")]
    [InlineData("reviewer", "--hours", "48")]
    public async Task It_refuses_incomplete_or_invalid_requests(string role, params string[] extra)
    {
        var (exit, token, _) = await TokenAsync(_ => null, ["--role", role, .. extra]);

        Assert.NotEqual(0, exit);
        Assert.Equal("", token);
    }
}
