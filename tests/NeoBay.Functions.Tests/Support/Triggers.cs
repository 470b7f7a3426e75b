using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NeoBay.Grants.Common;

namespace NeoBay.Functions.Tests.Support;

/// <summary>Non-HTTP triggers and callers for function tests that run without the host.</summary>
public static class Triggers
{
    public static readonly DateTimeOffset Instant = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    public static Caller Admin { get; } = Caller.Create("admin-1", [Roles.Admin]);

    public static TimerInfo Timer() => new();

    /// <summary>A GET by <paramref name="caller"/> with <paramref name="query"/> (<c>?a=b&amp;…</c>).</summary>
    public static HttpRequest Query(Caller caller, string query)
    {
        var req = Requests.Make(caller: caller);
        req.QueryString = new QueryString(query);
        return req;
    }

    public static QueueMessage Message(string body, long dequeueCount = 1) =>
        QueuesModelFactory.QueueMessage("m1", "pop", BinaryData.FromString(body), dequeueCount);
}
