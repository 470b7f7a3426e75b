using System.Net;
using System.Text.Json;
using NeoBay.Grants.Common;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace NeoBay.Grants.Auth;

/// <summary>
/// Settings <c>NeoBay:WeChat:BaseUrl</c> (default <see cref="DefaultBaseUrl"/>), <c>:AppId</c>, <c>:AppSecret</c> (a Key Vault
/// reference on Azure). Retry of WeChat's "busy" (<c>errcode -1</c>): <see cref="MaxRetries"/> more tries, exponential from
/// <see cref="RetryDelay"/>; each try ends after <see cref="AttemptTimeout"/>, the whole exchange after <see cref="TotalTimeout"/>.
/// </summary>
public sealed record WeChatSettings(Uri BaseUrl, string AppId, string AppSecret)
{
    public const string DefaultBaseUrl = "https://api.weixin.qq.com";

    public int MaxRetries { get; init; } = 2;
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>The pipeline of every WeChat call: a total timeout, retries of <paramref name="handle"/> (plus faults and timeouts), a timeout per try.</summary>
    public ResiliencePipeline<T> Pipeline<T>(PredicateBuilder<T> handle, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return new ResiliencePipelineBuilder<T> { TimeProvider = timeProvider }
            .AddTimeout(TotalTimeout)
            .AddRetry(new RetryStrategyOptions<T>
            {
                ShouldHandle = handle.Handle<HttpRequestException>().Handle<TimeoutRejectedException>().Handle<WeChatUnavailableException>(),
                MaxRetryAttempts = MaxRetries,
                Delay = RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .AddTimeout(AttemptTimeout)
            .Build();
    }
}

/// <summary>The WeChat identity behind a login code. <c>session_key</c> is never read into it.</summary>
public sealed record WeChatIdentity(string OpenId, string? UnionId)
{
    /// <summary>The signed-in subject: <c>wx:</c> and the union id, or the open id when the app has no union id.</summary>
    public string Subject => Caller.WeChatSubjectPrefix + (UnionId ?? OpenId);
}

/// <summary>What <c>jscode2session</c> answered: an identity, or WeChat's <c>errcode</c>.</summary>
public sealed record WeChatReply(WeChatIdentity? Identity, int ErrCode)
{
    public const int Busy = -1;
    public const int InvalidCode = 40029;
    public const int CodeUsed = 40163;
    public const int RateLimited = 45011;
    public const int HighRiskUser = 40226;
}

/// <summary>WeChat did not answer usefully in time (network, timeout, 5xx, not JSON): the caller may retry later.</summary>
public sealed class WeChatUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The port: exchange a <c>wx.login()</c> code for the identity.</summary>
public interface IWeChatSessions
{
    Task<WeChatReply> ExchangeAsync(string code, CancellationToken cancellationToken = default);
}

/// <summary>
/// <c>GET {BaseUrl}/sns/jscode2session?appid&amp;secret&amp;js_code&amp;grant_type=authorization_code</c> over a real HttpClient, with a
/// Polly retry on busy and timeouts. The URL carries the app secret: it is never logged (this client has no logging handler).
/// </summary>
public sealed class WeChatSessionClient : IWeChatSessions
{
    private readonly HttpClient http;
    private readonly WeChatSettings settings;
    private readonly ResiliencePipeline<WeChatReply> pipeline;

    public WeChatSessionClient(HttpClient http, WeChatSettings settings, TimeProvider? timeProvider = null)
    {
        this.http = http;
        this.settings = settings;
        pipeline = settings.Pipeline(new PredicateBuilder<WeChatReply>().HandleResult(r => r.ErrCode == WeChatReply.Busy), timeProvider ?? TimeProvider.System);
    }

    public async Task<WeChatReply> ExchangeAsync(string code, CancellationToken cancellationToken = default)
    {
        try
        {
            return await pipeline.ExecuteAsync(async ct => await ExchangeOnceAsync(code, ct), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            throw new WeChatUnavailableException("WeChat jscode2session did not answer.", e);
        }
    }

    private async Task<WeChatReply> ExchangeOnceAsync(string code, CancellationToken cancellationToken)
    {
        var url = $"{settings.BaseUrl.AbsoluteUri.TrimEnd('/')}/sns/jscode2session?appid={Uri.EscapeDataString(settings.AppId)}" +
                  $"&secret={Uri.EscapeDataString(settings.AppSecret)}&js_code={Uri.EscapeDataString(code)}&grant_type=authorization_code";
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK) throw new WeChatUnavailableException($"WeChat answered HTTP {(int)response.StatusCode}.");
        // WeChat labels this JSON text/plain: parse the body whatever its content type.
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw new WeChatUnavailableException("WeChat answered something that is not JSON.", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new WeChatUnavailableException("WeChat answered something that is not a JSON object.");
            var errCode = root.TryGetProperty("errcode", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var value) ? value : 0;
            var openId = Text(root, "openid");
            if (errCode != 0 || openId is null) return new WeChatReply(null, errCode == 0 ? int.MinValue : errCode);
            return new WeChatReply(new WeChatIdentity(openId, Text(root, "unionid")), 0);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
