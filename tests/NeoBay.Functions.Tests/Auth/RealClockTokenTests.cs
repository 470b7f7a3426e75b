using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;

namespace NeoBay.Functions.Tests.Auth;

/// <summary>Issue #11 item 8: token times are real time, even when NeoBay:DevClock moves the business clock.</summary>
public sealed class RealClockTokenTests
{
    private static ServiceProvider App(string devClock) => new ServiceCollection().AddLogging().AddNeoBayFunctionApp(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["NeoBay:DevClock"] = devClock,
        }).Build()).BuildServiceProvider();

    [Theory]
    [InlineData("2029-07-10T15:59:00Z")] // years ahead: a real-time token would look issued in the past and expired
    [InlineData("2024-07-11T00:00:00Z")] // years behind: a real-time token would look not yet valid
    public async Task A_token_minted_on_real_time_is_accepted_by_a_host_with_a_dev_clock(string devClock)
    {
        using var app = App(devClock);
        Assert.NotEqual(TimeProvider.System.GetUtcNow().Year, app.GetRequiredService<TimeProvider>().GetUtcNow().Year);
        var token = DevelopmentTokens.Mint(Roles.Reviewer, null, null, TimeSpan.FromHours(1), TimeProvider.System); // what `neobay token` does

        var (caller, failure) = await app.GetRequiredService<TokenValidator>().ValidateAsync("Bearer " + token);

        Assert.Null(failure);
        Assert.True(caller!.IsReviewer);
    }

    [Fact]
    public async Task A_token_minted_on_the_shifted_clock_is_not_yet_valid_in_real_time()
    {
        using var app = App("2029-07-10T15:59:00Z");
        var token = DevelopmentTokens.Mint(Roles.Reviewer, null, null, TimeSpan.FromHours(1), app.GetRequiredService<TimeProvider>());

        var (caller, failure) = await app.GetRequiredService<TokenValidator>().ValidateAsync("Bearer " + token);

        Assert.Null(caller);
        Assert.Equal("TokenExpired", failure!.Code); // the lifetime check (nbf in 2029) refuses it
    }
}
