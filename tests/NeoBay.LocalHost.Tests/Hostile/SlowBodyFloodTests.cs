using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using NeoBay.Grants.Common;
using NeoBay.LocalHost.Tests.EndToEnd;

namespace NeoBay.LocalHost.Tests.Hostile;

/// <summary>
/// Issue #11's outage, replayed: two dozen anonymous <c>POST /api/quotes</c> that declare 200,000 bytes and trickle
/// them at ~300 B/s. Each is that request's problem (408 once the body timeout passes); meanwhile health, the catalog
/// and an owner's application keep answering 200. Before the fix the flood opened the one shared breaker: 503 for all.
/// </summary>
public sealed class SlowBodyFloodTests(ITestOutputHelper output)
{
    private const int SlowClients = 24;

    [Fact]
    public async Task A_slow_body_flood_against_quotes_leaves_health_and_an_owner_s_application_answering_200()
    {
        await using var host = await NeoBayHost.StartAsync(s => s["NeoBay:Http:BodyTimeoutSeconds"] = "2");
        using var owner = host.Client(Roles.Applicant, NeoBayHost.UsccA);
        var submitted = await NeoBayHost.SubmitAsync(owner, NeoBayHost.Application("A02.1", NeoBayHost.UsccA, """{"totalInvestment": 12000000, "nationalApproval": true}"""), "flood-owner");
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var anonymous = host.Client();

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        var flood = Enumerable.Range(0, SlowClients).Select(_ => SlowQuoteAsync(host.BaseAddress, stop.Token)).ToList();

        var answers = new List<(string Path, int Status, double Ms)>();
        while (!stop.IsCancellationRequested)
        {
            foreach (var (client, path) in new[] { (anonymous, "/api/health"), (anonymous, "/api/measures/A02.1"), (owner, $"/api/applications/{id}") })
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync(path);
                answers.Add((path.StartsWith("/api/applications/", StringComparison.Ordinal) ? "/api/applications/{id}" : path, (int)response.StatusCode, watch.Elapsed.TotalMilliseconds));
            }

            await Task.Delay(100);
        }

        var slowStatuses = await Task.WhenAll(flood);

        foreach (var group in answers.GroupBy(a => a.Path))
            output.WriteLine($"{group.Key}: {group.Count()} requests, {group.Count(a => a.Status == 200)} × 200, slowest {group.Max(a => a.Ms):0} ms");
        output.WriteLine($"slow quotes: {string.Join(", ", slowStatuses.GroupBy(s => s).Select(g => $"{g.Count()} × {g.Key}"))}");
        Assert.True(answers.Count >= 30, $"only {answers.Count} probe requests");
        Assert.All(answers, a => Assert.True(a.Status == 200, $"{a.Path} answered {a.Status} during the flood"));
        Assert.All(slowStatuses, s => Assert.Equal(408, s));
    }

    /// <summary>Declares 200,000 bytes, sends 30 bytes every 100 ms until answered; returns the status the server gave.</summary>
    private static async Task<int> SlowQuoteAsync(Uri baseAddress, CancellationToken stop)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port, stop);
        var stream = tcp.GetStream();
        var head = $"POST /api/quotes HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n[";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop);
        var reply = new byte[512];
        var read = stream.ReadAsync(reply, stop).AsTask();
        var chunk = Encoding.ASCII.GetBytes(new string(' ', 30));
        while (!read.IsCompleted && !stop.IsCancellationRequested)
        {
            try
            {
                await stream.WriteAsync(chunk, stop);
                await Task.Delay(100, stop);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                break;
            }
        }

        var count = await read;
        var statusLine = Encoding.ASCII.GetString(reply, 0, count).Split("\r\n")[0]; // HTTP/1.1 408 Request Timeout
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
