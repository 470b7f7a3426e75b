using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Functions.Http;
using NeoBay.Functions.Http.Budget;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Evaluation;
using NeoBay.Policy;
using NeoBay.Testing;

namespace NeoBay.Functions.Tests.Budget;

/// <summary><c>PUT/GET /api/admin/budgets/{fiscalYear}</c> and the decision's BudgetExceeded problem, as AddNeoBayFunctionApp wires them, on Azurite.</summary>
public sealed class BudgetsFunctionsTests
{
    private static readonly Caller Admin = Caller.Create("admin-1", [Roles.Admin]);
    private const string UsccA = "91330100799655058B";
    private static readonly string UsccB = "91310000MA1000102" + Uscc.CheckCharacter("91310000MA1000102");

    private static async Task<ServiceProvider> AppAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["NeoBay:Environment"] = "Development",
            ["AzureWebJobsStorage"] = await Azurite.GetConnectionStringAsync(),
            ["NeoBay:Storage:TablePrefix"] = Azurite.UniqueName("bf"),
        };
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero)));
        services.AddSingleton(new DocumentOptions { Container = Azurite.UniqueName("documents") });
        services.AddSingleton<IEvaluationQueue>(new NullQueue());
        services.AddNeoBayFunctionApp(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    private sealed class NullQueue : IEvaluationQueue
    {
        public Task EnqueueAsync(string applicationId, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    /// <summary>An A02.1 application submitted, evaluated (20% × 12,000,000 = 2,400,000.00) and documented; its id.</summary>
    private static async Task<string> EligibleAsync(IServiceProvider sp, string uscc)
    {
        var applicant = Caller.Create("applicant-" + uscc, [Roles.Applicant], uscc);
        var request = new EvaluationRequest("A02.1", default, new Applicant(ApplicantKind.Enterprise, uscc, "企业", true, false), new ProjectRef("P-" + uscc, null),
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(12_000_000m), ["nationalApproval"] = FactValue.Of(true) }, []);
        var submitted = (await sp.GetRequiredService<IApplicationUseCases>().SubmitAsync(applicant, request, null)).Value!;
        await sp.GetRequiredService<IEvaluationUseCase>().EvaluateAsync(submitted.Id);
        await Documents.RequiredDocumentUploads.CompleteRequiredDocumentsAsync(sp, applicant, submitted.Id);
        var evaluated = (await sp.GetRequiredService<IApplicationUseCases>().GetAsync(applicant, submitted.Id)).Value!;
        Assert.True(evaluated.Status == NeoBay.Grants.Applications.ApplicationStatus.Eligible,
            $"{evaluated.Status} {string.Join(",", evaluated.Decision?.Reasons.Select(r => r.Code) ?? [])}");
        return submitted.Id;
    }

    [Fact]
    public async Task An_admin_sets_a_budget_with_its_etag_an_approval_is_counted_and_one_over_it_is_a_409_with_the_figures()
    {
        await using var services = await AppAsync();
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var budgets = sp.GetRequiredService<BudgetsFunctions>();
        var decisions = sp.GetRequiredService<ApplicationsFunctions>();

        var set = (await budgets.PutBudget(Requests.Make("PUT", """{"lines":[{"article":"A02","amount":3000000.00},{"measure":"A05.1","amount":0}]}""", Admin), 2026)).Api();
        Assert.Equal((200, "\"v1\""), (set.StatusCode, set.Headers["ETag"]));
        (await budgets.PutBudget(Requests.Make("PUT", """{"lines":[]}""", Admin), 2026)).Problem(428, "PreconditionRequired");
        (await budgets.PutBudget(Requests.Make("PUT", """{"lines":[]}""", Admin, ("If-Match", "\"v9\"")), 2026)).Problem(412, "PreconditionFailed");
        (await budgets.PutBudget(Requests.Make("PUT", """{"lines":[{"article":"A02","measure":"A02.1","amount":1}]}""", Admin, ("If-Match", "\"v1\"")), 2026))
            .Problem(400, "InvalidBudgetLine");
        (await budgets.PutBudget(Requests.Make("PUT", """{"lines":[{"article":"A02","amount":1.001}]}""", Admin, ("If-Match", "\"v1\"")), 2026)).Problem(400, "InvalidBudgetLine");
        (await budgets.PutBudget(Requests.Make("PUT", """{"lines":[{"article":"A02","amount":1,"extra":1}]}""", Admin, ("If-Match", "\"v1\"")), 2026)).Problem(400, "InvalidBody");
        (await budgets.GetBudget(Requests.Make(caller: Admin), 2040)).Problem(400, "FiscalYearOutOfRange");

        var first = await EligibleAsync(sp, UsccA);
        var second = await EligibleAsync(sp, UsccB);
        var reviewer = Caller.Create("reviewer-1", [Roles.Reviewer]);
        Assert.Equal(200, (await decisions.DecideApplication(Requests.Make("POST", """{"approve":true}""", reviewer, ("If-Match", "\"v3\"")), first)).Api().StatusCode);
        var refused = (await decisions.DecideApplication(Requests.Make("POST", """{"approve":true}""", reviewer, ("If-Match", "\"v3\""), ("Accept-Language", "en")), second))
            .Problem(409, "BudgetExceeded");
        Assert.Equal((2026, "A02", "3000000.00", "2400000.00", "600000.00", "2400000.00"),
            (refused.GetProperty("fiscalYear").GetInt32(), refused.GetProperty("line").GetString(), refused.GetProperty("budget").GetRawText(),
             refused.GetProperty("committed").GetRawText(), refused.GetProperty("available").GetRawText(), refused.GetProperty("requested").GetRawText()));
        Assert.Contains("available 600000.00", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var read = (await budgets.GetBudget(Requests.Make(caller: reviewer), 2026)).Json();
        Assert.Equal(("plannedYear", "\"v1\""), (read.GetProperty("basis").GetString(), read.GetProperty("etag").GetString()));
        var a02 = read.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("article").GetString() == "A02");
        Assert.Equal(("3000000.00", "2400000.00", "2400000.00", "0.00", "600000.00"),
            (a02.GetProperty("budget").GetRawText(), a02.GetProperty("committed").GetRawText(), a02.GetProperty("issued").GetRawText(),
             a02.GetProperty("lapsed").GetRawText(), a02.GetProperty("available").GetRawText()));
        Assert.Equal(JsonValueKindNull, read.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("measure").GetString() == "A05.1").GetProperty("article").ValueKind);
        Assert.Equal(("3000000.00", "2400000.00", "600000.00"),
            (read.GetProperty("total").GetProperty("budget").GetRawText(), read.GetProperty("total").GetProperty("committed").GetRawText(), read.GetProperty("total").GetProperty("available").GetRawText()));

        // Raising the line with the ETag read lets the second approval through.
        var raised = (await budgets.PutBudget(Requests.Make("PUT", """{"lines":[{"article":"A02","amount":4800000.00}]}""", Admin, ("If-Match", "\"v1\"")), 2026)).Json();
        Assert.Equal("\"v2\"", raised.GetProperty("etag").GetString());
        Assert.Equal(200, (await decisions.DecideApplication(Requests.Make("POST", """{"approve":true}""", reviewer, ("If-Match", "\"v3\"")), second)).Api().StatusCode);
        Assert.Equal("0.00", (await budgets.GetBudget(Requests.Make(caller: Admin), 2026)).Json().GetProperty("total").GetProperty("available").GetRawText());

        // The commitments report: two A02.1 grants of 2,400,000.00, paid on approval, in 2026.
        var report = (await budgets.GetCommitmentsReport(Requests.Make("GET", null, reviewer).WithQuery("?from=2024&to=2031"))).Json();
        var row = Assert.Single(report.GetProperty("rows").EnumerateArray());
        Assert.Equal((2026, "A02", "4800000.00", "0.00", "4800000.00", "0.00", "plannedYear"),
            (row.GetProperty("fiscalYear").GetInt32(), row.GetProperty("article").GetString(), row.GetProperty("approved").GetRawText(), row.GetProperty("scheduled").GetRawText(),
             row.GetProperty("issued").GetRawText(), row.GetProperty("lapsed").GetRawText(), report.GetProperty("basis").GetString()));
        var csv = (await budgets.GetCommitmentsReport(Requests.Make("GET", null, reviewer, ("Accept", "text/csv")))).Api();
        Assert.StartsWith("text/csv", csv.ContentType);
        Assert.Equal([0xEF, 0xBB, 0xBF], System.Text.Encoding.UTF8.GetBytes(csv.Body!)[..3]);
        Assert.EndsWith("2026,A02,4800000.00,0.00,4800000.00,0.00\r\n", csv.Body, StringComparison.Ordinal);
        (await budgets.GetCommitmentsReport(Requests.Make("GET", null, reviewer).WithQuery("?from=24"))).Problem(400, "InvalidValue");

        // Applications by measure and outcome: both A02.1 applications approved.
        var outcomes = Assert.Single((await budgets.GetApplicationsReport(Requests.Make(caller: reviewer))).Json().GetProperty("byMeasure").EnumerateArray());
        Assert.Equal(("A02.1", 2, 2, 0), (outcomes.GetProperty("measure").GetString(), outcomes.GetProperty("total").GetInt32(),
            outcomes.GetProperty("outcomes").GetProperty("approved").GetInt32(), outcomes.GetProperty("outcomes").GetProperty("rejected").GetInt32()));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}

internal static class QueryExtensions
{
    public static Microsoft.AspNetCore.Http.HttpRequest WithQuery(this Microsoft.AspNetCore.Http.HttpRequest request, string query)
    {
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
        return request;
    }
}
