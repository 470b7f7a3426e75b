using NeoBay.Contracts.Applications;
using NeoBay.Contracts.Matching;
using NeoBay.Functions.Http;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Deadlines;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Matching;
using NeoBay.Policy;
using NeoBay.Contracts.Quotes;

namespace NeoBay.Functions.Tests.Contracts;

/// <summary>The application contracts serialised as the API sends them, compared with the wire written out by hand.</summary>
public sealed class ApplicationContractTests
{
    private const string Uscc = "91330100799655058B";

    private static EvaluationRequest Request(string measure = "A05.1") => new(
        measure,
        new DateOnly(2026, 12, 1),
        new Applicant(ApplicantKind.ResearchInstitute, Uscc, "某研究院", InZone: true, IsSme: false),
        new ProjectRef("proj-1", null),
        new Dictionary<string, FactValue>
        {
            ["rdExpense"] = FactValue.Of(1234567.8m),
            ["nationalApproval"] = FactValue.Of(true),
            ["stage"] = FactValue.Of("pilot"),
            // A11.2: the person's name and key never leave the store: the category only.
            ["persons"] = FactValue.Of([new PersonFact("A", "张三", "k-1")]),
        },
        [new OtherSupport("市人才政策", 500_000)]);

    private static ApplicationRecord Application(ApplicationStatus status = ApplicationStatus.Approved) =>
        new("app-1", Uscc, "A05.1", "proj-1", new DateOnly(2026, 12, 1), new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(8)), "wx:abc", Request(), "h",
            status, 3)
        { GrantId = "grant-1", ApprovedAmountFen = 123_450 };

    private static readonly string RequestJson =
        Wire.Line("""
            "applicant":{"kind":"researchInstitute","uscc":"91330100799655058B","name":"某研究院","inZone":true,"isSme":false},"project":{"key":"proj-1","name":null},"facts":{"rdExpense":1234567.8,"nationalApproval":true,"stage":"pilot","persons":["A"]},"otherSupport":[{"policy":"市人才政策","amount":5000.00}]
            """);

    [Fact]
    public void An_application_has_money_in_yuan_with_two_decimals_dates_and_explicit_nulls()
    {
        var deadline = new ServiceDeadline(new DateOnly(2026, 11, 20), new DateOnly(2026, 12, 15), 10);
        var body = ApiResult.Of(200, ApplicationMapper.ToResponse(Application(), english: false, deadline), ApplicationsJsonContext.Default.ApplicationResponse).Body;

        Assert.Equal(
            Wire.Line("""
                {"id":"app-1","measure":"A05.1","status":"approved","decision":null,"grantId":"grant-1","applicantUscc":"91330100799655058B","projectKey":"proj-1",
                """) + RequestJson + Wire.Line("""
                ,"submittedOn":"2026-12-01","approvedAmount":1234.50,"reason":null,"dueBy":"2026-12-15","workingDaysLeft":10,"source":"application","offerId":null,"etag":"\"v3\""}
                """),
            body);
    }

    [Fact]
    public void Without_a_deadline_or_an_amount_the_fields_are_null_and_an_offer_names_its_source()
    {
        var application = Application(ApplicationStatus.Submitted) with { GrantId = null, ApprovedAmountFen = null, Source = "offer", OfferId = "offer-9" };
        var body = ApiResult.Of(200, ApplicationMapper.ToResponse(application, english: true, null), ApplicationsJsonContext.Default.ApplicationResponse).Body!;

        Assert.Contains(Wire.Line("""
            "status":"submitted","decision":null,"grantId":null,
            """), body);
        Assert.Contains(Wire.Line("""
            "approvedAmount":null,"reason":null,"dueBy":null,"workingDaysLeft":null,"source":"offer","offerId":"offer-9",
            """), body);
    }

    [Fact]
    public void The_decision_is_the_quote_writers_json_in_the_callers_language()
    {
        var decision = new PolicyEngine(PolicyCatalog.LoadEmbedded()).Evaluate(Request(), []);
        var application = Application() with { Decision = decision };

        foreach (var english in new[] { false, true })
        {
            var body = ApiResult.Of(200, ApplicationMapper.ToResponse(application, english, null), ApplicationsJsonContext.Default.ApplicationResponse).Body!;
            var quote = ApiResult.Write(w => QuoteJson.WriteDecision(w, decision, english));
            Assert.StartsWith("{", quote);
            Assert.Contains(Wire.Line("""
                "decision":
                """) + quote + Wire.Line("""
                ,"grantId":"grant-1",
                """), body);
        }
    }

    [Fact]
    public void A_page_lists_summaries_with_deadlines_and_counts_in_status_order_only_when_asked()
    {
        var at = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(8));
        var page = new ListPage<ApplicationSummary>(
            [new ApplicationSummary("app-1", Uscc, "A05.1", at, ApplicationStatus.Eligible), new ApplicationSummary("app-2", Uscc, "A13.2", at, ApplicationStatus.Submitted)],
            "next");
        ServiceDeadline?[] deadlines = [new ServiceDeadline(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 29), null), null];

        var withoutCounts = ApiResult.Of(200, ApplicationMapper.ToResponse(page, deadlines), ApplicationsJsonContext.Default.ApplicationPageResponse).Body;
        Assert.Equal(
            Wire.Line("""
                {"items":[{"id":"app-1","measure":"A05.1","status":"eligible","applicantUscc":"91330100799655058B","submittedAt":"2026-12-01T09:30:00+08:00","dueBy":"2026-12-29","workingDaysLeft":null},
                """) + Wire.Line("""
                {"id":"app-2","measure":"A13.2","status":"submitted","applicantUscc":"91330100799655058B","submittedAt":"2026-12-01T09:30:00+08:00","dueBy":null,"workingDaysLeft":null}],"continuationToken":"next"}
                """),
            withoutCounts);

        var counts = new Dictionary<ApplicationStatus, int> { [ApplicationStatus.Rejected] = 1, [ApplicationStatus.Submitted] = 4 };
        var withCounts = ApiResult.Of(200, ApplicationMapper.ToResponse(page, deadlines, counts), ApplicationsJsonContext.Default.ApplicationPageResponse).Body!;
        Assert.EndsWith(Wire.Line("""
            "continuationToken":"next","counts":{"submitted":4,"rejected":1}}
            """), withCounts);
    }

    [Fact]
    public void Submission_and_review_answers_are_small_objects()
    {
        Assert.Equal(Wire.Line("""
            {"id":"app-1","status":"submitted"}
            """),
            ApiResult.Of(202, ApplicationMapper.ToResponse(new SubmitResult("app-1", ApplicationStatus.Submitted, false)), ApplicationsJsonContext.Default.SubmittedResponse).Body);
        Assert.Equal(Wire.Line("""
            {"status":"rejected","grantId":null}
            """),
            ApiResult.Of(200, ApplicationMapper.ToResponse(new DecisionResult(ApplicationStatus.Rejected, null)), ApplicationsJsonContext.Default.ReviewDecisionResponse).Body);
    }

    [Fact]
    public void A_saved_profile_is_the_match_body_with_its_version()
    {
        var saved = new SavedProfile(Uscc, Request(), 2, new DateTimeOffset(2026, 12, 1, 1, 2, 3, TimeSpan.Zero));
        Assert.Equal(Wire.Line("""
            {"submittedOn":"2026-12-01",
            """) + RequestJson + Wire.Line("""
            ,"version":2,"savedAt":"2026-12-01T01:02:03+00:00"}
            """),
            ApiResult.Of(200, ProfileResponse.From(saved), ProfileJsonContext.Default.ProfileResponse).Body);
    }
}
