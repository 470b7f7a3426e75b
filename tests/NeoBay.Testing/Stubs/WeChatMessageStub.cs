using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NeoBay.Testing.Stubs;

/// <summary>
/// WeChat's <c>GET /cgi-bin/token</c> and <c>POST /cgi-bin/message/subscribe/send</c> on loopback: a token is issued per call
/// (<c>TOKEN-1</c>, <c>TOKEN-2</c>…, valid <see cref="ExpiresIn"/> seconds) for the right appid/secret; a send with a token that is
/// not the latest (or one <see cref="Expire"/>d) answers 40001; scripted answers (<see cref="Script"/>: an HTTP status 500–599
/// or an errcode) come first. Answers carry <c>text/plain</c>, as WeChat's do.
/// </summary>
public sealed class WeChatMessageStub : IAsyncDisposable
{
    public const string AppId = WeChatStub.AppId;
    public const string AppSecret = WeChatStub.AppSecret;

    private readonly ConcurrentQueue<int> script = new();
    private LoopbackServer server = null!;
    private int tokens;
    private volatile string? valid;

    public Uri BaseAddress => server.BaseAddress;
    public int ExpiresIn { get; set; } = 7200;
    public int TokenCalls => Volatile.Read(ref tokens);
    public int SendCalls => Sends.Count;

    /// <summary>Every send received: the access token used and the body.</summary>
    public ConcurrentQueue<(string Token, JsonElement Body)> Sends { get; } = new();

    public static async Task<WeChatMessageStub> StartAsync()
    {
        var stub = new WeChatMessageStub();
        stub.server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/cgi-bin/token", stub.TokenAsync);
            app.MapPost("/cgi-bin/message/subscribe/send", stub.SendAsync);
        });
        return stub;
    }

    /// <summary>The next sends answer these, in order: a value 500–599 is that HTTP status, any other an errcode.</summary>
    public void Script(params int[] answers)
    {
        foreach (var a in answers) script.Enqueue(a);
    }

    /// <summary>WeChat forgets the current token (as when it expires or another server fetched a new one).</summary>
    public void Expire() => valid = null;

    private Task TokenAsync(HttpContext context)
    {
        var q = context.Request.Query;
        if (q["grant_type"] != "client_credential" || q["appid"] != AppId || q["secret"] != AppSecret)
            return Json(context, new { errcode = 40013, errmsg = "invalid appid" });
        var token = "TOKEN-" + Interlocked.Increment(ref tokens);
        valid = token;
        return Json(context, new { access_token = token, expires_in = ExpiresIn });
    }

    private async Task SendAsync(HttpContext context)
    {
        var token = context.Request.Query["access_token"].ToString();
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        Sends.Enqueue((token, body.RootElement.Clone()));
        if (script.TryDequeue(out var answer))
        {
            if (answer is >= 500 and < 600)
            {
                context.Response.StatusCode = answer;
                return;
            }
            await Json(context, new { errcode = answer, errmsg = "scripted" });
            return;
        }
        await Json(context, token == valid ? new { errcode = 0, errmsg = "ok" } : new { errcode = 40001, errmsg = "invalid credential" });
    }

    private static Task Json(HttpContext context, object body) => LoopbackServer.WriteJsonAsync(context, JsonSerializer.Serialize(body), "text/plain");

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
