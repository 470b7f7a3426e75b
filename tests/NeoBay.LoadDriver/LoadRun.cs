using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;
using NeoBay.Policy;

namespace NeoBay.LoadDriver;

/// <summary>One application's fate as the driver saw it.</summary>
public sealed record Outcome(int Index, string Uscc, string? Id, string? Status, string? ETag, TimeSpan? Latency, string? Failure);

/// <summary>
/// Submits N applications from C concurrent clients (each an applicant with its own USCC, like the mini-program), polls
/// each until it is decided, and then checks, as a reviewer, that the store holds each submitted application exactly once.
/// </summary>
public sealed class LoadRun(LoadOptions options, TextWriter log)
{
    private static readonly string[] Decided = ["eligible", "ineligible", "evaluationFailed"];
    private readonly string runId = TimeProvider.System.GetUtcNow().ToString("MMddHHmmss") + Random.Shared.Next(100, 999);
    private readonly SocketsHttpHandler handler = new() { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
    private readonly ClockOffset clock = new(options.ClockOffset);
    private readonly ConcurrentDictionary<int, int> statuses = new();
    private readonly ConcurrentDictionary<string, int> problems = new();
    private long lastDecision;

    public async Task<LoadReport> RunAsync()
    {
        using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = options.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var applicants = Enumerable.Range(0, options.Clients).Select(UsccFor).ToArray();
        var outcomes = new ConcurrentBag<Outcome>();
        var next = -1;
        wallClock.Restart();
        var wall = wallClock;
        var outage = options.StorageOutage is { } length ? new StorageOutage(options.OutageAfter, length, options.AzuritePid, log) : null;
        var outageRun = outage?.RunAsync(wall) ?? Task.CompletedTask;
        var progress = Task.Run(async () =>
        {
            while (outcomes.Count < options.Applications)
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
                log.WriteLine($"  {outcomes.Count}/{options.Applications} decided after {wall.Elapsed.TotalSeconds:0}s");
            }
        });

        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(client => Task.Run(async () =>
        {
            var uscc = applicants[client];
            var token = DevelopmentTokens.Mint(Roles.Applicant, uscc, null, TimeSpan.FromHours(2), clock, $"load-{client}");
            int index;
            while ((index = Interlocked.Increment(ref next)) < options.Applications)
            {
                outcomes.Add(await OneAsync(http, token, uscc, index));
            }
        })));
        wall.Stop();
        await progress;
        await outageRun;

        var stored = await StoredByApplicantAsync(http, applicants);
        var drained = outage?.Window is { } window ? TimeSpan.FromTicks(Interlocked.Read(ref lastDecision)) - window.Up : (TimeSpan?)null;
        return LoadReport.From(options, outcomes.OrderBy(o => o.Index).ToList(), stored, wall.Elapsed) with
        {
            Responses = statuses.ToDictionary(), Problems = problems.ToDictionary(), Outage = outage?.Window, Drained = drained,
        };
    }

    private async Task<Outcome> OneAsync(HttpClient http, string token, string uscc, int index)
    {
        var started = Stopwatch.GetTimestamp();
        string? id = null;
        try
        {
            // A retried submit carries the same Idempotency-Key, so it may not create a second application.
            for (var attempt = 1; id is null; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/applications") { Content = new StringContent(Body(uscc, index), Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Headers.Add("Idempotency-Key", $"load-{runId}-{index}");
                try
                {
                    using var response = await SendAsync(http, request);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
                    }
                    else if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt >= MaxAttempts)
                    {
                        return new Outcome(index, uscc, null, null, null, null, $"submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                    else
                    {
                        // docs/api.md: a 503 carries Retry-After; retry with the same Idempotency-Key.
                        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                    }
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException && attempt < MaxAttempts)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200 * attempt, 2000)));
                }
            }

            var deadline = Stopwatch.GetTimestamp() + (long)(options.DecisionTimeout.TotalSeconds * Stopwatch.Frequency);
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"api/applications/{id}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                HttpResponseMessage response;
                try
                {
                    response = await SendAsync(http, request);
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
                {
                    await Task.Delay(options.PollInterval);
                    continue;
                }

                using (response)
                {
                    if (response.IsSuccessStatusCode)
                    {
                        var status = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
                        if (Decided.Contains(status))
                        {
                            Interlocked.Exchange(ref lastDecision, wallClock.Elapsed.Ticks);
                            return new Outcome(index, uscc, id, status, response.Headers.ETag?.Tag, Stopwatch.GetElapsedTime(started), null);
                        }
                    }
                }

                if (Stopwatch.GetTimestamp() > deadline)
                    return new Outcome(index, uscc, id, null, null, null, $"not decided within {options.DecisionTimeout.TotalSeconds:0}s");
                await Task.Delay(options.PollInterval);
            }
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException)
        {
            return new Outcome(index, uscc, id, null, null, null, error.GetType().Name + ": " + error.Message);
        }
    }

    private const int MaxAttempts = 30;

    private readonly Stopwatch wallClock = Stopwatch.StartNew();

    /// <summary>Sends and counts the answer by status (and a 5xx by its problem code).</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        var response = await http.SendAsync(request);
        statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
        if ((int)response.StatusCode >= 500)
        {
            var body = await response.Content.ReadAsStringAsync();
            var code = body.Contains("\"code\"", StringComparison.Ordinal) ? JsonDocument.Parse(body).RootElement.GetProperty("code").GetString() ?? "?" : "(no problem body)";
            problems.AddOrUpdate($"{(int)response.StatusCode} {code}", 1, (_, n) => n + 1);
        }

        return response;
    }

    /// <summary>Every application id the store lists per applicant (as a reviewer, following continuation tokens).</summary>
    private async Task<Dictionary<string, List<string>>> StoredByApplicantAsync(HttpClient http, IReadOnlyList<string> applicants)
    {
        var token = DevelopmentTokens.Mint(Roles.Reviewer, null, null, TimeSpan.FromHours(1), clock, "load-reviewer");
        var stored = new Dictionary<string, List<string>>();
        foreach (var uscc in applicants)
        {
            var ids = new List<string>();
            string? continuation = null;
            do
            {
                var url = $"api/applications?uscc={uscc}&take=100" + (continuation is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(continuation));
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                    continue;
                }

                response.EnsureSuccessStatusCode();
                var page = await response.Content.ReadFromJsonAsync<JsonElement>();
                ids.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
                continuation = page.GetProperty("continuationToken").ValueKind == JsonValueKind.String ? page.GetProperty("continuationToken").GetString() : null;
            }
            while (continuation is not null);
            stored[uscc] = ids;
        }

        return stored;
    }

    private string Body(string uscc, int index) => $$"""
        {"measure":"{{options.Measure}}",
         "applicant":{"kind":"enterprise","uscc":"{{uscc}}","name":"负载测试企业 {{index}}","inZone":true,"isSme":false},
         "project":{"key":"L-{{runId}}-{{index}}","name":"负载 {{index}}"},
         "facts":{"totalInvestment":{{10_000_000 + index}},"nationalApproval":true} }
        """;

    /// <summary>A valid USCC (GB 32100 check character) per client and run, so runs never share an applicant.</summary>
    private string UsccFor(int client)
    {
        var first17 = "9131" + (long.Parse(runId[^9..]) * 1000 + client).ToString("D13");
        return first17 + Uscc.CheckCharacter(first17);
    }

    private sealed class ClockOffset(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
