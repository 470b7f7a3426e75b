using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Auth;
using NeoBay.Functions.Http;
using NeoBay.Functions.Tests.Support;

namespace NeoBay.Functions.Tests.Http;

public sealed class ProblemsTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("en", true)]
    [InlineData("en-GB", true)]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", false)]
    [InlineData("en;q=0.9,zh;q=0.8", true)]
    [InlineData("fr", false)]
    [InlineData("*;q=0.5,en;q=0.4", false)]
    public void English_only_when_the_caller_prefers_it(string? header, bool english)
    {
        var request = header is null ? Requests.Make() : Requests.Make(headers: ("Accept-Language", header));

        Assert.Equal(english, Problems.IsEnglish(request));
    }

    [Fact]
    public async Task An_unexpected_exception_of_an_HTTP_function_is_a_500_problem()
    {
        var request = Requests.Make();
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns("GetGrant");
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object> { ["HttpRequestContext"] = request.HttpContext });

        await new ExceptionMiddleware(NullLogger<ExceptionMiddleware>.Instance).Invoke(context.Object, _ => throw new InvalidOperationException("boom"));

        Assert.Equal(500, request.HttpContext.Response.StatusCode);
        Assert.StartsWith("application/problem+json", request.HttpContext.Response.ContentType);
    }
}
