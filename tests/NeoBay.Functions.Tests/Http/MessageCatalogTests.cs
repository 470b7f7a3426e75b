using System.Reflection;
using System.Text.RegularExpressions;
using NeoBay.Functions.Http;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Documents;
using NeoBay.Messages;
using NeoBay.Policy;
using NeoBay.Testing;
using NeoBay.Contracts.Quotes;

namespace NeoBay.Functions.Tests.Http;

/// <summary>functions/NeoBay.Messages: both languages of every message, no dead key, no code without a message.</summary>
public sealed partial class MessageCatalogTests
{
    [Fact]
    public void Every_key_has_both_languages_non_empty_with_the_same_placeholders()
    {
        Assert.True(MessageCatalog.Keys.Count > 250, $"only {MessageCatalog.Keys.Count} keys");
        Assert.Equal(MessageCatalog.Keys.Order(StringComparer.Ordinal), MessageCatalog.ChineseKeys.Order(StringComparer.Ordinal));
        foreach (var key in MessageCatalog.Keys)
        {
            var en = MessageCatalog.Text(key, english: true);
            var zh = MessageCatalog.Text(key, english: false);
            Assert.False(string.IsNullOrWhiteSpace(en), key);
            Assert.False(string.IsNullOrWhiteSpace(zh), key);
            Assert.True(Placeholders(en).SetEquals(Placeholders(zh)), $"{key}: '{en}' and '{zh}' differ in placeholders");
            if (!key.StartsWith("List.", StringComparison.Ordinal)) Assert.NotEqual(en, zh);
        }
    }

    [Fact]
    public void Every_key_is_used_in_the_code()
    {
        var sources = Sources();
        var dead = MessageCatalog.Keys.Where(key => !sources.Contains('"' + key + '"', StringComparison.Ordinal)).ToList();
        Assert.Empty(dead);
    }

    [Fact]
    public void Every_key_the_code_names_is_in_the_catalog()
    {
        var named = KeyArgument().Matches(Sources()).Select(m => m.Groups["key"].Value).Distinct().ToList();
        Assert.True(named.Count > 200, $"only {named.Count} keys found in the code");
        Assert.Empty(named.Except(MessageCatalog.Keys, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_problem_code_constant_has_a_message()
    {
        string[] codes =
        [
            .. Constants(typeof(ErrorCodes)), .. Constants(typeof(SignInCodes)), .. Constants(typeof(QuoteError)),
            .. Constants(typeof(DocumentReasons)), .. Constants(typeof(NeoBay.Grants.Offers.OfferCodes)), TextRules.InvalidTextCode, TextRules.TextTooLongCode,
        ];
        Assert.Contains("PreconditionFailed", codes);
        var missing = codes.Where(code => !MessageCatalog.Keys.Any(key => key == code || key.StartsWith(code + ".", StringComparison.Ordinal))).ToList();
        Assert.Empty(missing);
        Assert.All(Reasons.AllCodes, code => Assert.Contains(MessageCatalog.Keys, key => key.StartsWith("Reason." + code, StringComparison.Ordinal)));
    }

    [Fact]
    public void No_chinese_message_literal_is_left_in_the_code()
    {
        // Allowed: comments, the CSV headers of the commitment and service-days reports, and the CLI's place name.
        var literals = Directory.EnumerateFiles(Path.Combine(Azurite.RepositoryRoot(), "functions"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines)
            .Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal) && ChineseLiteral().IsMatch(line))
            .ToList();
        Assert.Equal(3, literals.Count);
    }

    [Theory]
    [InlineData(null, "请求无效", "请求体为空，须为 JSON。")]
    [InlineData("en", "Bad request", "The request body is empty; JSON is expected.")]
    public async Task An_empty_body_answers_the_same_text_as_before(string? language, string title, string detail)
    {
        var request = language is null ? Requests.Make("POST") : Requests.Make("POST", headers: ("Accept-Language", language));
        request.ContentType = "application/json";

        var (_, problem) = await RequestBody.ReadJsonAsync(request, BodySize.Small);

        var body = problem!.Problem(400, "EmptyBody");
        Assert.Equal(title, body.GetProperty("title").GetString());
        Assert.Equal(detail, body.GetProperty("detail").GetString());
        Assert.Equal(detail, body.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(null, "请求体过大", "请求体超过 16 KiB。")]
    [InlineData("en", "Payload too large", "The request body is over 16 KiB.")]
    public void A_message_with_a_figure_fills_its_placeholder(string? language, string title, string detail)
    {
        var request = language is null ? Requests.Make("POST") : Requests.Make("POST", headers: ("Accept-Language", language));

        var body = Problems.Create(413, "BodyTooLarge", request, "$", BodySize.Small / 1024).Problem(413, "BodyTooLarge");

        Assert.Equal(title, body.GetProperty("title").GetString());
        Assert.Equal(detail, body.GetProperty("detail").GetString());
    }

    [Fact]
    public void A_variant_key_answers_its_code_and_a_list_joins_per_language()
    {
        var error = new UseCaseError(ErrorKind.Validation, "InvalidRole", "role", [MessageCatalog.List(["a", "b"])]);

        Assert.Equal("InvalidRole", error.Code);
        Assert.Equal("role must be one of a, b.", error.MessageEn);
        Assert.Equal("role 须为 a、b 之一。", error.MessageZh);
        Assert.Equal("InvalidValue", new UseCaseError(ErrorKind.Validation, "InvalidValue.NewestFirst").Code);
    }

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value)];

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);

    private static string Sources() => string.Join('\n',
        Directory.EnumerateFiles(Path.Combine(Azurite.RepositoryRoot(), "functions"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));

    [GeneratedRegex(@"\{(\d+)(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("\"[^\"]*[\u4e00-\u9fff]")]
    private static partial Regex ChineseLiteral();

    /// <summary>The key argument of the calls that take one (a literal; constants are checked by reflection).</summary>
    [GeneratedRegex(@"(?:Problems\.Create\([^,()]+,|UseCaseError\(ErrorKind\.\w+,|new\(ErrorKind\.\w+,|UseCaseError\.NotFound\(|(?<![\w.])Failure\(|AuthFailure\(|Invalid\(\w+,|Of\(\w+Code,|TraceDetail\.Of\(|WriteAsync\(\w+, [^,]+,|MessageCatalog\.(?:Text|Format)\()\s*""(?<key>[A-Za-z0-9.]+)""")]
    private static partial Regex KeyArgument();
}
