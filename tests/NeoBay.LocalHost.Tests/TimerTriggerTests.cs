using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NeoBay.LocalHost.Tests.Support;

namespace NeoBay.LocalHost.Tests;

public sealed class TimerTriggerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Moves the host's fake clock in 100 ms steps until <paramref name="done"/> (or <paramref name="limit"/> of fake time).</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider clock, TimeSpan limit, Func<bool> done)
    {
        for (var moved = TimeSpan.Zero; moved < limit && !done(); moved += TimeSpan.FromMilliseconds(100))
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(10); // let the timer service's continuation run
        }
    }

    [Fact]
    public async Task A_timer_fires_at_every_occurrence_of_its_schedule_setting()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await TestHost.StartAsync(settings =>
        {
            settings["TickSchedule"] = "*/1 * * * * *";
            settings["AzureWebJobs.Tick.Disabled"] = "false";
        }, clock: clock);

        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(10), () => host.Recorder.Calls("Tick").Count >= 3);
        var calls = host.Recorder.Calls("Tick").Take(3).Select(c => c.Split('|')).ToList();

        // Runs at 00:00:01, :02, :03 of the host's clock, none past due, each naming the next whole second.
        Assert.Equal(["False", "False", "False"], calls.Select(c => c[0]));
        Assert.Equal(["2026-12-01T00:00:02", "2026-12-01T00:00:03", "2026-12-01T00:00:04"],
            calls.Select(c => DateTime.Parse(c[1], null, System.Globalization.DateTimeStyles.RoundtripKind).ToString("s", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_disabled_timer_does_not_fire_but_runs_by_hand_through_the_admin_api()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await TestHost.StartAsync(settings => settings["TickSchedule"] = "*/1 * * * * *", clock: clock);

        var listed = await host.Client.SendAsync(host.Admin(HttpMethod.Get, "/admin/functions"));
        var tick = (await listed.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single(f => f.GetProperty("name").GetString() == "Tick");
        Assert.True(tick.GetProperty("disabled").GetBoolean());
        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(5), () => host.Recorder.Calls("Tick").Count > 0); // five occurrences on the host's clock
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
