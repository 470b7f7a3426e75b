using NeoBay.Grants.Common;

namespace NeoBay.Grants.Auth;

/// <summary>
/// How the mini-program signs in. <see cref="DevelopmentLogin"/>: codes <c>dev:&lt;name&gt;</c> sign in as <c>wx:dev:&lt;name&gt;</c>
/// without WeChat (only outside production and when no WeChat app is configured). <see cref="TokenLifetime"/>: the app
/// token's lifetime (it must stay within <see cref="AuthSettings.MaxTokenLifetime"/>).
/// </summary>
public sealed record SignInOptions(bool DevelopmentLogin, bool Production)
{
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(2);
}

/// <summary>A signed-in identity's token and its bindings.</summary>
public sealed record SignInResult(string Token, int ExpiresIn, string Subject, IReadOnlyList<BindingRecord> Bindings);

public static class SignInCodes
{
    public const string InvalidCode = "InvalidCode";
    public const string WeChatCodeInvalid = "WeChatCodeInvalid";
    public const string WeChatCodeUsed = "WeChatCodeUsed";
    public const string WeChatRateLimited = "WeChatRateLimited";
    public const string WeChatUserBlocked = "WeChatUserBlocked";
    public const string WeChatBusy = "WeChatBusy";
    public const string WeChatUnavailable = "WeChatUnavailable";
    public const string WeChatError = "WeChatError";
    public const string WeChatNotConfigured = "WeChatNotConfigured";
    public const string DevelopmentLoginRefused = "DevelopmentLoginRefused";
    public const string BindingRequired = "BindingRequired";
}

/// <summary>
/// <c>POST /api/auth/wechat</c>: exchanges the <c>wx.login()</c> code at WeChat (never keeping <c>session_key</c>), and issues the
/// app's own token: subject <c>wx:</c> + unionid (or openid), role applicant, and <c>uscc</c> only for an approved binding — the
/// one approved binding, or the one the caller picks with <c>uscc</c>.
/// </summary>
public sealed class SignInService(IWeChatSessions? wechat, IBindingStore bindings, AuthSettings auth, TokenClock clock, SignInOptions options) : ISignInUseCase
{
    public const string DevelopmentPrefix = "dev:";
    public const int MaxCodeLength = 128;
    public const int MaxDevelopmentNameLength = 64;

    public async Task<Result<SignInResult>> WeChatAsync(string? code, string? uscc, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(code) || code.Length > MaxCodeLength || code.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            return new UseCaseError(ErrorKind.Validation, "InvalidCode.WeChat", "code", [MaxCodeLength]);

        var subject = code.StartsWith(DevelopmentPrefix, StringComparison.Ordinal) && (options.DevelopmentLogin || options.Production)
            ? DevelopmentSubject(code)
            : await WeChatSubjectAsync(code, cancellationToken);
        if (!subject.IsSuccess) return subject.Error!;

        var all = await bindings.ListAsync(subject.Value!, cancellationToken);
        var approved = all.Where(b => b.Status == BindingStatus.Approved).Select(b => b.Uscc).ToList();
        string? chosen = null;
        if (uscc is not null)
        {
            if (!approved.Contains(uscc, StringComparer.Ordinal))
                return new UseCaseError(ErrorKind.Forbidden, "BindingRequired.SignIn", "uscc");
            chosen = uscc;
        }
        else if (approved.Count == 1) chosen = approved[0];

        var token = AppTokens.Create(auth, subject.Value!, Roles.Applicant, chosen, null, options.TokenLifetime, clock.Time);
        return Result<SignInResult>.Ok(new SignInResult(token, (int)options.TokenLifetime.TotalSeconds, subject.Value!, all));
    }

    private Result<string> DevelopmentSubject(string code)
    {
        if (options.Production || !options.DevelopmentLogin)
            return new UseCaseError(ErrorKind.Forbidden, SignInCodes.DevelopmentLoginRefused, "code");
        var name = code[DevelopmentPrefix.Length..];
        if (name.Length is 0 or > MaxDevelopmentNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            return new UseCaseError(ErrorKind.Validation, "InvalidCode.Development", "code", [MaxDevelopmentNameLength]);
        return Result<string>.Ok(Caller.WeChatSubjectPrefix + "dev:" + name);
    }

    private async Task<Result<string>> WeChatSubjectAsync(string code, CancellationToken cancellationToken)
    {
        if (wechat is null)
            return new UseCaseError(ErrorKind.Validation, SignInCodes.WeChatNotConfigured);
        WeChatReply reply;
        try
        {
            reply = await wechat.ExchangeAsync(code, cancellationToken);
        }
        catch (WeChatUnavailableException)
        {
            return Failure(SignInCodes.WeChatUnavailable);
        }

        if (reply.Identity is { } identity) return Result<string>.Ok(identity.Subject);
        return reply.ErrCode switch
        {
            WeChatReply.InvalidCode => Failure(SignInCodes.WeChatCodeInvalid, "code"),
            WeChatReply.CodeUsed => Failure(SignInCodes.WeChatCodeUsed, "code"),
            WeChatReply.RateLimited => Failure(SignInCodes.WeChatRateLimited),
            WeChatReply.HighRiskUser => Failure(SignInCodes.WeChatUserBlocked),
            WeChatReply.Busy => Failure(SignInCodes.WeChatBusy),
            _ => Failure(SignInCodes.WeChatError),
        };
    }

    // The kind is a placeholder: the HTTP edge maps these codes to 400/403/429/502/503 (AuthFunctions.StatusOf).
    private static UseCaseError Failure(string key, string? field = null) => new(ErrorKind.Validation, key, field);
}
