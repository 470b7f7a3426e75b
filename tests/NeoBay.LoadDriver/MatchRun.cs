using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NeoBay.LoadDriver;

/// <summary>
/// <c>match</c> mode: C concurrent clients post whole profiles to <c>POST /api/match</c> (anonymous, nothing stored) for a
/// number of requests or seconds, and report throughput and latency percentiles (issue 15: p99 ≤ 50 ms at 20 clients).
/// </summary>
public sealed class MatchRun(Uri baseUrl, int clients, int requests, TextWriter log)
{
    /// <summary>The issue's profile; the total investment varies per request so no two bodies are the same.</summary>
    private static string Profile(int index) => $$"""
        { "submittedOn": "2026-03-01",
          "applicant": { "kind": "enterprise", "uscc": "91330100799655058B", "name": "零号湾示例科技有限公司", "inZone": true, "isSme": true },
          "facts": { "totalInvestment": {{(12_000_000 + index).ToString(CultureInfo.InvariantCulture)}}, "nationalApproval": true, "computingCost": 800000 },
          "otherSupport": [] }
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        var url = new Uri("http://localhost:7071");
        int clients = 20, requests = 2000;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--url": url = new Uri(Value().TrimEnd('/') + "/"); break;
                case "--clients" or "-c": clients = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--requests" or "-n": requests = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                default:
                    log.WriteLine($"Unknown argument '{args[i]}'. usage: NeoBay.LoadDriver match [--url http://localhost:7071] [--clients 20] [--requests 2000]");
                    return 2;
            }
        }
        if (clients is < 1 or > 999 || requests < 1) { log.WriteLine("--clients must be 1..999 and --requests positive."); return 2; }
        return await new MatchRun(url, clients, requests, log).RunAsync() ? 0 : 1;
    }

    public async Task<bool> RunAsync()
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256 };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        // One request each to warm the host (JIT, catalog) before measuring.
        for (var i = 0; i < clients; i++) (await PostAsync(http, -1 - i)).Response.Dispose();

        var latencies = new ConcurrentBag<TimeSpan>();
        var failures = new ConcurrentDictionary<int, int>();
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests)
            {
                var (response, elapsed) = await PostAsync(http, index);
                using (response)
                {
                    latencies.Add(elapsed);
                    if (!response.IsSuccessStatusCode) failures.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                }
            }
        })));
        wall.Stop();

        var sorted = latencies.Order().ToList();
        string Ms(double p) => Percentiles.NearestRank(sorted, p).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
        var p99 = Percentiles.NearestRank(sorted, 99);
        log.WriteLine($"match: {sorted.Count} requests from {clients} clients in {wall.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s " +
            $"= {(sorted.Count / wall.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)}/s; latency ms p50 {Ms(50)} p95 {Ms(95)} p99 {Ms(99)} max {Ms(100)}; " +
            $"failed {failures.Values.Sum()} {string.Join(" ", failures.Select(f => $"{f.Key}×{f.Value}"))}");
        log.WriteLine(p99 <= TimeSpan.FromMilliseconds(50) ? "p99 ≤ 50 ms: met" : "p99 ≤ 50 ms: NOT met");
        return failures.IsEmpty;
    }

    private static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> PostAsync(HttpClient http, int index)
    {
        using var content = new StringContent(Profile(index), Encoding.UTF8, "application/json");
        var start = Stopwatch.GetTimestamp();
        var response = await http.PostAsync("api/match", content);
        await response.Content.LoadIntoBufferAsync();
        return (response, Stopwatch.GetElapsedTime(start));
    }
}
