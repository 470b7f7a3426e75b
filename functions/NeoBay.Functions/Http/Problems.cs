using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using NeoBay.Grants.UseCases;
using NeoBay.Policy;

namespace NeoBay.Functions.Http;

/// <summary>One field at fault in a problem: its JSON path, a stable code, and a message.</summary>
public sealed record FieldError(string Field, string Code, string Message);

/// <summary>
/// RFC 9457 problem details: <c>{type, title, status, detail, code, errors:[{field, code, message}]}</c>,
/// <c>application/problem+json</c>; messages in zh-CN unless the caller asks for English (<c>Accept-Language: en</c>).
/// </summary>
public static class Problems
{
    public const string TypePrefix = "urn:neobay:problem:";

    public static ApiResult Create(int status, string code, string messageZh, string messageEn, bool english, IReadOnlyList<FieldError>? errors = null,
        IReadOnlyList<KeyValuePair<string, object>>? figures = null) =>
        ApiResult.Of(status, w =>
        {
            w.WriteStartObject();
            w.WriteString("type", TypePrefix + code);
            w.WriteString("title", Title(status, english));
            w.WriteNumber("status", status);
            w.WriteString("detail", english ? messageEn : messageZh);
            w.WriteString("code", code);
            w.WriteStartArray("errors");
            foreach (var error in errors ?? [])
            {
                w.WriteStartObject();
                w.WriteString("field", error.Field);
                w.WriteString("code", error.Code);
                w.WriteString("message", error.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            foreach (var (name, value) in figures ?? [])
            {
                if (value is string text) w.WriteString(name, text);
                else w.WriteNumber(name, Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
            }

            w.WriteEndObject();
        }, ApiResult.ProblemJson);

    public static ApiResult Create(int status, string code, string messageZh, string messageEn, HttpRequest request, string? field = null) =>
        Create(status, code, messageZh, messageEn, IsEnglish(request), field is null ? null : [new FieldError(field, code, IsEnglish(request) ? messageEn : messageZh)]);

    public static ApiResult From(UseCaseError error, HttpRequest request) =>
        Create(StatusOf(error.Kind), error.Code, error.MessageZh, error.MessageEn, IsEnglish(request),
            error.Field is null ? null : [new FieldError(error.Field, error.Code, error.Message(IsEnglish(request)))], error.Figures);

    public static ApiResult From(QuoteError error, HttpRequest request) =>
        Create(StatusCodes.Status400BadRequest, error.Code, error.MessageZh, error.MessageEn, request, error.Field ?? "$");

    /// <summary>The short kind of problem of a status (RFC 9457 <c>title</c>); <c>detail</c> says what happened.</summary>
    public static string Title(int status, bool english) => (status, english) switch
    {
        (400, false) => "请求无效", (400, true) => "Bad request",
        (401, false) => "未认证", (401, true) => "Unauthenticated",
        (403, false) => "无权操作", (403, true) => "Forbidden",
        (404, false) => "未找到", (404, true) => "Not found",
        (408, false) => "请求超时", (408, true) => "Request timeout",
        (409, false) => "状态冲突", (409, true) => "Conflict",
        (412, false) => "前提条件不满足", (412, true) => "Precondition failed",
        (413, false) => "请求体过大", (413, true) => "Payload too large",
        (414, false) => "URL 过长", (414, true) => "URI too long",
        (415, false) => "媒体类型不支持", (415, true) => "Unsupported media type",
        (422, false) => "无法处理", (422, true) => "Unprocessable content",
        (428, false) => "需要前提条件", (428, true) => "Precondition required",
        (429, false) => "请求过多", (429, true) => "Too many requests",
        (431, false) => "请求头过大", (431, true) => "Request header fields too large",
        (503, false) => "服务暂不可用", (503, true) => "Service unavailable",
        (_, false) when status >= 500 => "服务器错误",
        (_, true) when status >= 500 => "Server error",
        (_, false) => "请求错误",
        _ => "Client error",
    };

    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ErrorKind.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
        ErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>English when <c>Accept-Language</c> prefers en over zh; zh-CN by default.</summary>
    public static bool IsEnglish(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(HeaderNames.AcceptLanguage, out var values)) return false;
        if (!StringWithQualityHeaderValue.TryParseList(values, out var languages)) return false;
        double english = -1, chinese = -1;
        foreach (var language in languages)
        {
            var tag = language.Value.Value ?? string.Empty;
            var quality = language.Quality ?? 1.0;
            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase)) english = Math.Max(english, quality);
            else if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase) || tag == "*") chinese = Math.Max(chinese, quality);
        }

        return english > 0 && english > chinese;
    }
}
