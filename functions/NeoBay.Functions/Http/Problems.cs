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

    public static ApiResult Create(int status, string code, string messageZh, string messageEn, bool english, IReadOnlyList<FieldError>? errors = null) =>
        ApiResult.Of(status, w =>
        {
            w.WriteStartObject();
            w.WriteString("type", TypePrefix + code);
            w.WriteString("title", english ? messageEn : messageZh);
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
            w.WriteEndObject();
        }, ApiResult.ProblemJson);

    public static ApiResult Create(int status, string code, string messageZh, string messageEn, HttpRequest request, string? field = null) =>
        Create(status, code, messageZh, messageEn, IsEnglish(request), field is null ? null : [new FieldError(field, code, IsEnglish(request) ? messageEn : messageZh)]);

    public static ApiResult From(UseCaseError error, HttpRequest request) =>
        Create(StatusOf(error.Kind), error.Code, error.MessageZh, error.MessageEn, request, error.Field);

    public static ApiResult From(QuoteError error, HttpRequest request) =>
        Create(StatusCodes.Status400BadRequest, error.Code, error.MessageZh, error.MessageEn, request, error.Field ?? "$");

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
