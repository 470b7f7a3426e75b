using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NeoBay.Functions.Http;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Policy;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class ApplicationsFunctionsTests
{
    private static readonly Lazy<PolicyCatalog> Catalog = new(PolicyCatalog.LoadEmbedded);
    private readonly Mock<IApplicationUseCases> applications = new(MockBehavior.Strict);
    private readonly Mock<IReviewUseCases> reviews = new(MockBehavior.Strict);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));

    private ApplicationsFunctions Functions() => new(applications.Object, reviews.Object, new Mock<NeoBay.Grants.Deadlines.IServiceDeadlines>().Object, Catalog.Value, clock, NullLogger<ApplicationsFunctions>.Instance);

    private static ApplicationRecord Record(ApplicationStatus status = ApplicationStatus.Eligible) =>
        new("A20261126030000-0000000001", Requests.UsccA, "A02.1", "P-1", new DateOnly(2026, 11, 26), DateTimeOffset.UnixEpoch, "applicant-a",
            new EvaluationRequest("A02.1", new DateOnly(2026, 11, 26), new Applicant(ApplicantKind.Enterprise, Requests.UsccA, null, true, false), null,
                new Dictionary<string, FactValue>(), []), "h", status, 3)
        {
            Decision = new Decision("A02.1", true, 240_000_000, [], [new ScheduleLine(2026, 0, "grant", ScheduleTrigger.Approval, 240_000_000)], []),
        };

    [Fact]
    public async Task A_valid_application_answers_202_with_id_status_and_Location_and_passes_the_Idempotency_Key()
    {
        EvaluationRequest? seen = null;
        applications.Setup(a => a.SubmitAsync(Requests.ApplicantA, It.IsAny<EvaluationRequest>(), "k-1", It.IsAny<CancellationToken>()))
            .Callback<Caller, EvaluationRequest, string?, CancellationToken>((_, r, _, _) => seen = r)
            .ReturnsAsync(Result<SubmitResult>.Ok(new SubmitResult("A1-x", ApplicationStatus.Submitted, false)));

        var result = (await Functions().SubmitApplication(Requests.Make("POST", Requests.A021Body(), Requests.ApplicantA, ("Idempotency-Key", "k-1")))).Api();

        Assert.Equal(202, result.StatusCode);
        Assert.Equal("/api/applications/A1-x", result.Headers["Location"]);
        Assert.Equal(("A1-x", "submitted"), (result.JsonBody().GetProperty("id").GetString(), result.JsonBody().GetProperty("status").GetString()));
        Assert.Equal(12_000_000m, seen!.Facts["totalInvestment"].Number);
        Assert.Equal(new DateOnly(2026, 11, 26), seen.SubmittedOn); // 11:00 CST by the server's clock
    }

    [Theory]
    [InlineData("not json", 400, "MalformedJson")]
    [InlineData("", 400, "EmptyBody")]
    [InlineData("[1,2]", 400, "InvalidJson")]
    public async Task A_body_that_is_not_an_application_object_never_reaches_the_use_case(string body, int status, string code)
    {
        var result = await Functions().SubmitApplication(Requests.Make("POST", body, Requests.ApplicantA));

        result.Problem(status, code);
        applications.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_bad_USCC_is_a_field_error_in_Chinese_by_default_and_in_English_on_request()
    {
        var zh = (await Functions().SubmitApplication(Requests.Make("POST", Requests.A021Body("91330100799655058A"), Requests.ApplicantA))).Problem(400, "InvalidUscc");
        var en = (await Functions().SubmitApplication(Requests.Make("POST", Requests.A021Body("91330100799655058A"), Requests.ApplicantA, ("Accept-Language", "en-US,en;q=0.9")))).Problem(400, "InvalidUscc");

        Assert.Equal("applicant.uscc", zh.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", zh.GetProperty("detail").GetString()!);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", en.GetProperty("detail").GetString()!);
        applications.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData(""", "history": [] """, "FieldNotAllowed")]
    [InlineData(""", "submittedOn": "2026-01-01" """, "FieldNotAllowed")]
    public async Task History_and_submittedOn_are_refused_on_applications(string extra, string code)
    {
        (await Functions().SubmitApplication(Requests.Make("POST", Requests.A021Body(extra: extra), Requests.ApplicantA))).Problem(400, code);
        applications.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Common_13_an_application_without_its_project_key_is_400_and_never_reaches_the_use_case()
    {
        var body = string.Join('\n', Requests.A021Body().Split('\n').Where(l => !l.Contains("\"project\"", StringComparison.Ordinal)));
        Assert.DoesNotContain("project", body, StringComparison.Ordinal);
        (await Functions().SubmitApplication(Requests.Make("POST", body, Requests.ApplicantA))).Problem(400, "MissingField");
        applications.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task An_unknown_measure_and_a_negative_amount_are_400()
    {
        (await Functions().SubmitApplication(Requests.Make("POST", Requests.A021Body().Replace("A02.1", "Z99.9"), Requests.ApplicantA))).Problem(400, "UnknownMeasure");
        var negative = Requests.A021Body().Replace("12000000", "-1");
        var result = await Functions().SubmitApplication(Requests.Make("POST", negative, Requests.ApplicantA));
        Assert.Equal(400, result.Api().StatusCode);
        applications.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_body_over_256_KiB_is_413()
    {
        var huge = Requests.A021Body().Replace("\"量子\"", "\"" + new string('x', 300 * 1024) + "\"");

        (await Functions().SubmitApplication(Requests.Make("POST", huge, Requests.ApplicantA))).Problem(413, "BodyTooLarge");
        applications.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_reused_Idempotency_Key_with_another_body_is_409()
    {
        applications.Setup(a => a.SubmitAsync(Requests.ApplicantA, It.IsAny<EvaluationRequest>(), "k-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<SubmitResult>.Fail(new UseCaseError(ErrorKind.Conflict, ErrorCodes.IdempotencyKeyReused, "Idempotency-Key")));

        (await Functions().SubmitApplication(Requests.Make("POST", Requests.A021Body(), Requests.ApplicantA, ("Idempotency-Key", "k-1")))).Problem(409, "IdempotencyKeyReused");
    }

    [Fact]
    public async Task Reading_an_application_gives_its_shape_and_ETag_and_304_when_unchanged()
    {
        applications.Setup(a => a.GetAsync(Requests.ApplicantA, "A1", It.IsAny<CancellationToken>())).ReturnsAsync(Result<ApplicationRecord>.Ok(Record()));

        var ok = (await Functions().GetApplication(Requests.Make(caller: Requests.ApplicantA), "A1")).Api();
        var notModified = (await Functions().GetApplication(Requests.Make(caller: Requests.ApplicantA, headers: ("If-None-Match", "\"v3\"")), "A1")).Api();

        Assert.Equal((200, "\"v3\""), (ok.StatusCode, ok.Headers["ETag"]));
        var body = ok.JsonBody();
        Assert.Equal("eligible", body.GetProperty("status").GetString());
        Assert.Equal(2400000.00m, body.GetProperty("decision").GetProperty("amount").GetDecimal());
        Assert.Equal("2400000.00", body.GetProperty("decision").GetProperty("amount").GetRawText());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("grantId").ValueKind);
        Assert.Equal(304, notModified.StatusCode);
        Assert.Null(notModified.Body);
    }

    [Fact]
    public async Task Another_applicants_application_is_404_problem()
    {
        applications.Setup(a => a.GetAsync(It.IsAny<Caller>(), "A1", It.IsAny<CancellationToken>())).ReturnsAsync(Result<ApplicationRecord>.Fail(UseCaseError.NotFound("NotFound.Application")));

        (await Functions().GetApplication(Requests.Make(caller: Requests.ApplicantA), "A1")).Problem(404, "NotFound");
    }

    [Fact]
    public async Task A_function_called_without_a_caller_answers_401()
    {
        (await Functions().GetApplication(Requests.Make(), "A1")).Problem(401, "Unauthenticated");
    }

    [Fact]
    public async Task A_decision_converts_yuan_to_fen_and_passes_If_Match()
    {
        reviews.Setup(r => r.DecideAsync(Requests.Reviewer, "A1", "\"v3\"", new DecisionCommand(true, 200_000_050, "预算"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<DecisionResult>.Ok(new DecisionResult(ApplicationStatus.Approved, "G1")));

        var result = (await Functions().DecideApplication(Requests.Make("POST", """{"approve": true, "amount": 2000000.50, "reason": "预算"}""", Requests.Reviewer, ("If-Match", "\"v3\"")), "A1")).Api();

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(("approved", "G1"), (result.JsonBody().GetProperty("status").GetString(), result.JsonBody().GetProperty("grantId").GetString()));
    }

    [Theory]
    [InlineData("""{"amount": 1}""", "MissingField", "approve")]
    [InlineData("""{"approve": "yes"}""", "MissingField", "approve")]
    [InlineData("""{"approve": true, "amount": 1.234}""", "InvalidNumber", "amount")]
    [InlineData("""{"approve": true, "amount": -1}""", "InvalidNumber", "amount")]
    [InlineData("""{"approve": true, "amount": 1000000000001}""", "InvalidNumber", "amount")]
    [InlineData("""{"approve": true, "amount": "5"}""", "InvalidNumber", "amount")]
    [InlineData("""{"approve": false, "reason": 5}""", "InvalidValue", "reason")]
    [InlineData("""{"approve": true, "bonus": 1}""", "UnknownField", "bonus")]
    public async Task A_malformed_decision_is_400_with_its_field_and_never_reaches_the_use_case(string body, string code, string field)
    {
        var problem = (await Functions().DecideApplication(Requests.Make("POST", body, Requests.Reviewer, ("If-Match", "\"v3\"")), "A1")).Problem(400, code);

        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
        reviews.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_stale_If_Match_is_412()
    {
        reviews.Setup(r => r.DecideAsync(Requests.Reviewer, "A1", "\"v2\"", It.IsAny<DecisionCommand>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<DecisionResult>.Fail(new UseCaseError(ErrorKind.PreconditionFailed, "PreconditionFailed.Decision", "If-Match")));

        (await Functions().DecideApplication(Requests.Make("POST", """{"approve": true}""", Requests.Reviewer, ("If-Match", "\"v2\"")), "A1")).Problem(412, "PreconditionFailed");
    }

    [Fact]
    public async Task Listing_checks_take_and_uscc_before_the_use_case_and_returns_items_and_token()
    {
        applications.Setup(a => a.ListAsync(Requests.Reviewer, null, null, 20, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<ListPage<ApplicationSummary>>.Ok(new ListPage<ApplicationSummary>(
                [new ApplicationSummary("A1", Requests.UsccA, "A02.1", DateTimeOffset.UnixEpoch, ApplicationStatus.Eligible)], "next")));

        var list = (await Functions().ListApplications(Requests.Make(caller: Requests.Reviewer))).Json();
        Assert.Equal("eligible", list.GetProperty("items")[0].GetProperty("status").GetString());
        Assert.Equal("next", list.GetProperty("continuationToken").GetString());

        var badTake = Requests.Make(caller: Requests.Reviewer);
        badTake.QueryString = new Microsoft.AspNetCore.Http.QueryString("?take=abc");
        (await Functions().ListApplications(badTake)).Problem(400, "InvalidPageSize");
        var badUscc = Requests.Make(caller: Requests.Reviewer);
        badUscc.QueryString = new Microsoft.AspNetCore.Http.QueryString("?uscc=123");
        (await Functions().ListApplications(badUscc)).Problem(400, "InvalidUscc");
    }

    [Fact]
    public async Task Withdraw_accepts_an_empty_body_or_a_reason()
    {
        applications.Setup(a => a.WithdrawAsync(Requests.ApplicantA, "A1", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<ApplicationRecord>.Ok(Record(ApplicationStatus.Withdrawn)));
        applications.Setup(a => a.WithdrawAsync(Requests.ApplicantA, "A1", "改期", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<ApplicationRecord>.Ok(Record(ApplicationStatus.Withdrawn)));

        Assert.Equal("withdrawn", (await Functions().WithdrawApplication(Requests.Make("POST", null, Requests.ApplicantA), "A1")).Json().GetProperty("status").GetString());
        Assert.Equal(200, (await Functions().WithdrawApplication(Requests.Make("POST", """{"reason":"改期"}""", Requests.ApplicantA), "A1")).Api().StatusCode);
    }
}
