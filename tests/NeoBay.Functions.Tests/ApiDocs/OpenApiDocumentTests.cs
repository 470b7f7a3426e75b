using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using NeoBay.Functions.ApiDocs;
using NeoBay.Functions.Auth;

namespace NeoBay.Functions.Tests.ApiDocs;

/// <summary>The served OpenAPI document against the Function App itself: every HTTP function's route × method, its roles, its problems.</summary>
public sealed partial class OpenApiDocumentTests
{
    private static readonly JsonObject Document = JsonNode.Parse(ApiDocsFunctions.OpenApiDocument)!.AsObject();

    private sealed record HttpFunction(string Name, string Method, string Path, MethodInfo Member);

    /// <summary>Every <c>[Function]</c> with an <c>[HttpTrigger]</c> in NeoBay.Functions: one entry per method, the route normalised
    /// as OpenAPI writes it (<c>{n:int}</c> → <c>{n}</c>, <c>{*path}</c> → <c>{path}</c>, a leading '/').</summary>
    private static List<HttpFunction> HttpFunctions() =>
        [.. typeof(FunctionApp).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>()
                .SelectMany(trigger => trigger.Methods!.Select(method =>
                    new HttpFunction(m.GetCustomAttribute<FunctionAttribute>()!.Name, method.ToLowerInvariant(), "/" + RouteParameter().Replace(trigger.Route!, "{$1}"), m))))];

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations() =>
        Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (p.Key, o.Key, o.Value!.AsObject())));

    [Fact]
    public void Every_http_function_route_and_method_is_in_the_document_and_nothing_else()
    {
        var functions = HttpFunctions();
        Assert.True(functions.Count >= 59, $"only {functions.Count} HTTP function methods found by reflection");
        var fromCode = functions.Select(f => $"{f.Method.ToUpperInvariant()} {f.Path}").Order().ToList();
        var fromDocument = Operations().Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}").Order().ToList();
        Assert.Equal(fromCode, fromDocument);
        Assert.Contains("GET /grants/{id}/stages/{n}/accept".Replace("GET", "POST"), fromDocument);
        Assert.Contains("GET /console/{path}", fromDocument);
    }

    [Fact]
    public void The_document_is_openapi_3_1_with_unique_operation_ids_and_resolvable_references()
    {
        Assert.StartsWith("3.1.", Document["openapi"]!.GetValue<string>());
        var ids = Operations().Select(o => o.Operation["operationId"]!.GetValue<string>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var text = Document.ToJsonString();
        foreach (Match reference in Regex.Matches(text, "\"\\$ref\":\"#/([^\"]+)\""))
        {
            JsonNode? node = Document;
            foreach (var segment in reference.Groups[1].Value.Split('/')) node = node?[segment.Replace("~1", "/").Replace("~0", "~")];
            Assert.True(node is not null, $"unresolved $ref #/{reference.Groups[1].Value}");
        }
    }

    [Fact]
    public void Each_operation_states_the_roles_of_its_RequireRoles_and_its_security()
    {
        foreach (var function in HttpFunctions())
        {
            var operation = Document["paths"]![function.Path]![function.Method]!.AsObject();
            var roles = function.Member.GetCustomAttribute<RequireRolesAttribute>()?.Roles ?? [];
            var documented = operation["x-roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
            Assert.True(roles.Order().SequenceEqual(documented.Order()), $"{function.Name}: x-roles [{string.Join(", ", documented)}], code [{string.Join(", ", roles)}]");
            var security = operation["security"]!.AsArray();
            var trigger = function.Member.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().Single();
            if (trigger.AuthLevel == AuthorizationLevel.Function)
            {
                Assert.Equal(["functionKeyHeader", "functionKeyQuery"], security.Select(s => s!.AsObject().Single().Key));
            }
            else if (roles.Count > 0)
            {
                Assert.Equal("bearer", Assert.Single(security)!.AsObject().Single().Key);
                foreach (var role in roles) Assert.Contains(role, operation["description"]!.GetValue<string>());
                Assert.Equal(["Forbidden"], operation["responses"]!["403"]!["x-problem-codes"]!.AsArray().Select(c => c!.GetValue<string>()).Where(c => c == "Forbidden"));
                Assert.Contains("Unauthenticated", operation["responses"]!["401"]!["x-problem-codes"]!.AsArray().Select(c => c!.GetValue<string>()));
            }
            else
            {
                Assert.NotNull(function.Member.GetCustomAttribute<AllowAnonymousAttribute>());
                Assert.DoesNotContain(security, s => s!.AsObject().Count > 0 && s.AsObject().Single().Key != "bearer");
                Assert.Null(operation["responses"]!["403"]?["x-problem-codes"]?.AsArray().FirstOrDefault(c => c!.GetValue<string>() == "Forbidden"));
            }
        }
    }

    [Fact]
    public void Every_error_response_is_problem_json_listing_its_codes()
    {
        foreach (var (path, method, operation) in Operations())
        {
            foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => int.Parse(r.Key) >= 400))
            {
                var codes = response!["x-problem-codes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
                Assert.NotEmpty(codes);
                var schema = response["content"]!["application/problem+json"]!["schema"]!;
                Assert.Equal("#/components/schemas/Problem", schema["$ref"]!.GetValue<string>());
                foreach (var code in codes) Assert.Contains($"`{code}`", response["description"]!.GetValue<string>());
                Assert.True(status != "500" || codes.SequenceEqual(["InternalError"]), $"{method} {path}: 500 carries {string.Join(", ", codes)}");
            }
        }
    }

    /// <summary>Keys of the message catalog that are texts, not problems: engine reasons and trace steps, titles, list
    /// separators, WeChat phrases, and a document's generic reject reason (<c>DocumentReasons.MessageKey</c>).</summary>
    private static readonly string[] TextOnlyCodes = ["List", "Reason", "Title", "Trace", "WeChatMessage", "VerificationFailed"];

    [Fact]
    public void Every_problem_code_of_the_message_catalog_is_listed_on_an_operation_or_among_the_hosts_own()
    {
        var listed = Operations().SelectMany(o => o.Operation["responses"]!.AsObject())
            .SelectMany(r => r.Value!["x-problem-codes"]?.AsArray() ?? [])
            .Concat(Document["x-host-problem-codes"]!.AsArray())
            .Select(c => c!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var unlisted = NeoBay.Messages.MessageCatalog.Keys.Select(NeoBay.Messages.MessageCatalog.CodeOf).Distinct()
            .Where(code => !TextOnlyCodes.Contains(code) && !listed.Contains(code)).Order(StringComparer.Ordinal).ToList();
        Assert.True(unlisted.Count == 0, "codes no operation lists: " + string.Join(", ", unlisted));
    }

    [GeneratedRegex(@"\{\*?(\w+)(?::\w+)?\}")]
    private static partial Regex RouteParameter();
}
