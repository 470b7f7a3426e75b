using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NeoBay.Functions.Http;
using NeoBay.Grants.Common;

namespace NeoBay.Functions.Tests.Support;

public static class Requests
{
    public const string UsccA = "91330100799655058B";
    public const string UsccB = "91310000MA1FL0000X";

    public static Caller ApplicantA { get; } = Caller.Create("applicant-a", [Roles.Applicant], UsccA);
    public static Caller Reviewer { get; } = Caller.Create("reviewer-1", [Roles.Reviewer]);

    public static HttpRequest Make(string method = "GET", string? body = null, Caller? caller = null, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Response.Body = new MemoryStream();
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        foreach (var (name, value) in headers) context.Request.Headers[name] = value;
        if (caller is not null) context.Items[Caller.ItemKey] = caller;
        return context.Request;
    }

    public static string A021Body(string uscc = UsccA, string extra = "") =>
        $$"""
        { "measure": "A02.1",
          "applicant": { "kind": "enterprise", "uscc": "{{uscc}}", "name": "测试企业", "inZone": true, "isSme": false },
          "project": { "key": "P-1", "name": "量子" },
          "facts": { "totalInvestment": 12000000, "nationalApproval": true }{{extra}} }
        """;

    public static ApiResult Api(this IActionResult result) => Assert.IsType<ApiResult>(result);

    public static JsonElement Json(this IActionResult result) => result.Api().JsonBody();

    /// <summary>Asserts a problem+json answer and returns its body.</summary>
    public static JsonElement Problem(this IActionResult result, int status, string code)
    {
        var api = result.Api();
        Assert.Equal(status, api.StatusCode);
        Assert.StartsWith("application/problem+json", api.ContentType);
        var body = api.JsonBody();
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        return body;
    }
}
