using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Http.Budget;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Budget;
using NeoBay.Grants.Common;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class BudgetsFunctionsTests
{
    private readonly Mock<IBudgetUseCases> budgets = new(MockBehavior.Strict);
    private readonly Mock<IApplicationsReportUseCase> report = new(MockBehavior.Strict);

    private BudgetsFunctions Functions() => new(budgets.Object, report.Object, NullLogger<BudgetsFunctions>.Instance);

    private static Microsoft.AspNetCore.Http.HttpRequest Get(string query) => Triggers.Query(Requests.Reviewer, query);

    /// <summary>A02: 10,000,000.00 budgeted, 2,400,000.00 committed → 7,600,000.00 available; version 2.</summary>
    private static BudgetReport Report()
    {
        var line = new BudgetFigures("A02", 1_000_000_000, 240_000_000, 0, 0, 760_000_000);
        return new BudgetReport(2027, 2, [line], [], line with { Line = "total" });
    }

    [Fact]
    public async Task Setting_a_budget_passes_the_lines_in_fen_and_If_Match_and_answers_the_report_with_its_ETag()
    {
        budgets.Setup(b => b.SetAsync("admin-1", 2027, "\"v1\"", It.IsAny<IReadOnlyList<BudgetLine>>(), It.IsAny<CancellationToken>())).ReturnsAsync(Result<BudgetReport>.Ok(Report()));

        var result = (await Functions().PutBudget(Requests.Make("PUT", """{"lines": [{"article": "A02", "amount": 10000000.00}, {"measure": "A09.4", "amount": 0.01}]}""",
            Triggers.Admin, ("If-Match", "\"v1\"")), 2027)).Api();

        Assert.Equal((200, "\"v2\""), (result.StatusCode, result.Headers["ETag"]));
        Assert.Equal("7600000.00", result.JsonBody().GetProperty("lines")[0].GetProperty("available").GetRawText());
        budgets.Verify(b => b.SetAsync("admin-1", 2027, "\"v1\"", It.Is<IReadOnlyList<BudgetLine>>(l =>
            l.SequenceEqual(new[] { new BudgetLine("A02", 1_000_000_000), new BudgetLine("A09.4", 1) })), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_line_naming_both_article_and_measure_is_400_and_a_stale_version_is_412()
    {
        (await Functions().PutBudget(Requests.Make("PUT", """{"lines": [{"article": "A02", "measure": "A02.1", "amount": 1}]}""", Triggers.Admin), 2027)).Problem(400, "InvalidBudgetLine");
        budgets.Setup(b => b.SetAsync("admin-1", 2027, "\"v0\"", It.IsAny<IReadOnlyList<BudgetLine>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<BudgetReport>.Fail(new UseCaseError(ErrorKind.PreconditionFailed, "PreconditionFailed.Budget", "If-Match")));

        (await Functions().PutBudget(Requests.Make("PUT", """{"lines": []}""", Triggers.Admin, ("If-Match", "\"v0\"")), 2027)).Problem(412, "PreconditionFailed");
    }

    [Fact]
    public async Task Reading_a_budget_answers_its_figures_and_ETag()
    {
        budgets.Setup(b => b.ReportAsync(2027, It.IsAny<CancellationToken>())).ReturnsAsync(Result<BudgetReport>.Ok(Report()));

        var result = (await Functions().GetBudget(Requests.Make(caller: Requests.Reviewer), 2027)).Api();

        Assert.Equal(("\"v2\"", "2400000.00"), (result.Headers["ETag"], result.JsonBody().GetProperty("total").GetProperty("committed").GetRawText()));
    }

    [Fact]
    public async Task The_commitments_report_defaults_to_the_funds_years_and_answers_CSV_on_request()
    {
        budgets.Setup(b => b.Options).Returns(new BudgetOptions(2024, 2031));
        budgets.Setup(b => b.CommitmentsAsync(2024, 2031, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<IReadOnlyList<CommitmentRow>>.Ok([new CommitmentRow(2026, "A02", 240_000_000, 0, 240_000_000, 0)]));
        budgets.Setup(b => b.CommitmentsAsync(2026, 2026, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<IReadOnlyList<CommitmentRow>>.Ok([]));

        var json = (await Functions().GetCommitmentsReport(Get(""))).Json();
        var csv = (await Functions().GetCommitmentsReport(Get("?from=2026&to=2026&format=csv"))).Api();

        Assert.Equal((2024, 2031, "2400000.00"), (json.GetProperty("from").GetInt32(), json.GetProperty("to").GetInt32(), json.GetProperty("rows")[0].GetProperty("approved").GetRawText()));
        Assert.Equal("attachment; filename=\"commitments-2026-2026.csv\"", csv.Headers["Content-Disposition"]);
        Assert.StartsWith("text/csv", csv.ContentType);
    }

    [Fact]
    public async Task A_year_that_is_not_four_digits_is_400_before_the_use_case()
    {
        budgets.Setup(b => b.Options).Returns(new BudgetOptions(2024, 2031));

        (await Functions().GetCommitmentsReport(Get("?from=26"))).Problem(400, "InvalidValue");
        budgets.Verify(b => b.CommitmentsAsync(It.IsAny<int>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_applications_report_counts_every_status_of_each_measure()
    {
        var byStatus = Enum.GetValues<ApplicationStatus>().ToDictionary(s => s, s => s == ApplicationStatus.Approved ? 2 : 0);
        report.Setup(r => r.ReportAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ApplicationsReport([new MeasureOutcomes("A02.1", 2, byStatus)], ServiceDays.Report([])));

        var body = (await Functions().GetApplicationsReport(Get(""))).Json();

        var row = body.GetProperty("byMeasure")[0];
        Assert.Equal(("A02.1", 2, 2), (row.GetProperty("measure").GetString(), row.GetProperty("total").GetInt32(), row.GetProperty("outcomes").GetProperty("approved").GetInt32()));
        Assert.Equal(0, body.GetProperty("serviceDays").GetProperty("overall").GetProperty("decision").GetProperty("count").GetInt32());
    }
}
