using System.Net;
using NeoBay.LocalHost.Tests.Support;

namespace NeoBay.LocalHost.Tests;

public sealed class TimerTriggerTests
{
    [Fact]
    public async Task A_timer_fires_at_every_occurrence_of_its_schedule_setting()
    {
        await using var host = await TestHost.StartAsync(settings =>
        {
            settings["TickSchedule"] = "*/1 * * * * *";
            settings["AzureWebJobs.Tick.Disabled"] = "false";
        });

        var started = TimeProvider.System.GetUtcNow();
        var calls = await host.Recorder.WaitForAsync("Tick", 3, TimeSpan.FromSeconds(10));

        Assert.True(TimeProvider.System.GetUtcNow() - started >= TimeSpan.FromSeconds(1.5), "three once-a-second runs take at least two seconds");
        // Each run says when the next one is: a whole second, later than the run before.
        var nexts = calls.Take(3).Select(c => DateTime.Parse(c.Split('|')[1], null, System.Globalization.DateTimeStyles.RoundtripKind)).ToList();
        Assert.All(nexts, n => Assert.Equal(0, n.Millisecond));
        Assert.True(nexts[0] < nexts[1] && nexts[1] < nexts[2]);
    }

    [Fact]
    public async Task A_disabled_timer_does_not_fire_but_runs_by_hand_through_the_admin_api()
    {
        await using var host = await TestHost.StartAsync(settings => settings["TickSchedule"] = "*/1 * * * * *");

        await Task.Delay(1500);
        Assert.Empty(host.Recorder.Calls("Tick"));
        // No body at all, as `curl -X POST` sends: the input is empty.
        var response = await host.Client.SendAsync(host.Admin(HttpMethod.Post, "/admin/functions/Tick"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith("False|", (await host.Recorder.WaitForAsync("Tick", 1)).Single());
    }

    [Fact]
    public async Task A_timer_whose_schedule_setting_is_missing_still_runs_by_hand_without_a_schedule_status()
    {
        await using var host = await TestHost.StartAsync(settings => settings.Remove("TickSchedule"));

        var response = await host.Client.SendAsync(host.Admin(HttpMethod.Post, "/admin/functions/Tick"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("False|", (await host.Recorder.WaitForAsync("Tick", 1)).Single());
    }
}
