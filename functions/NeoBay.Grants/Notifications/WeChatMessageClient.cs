using System.Net;
using System.Text;
using System.Text.Json;
using NeoBay.Grants.Auth;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace NeoBay.Grants.Notifications;

/// <summary>
/// WeChat subscribe messages over a real HttpClient: <c>POST {BaseUrl}/cgi-bin/message/subscribe/send?access_token=…</c>, with the
/// access token from <c>GET {BaseUrl}/cgi-bin/token?grant_type=client_credential&amp;appid=…&amp;secret=…</c> cached until
/// <see cref="RefreshMargin"/> before it expires, and fetched again when WeChat calls it invalid or expired (40001, 40014, 42001).
/// Polly retries WeChat's "busy" (-1), 5xx, network faults and timeouts (<see cref="WeChatSettings"/>); what is still failing
/// after them is thrown (<see cref="WeChatUnavailableException"/>). URLs carry the secret and the token, bodies the openid:
/// nothing here logs.
/// </summary>
public sealed class WeChatMessageClient : IWeChatMessages
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private static readonly int[] TokenErrors = [40001, 40014, 42001];
    private const int Busy = -1;

    private readonly HttpClient http;
    private readonly WeChatSettings settings;
    private readonly TimeProvider clock;
    private readonly ResiliencePipeline<int> pipeline;
    private readonly SemaphoreSlim tokenLock = new(1, 1);
    private (string Token, DateTimeOffset RefreshAt)? cached;

    public WeChatMessageClient(HttpClient http, WeChatSettings settings, TimeProvider? clock = null)
    {
        this.http = http;
        this.settings = settings;
        this.clock = clock ?? TimeProvider.System;
        // Pacing of retries and timeouts is wall-clock time: the system clock on purpose (the token's expiry uses the injected clock).
        pipeline = settings.Pipeline(new PredicateBuilder<int>().HandleResult(Busy), TimeProvider.System);
    }

    public async Task<(WeChatSendOutcome Outcome, int ErrCode)> SendAsync(WeChatMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["touser"] = message.ToUser,
            ["template_id"] = message.TemplateId,
            ["page"] = message.Page,
            ["data"] = message.Data.ToDictionary(d => d.Key, d => new Dictionary<string, string> { ["value"] = d.Value }),
            ["lang"] = "zh_CN",
        });
        int errCode;
        try
        {
            errCode = await pipeline.ExecuteAsync(async ct => await SendOnceAsync(body, ct), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            throw new WeChatUnavailableException("WeChat subscribe/send did not answer.", e);
        }

        return errCode switch
        {
            0 => (WeChatSendOutcome.Sent, 0),
            Busy => throw new WeChatUnavailableException("WeChat stayed busy."),
            NotificationSender.NotSubscribedErrCode => (WeChatSendOutcome.NotSubscribed, errCode),
            _ => (WeChatSendOutcome.Refused, errCode),
        };
    }

    /// <summary>One send; a token WeChat refuses is replaced and the send tried once more.</summary>
    private async Task<int> SendOnceAsync(string body, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(null, cancellationToken);
        var errCode = await PostAsync(token, body, cancellationToken);
        if (!TokenErrors.Contains(errCode)) return errCode;
        token = await TokenAsync(token, cancellationToken);
        return await PostAsync(token, body, cancellationToken);
    }

    private async Task<int> PostAsync(string token, string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"{Base}/cgi-bin/message/subscribe/send?access_token={Uri.EscapeDataString(token)}", content, cancellationToken);
        using var document = await ReadAsync(response, cancellationToken);
        return ErrCodeOf(document.RootElement);
    }

    /// <summary>The cached token, or a new one when none is cached, it is due, or it is <paramref name="refused"/>.</summary>
    private async Task<string> TokenAsync(string? refused, CancellationToken cancellationToken)
    {
        await tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (cached is { } c && c.Token != refused && clock.GetUtcNow() < c.RefreshAt) return c.Token;
            var url = $"{Base}/cgi-bin/token?grant_type=client_credential&appid={Uri.EscapeDataString(settings.AppId)}&secret={Uri.EscapeDataString(settings.AppSecret)}";
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            using var document = await ReadAsync(response, cancellationToken);
            var root = document.RootElement;
            if (!root.TryGetProperty("access_token", out var t) || t.GetString() is not { Length: > 0 } token)
                throw new WeChatUnavailableException($"WeChat refused an access token (errcode {ErrCodeOf(root)}).");
            var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromHours(2);
            cached = (token, clock.GetUtcNow() + lifetime - RefreshMargin);
            return token;
        }
        finally
        {
            tokenLock.Release();
        }
    }

    private string Base => settings.BaseUrl.AbsoluteUri.TrimEnd('/');

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.OK) throw new WeChatUnavailableException($"WeChat answered HTTP {(int)response.StatusCode}.");
        try
        {
            var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
            document.Dispose();
        }
        catch (JsonException e)
        {
            throw new WeChatUnavailableException("WeChat answered something that is not JSON.", e);
        }
        throw new WeChatUnavailableException("WeChat answered something that is not a JSON object.");
    }

    private static int ErrCodeOf(JsonElement root) =>
        root.TryGetProperty("errcode", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var value) ? value : 0;
}
