using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NeoBay.Testing.Stubs;

/// <summary>
/// WeChat's <c>GET /sns/jscode2session</c> on loopback, as WeChat behaves: checks appid/secret/grant_type, answers a known code
/// once with its openid (and unionid) plus a <c>session_key</c>, a reused code with 40163, an unknown code with 40029, and
/// scripted errcodes (<see cref="Script"/>: per code, the errcodes of the first calls, e.g. -1 twice, then the identity).
/// Answers carry <c>text/plain</c>, as WeChat's do.
/// </summary>
public sealed class WeChatStub : IAsyncDisposable
{
    public const string AppId = "wx-test-app";
    public const string AppSecret = "wx-test-secret";
    public const string SessionKey = "SESSION-KEY-MUST-NOT-LEAK";

    private readonly ConcurrentDictionary<string, (string OpenId, string? UnionId)> codes = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> scripts = new();
    private readonly ConcurrentDictionary<string, int> used = new();
    private LoopbackServer server = null!;

    public Uri BaseAddress => server.BaseAddress;

    /// <summary>Calls received, per code.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new();

    /// <summary>A delay before every answer (to try the client's timeout).</summary>
    public TimeSpan Delay { get; set; }

    public static async Task<WeChatStub> StartAsync()
    {
        var stub = new WeChatStub();
        stub.server = await LoopbackServer.StartAsync(app => app.MapGet("/sns/jscode2session", stub.AnswerAsync));
        return stub;
    }

    public void AddCode(string code, string openId, string? unionId = null) => codes[code] = (openId, unionId);

    /// <summary>The first calls with <paramref name="code"/> answer these errcodes, in order.</summary>
    public void Script(string code, params int[] errcodes) => scripts[code] = new ConcurrentQueue<int>(errcodes);

    private async Task AnswerAsync(HttpContext context)
    {
        var q = context.Request.Query;
        var code = q["js_code"].ToString();
        Calls.AddOrUpdate(code, 1, (_, n) => n + 1);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
        if (q["appid"] != AppId || q["secret"] != AppSecret || q["grant_type"] != "authorization_code")
        {
            await Error(context, 40013, "invalid appid");
            return;
        }

        if (scripts.TryGetValue(code, out var script) && script.TryDequeue(out var errcode))
        {
            await Error(context, errcode, "scripted");
            return;
        }

        if (!codes.TryGetValue(code, out var identity))
        {
            await Error(context, 40029, "invalid code");
            return;
        }

        if (used.AddOrUpdate(code, 1, (_, n) => n + 1) > 1)
        {
            await Error(context, 40163, "code been used");
            return;
        }

        var body = new Dictionary<string, string> { ["openid"] = identity.OpenId, ["session_key"] = SessionKey };
        if (identity.UnionId is not null) body["unionid"] = identity.UnionId;
        await LoopbackServer.WriteJsonAsync(context, JsonSerializer.Serialize(body), "text/plain");
    }

    private static Task Error(HttpContext context, int errcode, string message) =>
        LoopbackServer.WriteJsonAsync(context, JsonSerializer.Serialize(new { errcode, errmsg = message }), "text/plain");

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
