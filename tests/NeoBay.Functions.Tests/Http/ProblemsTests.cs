using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Auth;
using NeoBay.Functions.Http;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Common;
using NeoBay.Policy;

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

    /// <summary>
    /// The whole problem, byte for byte: members in RFC 9457 order, the field error, then the figures as extension members
    /// (numbers keep the decimals they carry: 1,000,000.00 budget, 950,000.50 committed, 49,999.50 available, 60,000.00 asked).
    /// </summary>
    [Fact]
    public void A_problem_with_figures_is_written_member_for_member()
    {
        var error = new UseCaseError(ErrorKind.Conflict, "BudgetExceeded", "amount", [2027, "A02", "1000000.00", "950000.50", "49999.50", "60000.00"])
        {
            Figures =
            [
                new("fiscalYear", 2027), new("line", "A02"), new("budget", Money.ToYuan(100_000_000)),
                new("committed", Money.ToYuan(95_000_050)), new("available", Money.ToYuan(4_999_950)), new("requested", Money.ToYuan(6_000_000)),
            ],
        };

        var body = Problems.From(error, Requests.Make(headers: ("Accept-Language", "en"))).Body;

        Assert.Equal(
            """{"type":"urn:neobay:problem:BudgetExceeded","title":"Conflict","status":409,"detail":"Fiscal 2027 budget line A02 is short: budget 1000000.00, committed 950000.50, available 49999.50, this needs 60000.00 yuan.","code":"BudgetExceeded","errors":[{"field":"amount","code":"BudgetExceeded","message":"Fiscal 2027 budget line A02 is short: budget 1000000.00, committed 950000.50, available 49999.50, this needs 60000.00 yuan."}],"fiscalYear":2027,"line":"A02","budget":1000000.00,"committed":950000.50,"available":49999.50,"requested":60000.00}""",
            body);
    }
}
