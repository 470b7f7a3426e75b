using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using NeoBay.Grants.Common;
using NeoBay.Messages;
using NeoBay.Policy;
using NeoBay.Contracts.Problems;
using NeoBay.Contracts.Quotes;

namespace NeoBay.Functions.Http;

/// <summary>
/// RFC 9457 problem details: <c>{type, title, status, detail, code, errors:[{field, code, message}]}</c>,
/// <c>application/problem+json</c>; messages in zh-CN unless the caller asks for English (<c>Accept-Language: en</c>).
/// </summary>
public static class Problems
{
    public const string TypePrefix = "urn:neobay:problem:";

    /// <summary>
    /// The problem of catalog message <paramref name="key"/> (functions/NeoBay.Messages): its code is the key's code
    /// (<c>InvalidValue.Sort</c> → <c>InvalidValue</c>), <paramref name="args"/> fill its <c>{0}</c> placeholders.
    /// A new message is one line in Messages.resx and one in Messages.zh-CN.resx, never a literal here.
    /// </summary>
    public static ApiResult Create(int status, string key, HttpRequest request, string? field = null, params object?[] args)
    {
        var english = IsEnglish(request);
        var code = MessageCatalog.CodeOf(key);
        var message = MessageCatalog.Format(key, english, args);
        return Write(status, code, message, english, field is null ? null : [new FieldErrorResponse(field, code, message)]);
    }

    public static ApiResult From(UseCaseError error, HttpRequest request) => From(error, request, StatusOf(error.Kind));

    /// <summary>A use case's refusal answered with <paramref name="status"/> (sign-in maps some codes to 429/502/503).</summary>
    public static ApiResult From(UseCaseError error, HttpRequest request, int status)
    {
        var english = IsEnglish(request);
        var message = error.Message(english);
        return Write(status, error.Code, message, english,
            error.Field is null ? null : [new FieldErrorResponse(error.Field, error.Code, message)], error.Figures);
    }

    public static ApiResult From(QuoteError error, HttpRequest request)
    {
        var english = IsEnglish(request);
        var message = error.Message(english);
        return Write(StatusCodes.Status400BadRequest, error.Code, message, english, [new FieldErrorResponse(error.Field ?? "$", error.Code, message)]);
    }

    private static ApiResult Write(int status, string code, string detail, bool english, IReadOnlyList<FieldErrorResponse>? errors = null,
        IReadOnlyList<KeyValuePair<string, object>>? figures = null)
    {
        var problem = new ProblemResponse
        {
            Type = TypePrefix + code, Title = Title(status, english), Status = status, Detail = detail, Code = code, Errors = errors ?? [],
            Figures = figures?.ToDictionary(f => f.Key, f => f.Value is string ? f.Value : Convert.ToDecimal(f.Value, CultureInfo.InvariantCulture)),
        };
        return ApiResult.Of(status, problem, ProblemJsonContext.Default.ProblemResponse, ApiResult.ProblemJson);
    }

    /// <summary>The short kind of problem of a status (RFC 9457 <c>title</c>); <c>detail</c> says what happened.</summary>
    public static string Title(int status, bool english) => MessageCatalog.Text(status switch
    {
        400 => "Title.400", 401 => "Title.401", 403 => "Title.403", 404 => "Title.404", 408 => "Title.408",
        409 => "Title.409", 412 => "Title.412", 413 => "Title.413", 414 => "Title.414", 415 => "Title.415",
        422 => "Title.422", 428 => "Title.428", 429 => "Title.429", 431 => "Title.431", 503 => "Title.503",
        >= 500 => "Title.ServerError",
        _ => "Title.ClientError",
    }, english);

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
