using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Http.Identity;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Documents;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class IdentityFunctionsTests
{
    private static readonly string BindingId = BindingKeys.Id("wx:person", Requests.UsccA);
    private static readonly Caller Person = Caller.Create("wx:person", [Roles.Applicant]);
    private readonly Mock<ISignInUseCase> signIn = new(MockBehavior.Strict);
    private readonly Mock<IBindingUseCases> bindings = new(MockBehavior.Strict);
    private readonly Mock<IIntegratorGrantUseCases> integrators = new(MockBehavior.Strict);

    private IdentityFunctions Functions() => new(signIn.Object, bindings.Object, integrators.Object, NullLogger<IdentityFunctions>.Instance);

    private static BindingRecord Binding(BindingStatus status = BindingStatus.Pending, int version = 1) =>
        new(BindingId, Requests.UsccA, "张三", BindingRoles.LegalRepresentative, status, version, Triggers.Instant);

    private static IntegratorGrant Grant => new("client-1", Requests.UsccA, Triggers.Instant, "applicant-a");

    [Fact]
    public async Task A_WeChat_code_signs_in_with_the_token_and_the_bindings_statuses()
    {
        signIn.Setup(s => s.WeChatAsync("c-1", Requests.UsccA, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<SignInResult>.Ok(new SignInResult("jwt", 7200, "wx:person", [Binding(BindingStatus.Approved)])));

        var body = (await Functions().SignInWithWeChat(Requests.Make("POST", $$"""{"code": "c-1", "uscc": "{{Requests.UsccA}}"}"""))).Json();

        Assert.Equal(("jwt", 7200, "approved"), (body.GetProperty("token").GetString(), body.GetProperty("expiresIn").GetInt32(), body.GetProperty("bindings")[0].GetProperty("status").GetString()));
        Assert.DoesNotContain("张三", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeChat_busy_is_503_with_Retry_After_and_a_code_that_is_not_text_is_400()
    {
        signIn.Setup(s => s.WeChatAsync("c-1", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<SignInResult>.Fail(new UseCaseError(ErrorKind.Conflict, SignInCodes.WeChatBusy)));

        var busy = (await Functions().SignInWithWeChat(Requests.Make("POST", """{"code": "c-1"}"""))).Api();

        busy.Problem(503, SignInCodes.WeChatBusy);
        Assert.Equal("5", busy.Headers["Retry-After"]);
        (await Functions().SignInWithWeChat(Requests.Make("POST", """{"code": 5}"""))).Problem(400, "InvalidValue");
    }

    [Fact]
    public async Task Me_shows_the_callers_roles_in_order_and_its_bindings()
    {
        var caller = Caller.Create("applicant-a", [Roles.Reviewer, Roles.Applicant], Requests.UsccA);
        bindings.Setup(b => b.MeAsync(caller, It.IsAny<CancellationToken>())).ReturnsAsync(new Me(caller, [Binding()]));

        var body = (await Functions().GetMe(Requests.Make(caller: caller))).Json();

        Assert.Equal(["applicant", "reviewer"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal((Requests.UsccA, "pending"), (body.GetProperty("uscc").GetString(), body.GetProperty("bindings")[0].GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_binding_request_passes_its_fields_and_a_new_one_is_201_with_Location_and_ETag_a_repeat_200()
    {
        var request = new BindingRequest(Requests.UsccA, "张三", BindingRoles.LegalRepresentative);
        bindings.SetupSequence(b => b.RequestAsync(Person, request, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<(BindingRecord, bool)>.Ok((Binding(), true)))
            .ReturnsAsync(Result<(BindingRecord, bool)>.Ok((Binding(), false)));
        var body = $$"""{"uscc": "{{Requests.UsccA}}", "name": "张三", "role": "legalRepresentative"}""";

        var created = (await Functions().RequestBinding(Requests.Make("POST", body, Person))).Api();
        var again = (await Functions().RequestBinding(Requests.Make("POST", body, Person))).Api();

        Assert.Equal((201, $"/api/bindings/{BindingId}", "\"v1\""), (created.StatusCode, created.Headers["Location"], created.Headers["ETag"]));
        Assert.Equal(200, again.StatusCode);
        (await Functions().RequestBinding(Requests.Make("POST", """{"idNumber": "x"}""", Person))).Problem(400, "UnknownField");
        bindings.Verify(b => b.RequestAsync(It.IsAny<Caller>(), It.IsAny<BindingRequest>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_binding_is_read_with_its_ETag_and_anothers_is_404()
    {
        bindings.Setup(b => b.GetAsync(Person, BindingId, It.IsAny<CancellationToken>())).ReturnsAsync(Result<BindingRecord>.Ok(Binding(version: 3)));
        bindings.Setup(b => b.GetAsync(Person, "bnd-x", It.IsAny<CancellationToken>())).ReturnsAsync(Result<BindingRecord>.Fail(UseCaseError.NotFound("NotFound.Binding")));

        Assert.Equal("\"v3\"", (await Functions().GetBinding(Requests.Make(caller: Person), BindingId)).Api().Headers["ETag"]);
        (await Functions().GetBinding(Requests.Make(caller: Person), "bnd-x")).Problem(404, "NotFound");
    }

    [Fact]
    public async Task Reviewers_list_pending_bindings_with_names_masked_and_only_pending_may_be_asked_for()
    {
        bindings.Setup(b => b.ListPendingAsync("tok", 5, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<ListPage<PendingBinding>>.Ok(new ListPage<PendingBinding>([new PendingBinding(Binding(), true)], null)));

        var result = (await Functions().ListBindings(Triggers.Query(Requests.Reviewer, "?take=5&continuationToken=tok"))).Api();

        Assert.Equal("no-store", result.Headers["Cache-Control"]);
        var item = result.JsonBody().GetProperty("items")[0];
        Assert.Equal(("张*", true), (item.GetProperty("maskedName").GetString(), item.GetProperty("letterVerified").GetBoolean()));
        (await Functions().ListBindings(Triggers.Query(Requests.Reviewer, "?status=approved"))).Problem(400, "InvalidValue");
    }

    [Fact]
    public async Task A_decision_passes_approve_reason_and_If_Match_and_without_approve_is_400()
    {
        bindings.Setup(b => b.DecideAsync(Requests.Reviewer, BindingId, "\"v1\"", false, "材料不符", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<BindingRecord>.Ok(Binding(BindingStatus.Rejected, 2) with { Reason = "材料不符" }));

        var result = (await Functions().DecideBinding(Requests.Make("POST", """{"approve": false, "reason": "材料不符"}""", Requests.Reviewer, ("If-Match", "\"v1\"")), BindingId)).Api();

        Assert.Equal(("rejected", "\"v2\""), (result.JsonBody().GetProperty("status").GetString(), result.Headers["ETag"]));
        (await Functions().DecideBinding(Requests.Make("POST", """{"reason": "x"}""", Requests.Reviewer), BindingId)).Problem(400, "MissingField");
    }

    [Fact]
    public async Task The_authorisation_letter_upload_is_201_with_Location_and_its_completion_answers_the_document()
    {
        var upload = new UploadRequest("authorisationLetter", "授权书.pdf", "application/pdf", 2048);
        var letter = new DocumentRecord(BindingId, "D7", "authorisationLetter", "授权书.pdf", "application/pdf", 2048, DocumentStatus.Pending, 1, Triggers.Instant, "wx:person",
            Triggers.Instant.AddMinutes(15));
        bindings.Setup(b => b.RequestLetterUploadAsync(Person, BindingId, upload, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<UploadTicket>.Ok(new UploadTicket(letter, new Uri("http://127.0.0.1:10000/documents/x?sig=1"), Triggers.Instant.AddMinutes(15), new Dictionary<string, string>())));
        bindings.Setup(b => b.CompleteLetterAsync(Person, BindingId, "D7", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<DocumentRecord>.Ok(letter with { Status = DocumentStatus.Verified }));

        var ticket = (await Functions().RequestBindingLetterUpload(Requests.Make("POST",
            """{"category": "authorisationLetter", "fileName": "授权书.pdf", "contentType": "application/pdf", "size": 2048}""", Person), BindingId)).Api();
        var done = (await Functions().CompleteBindingLetterUpload(Requests.Make("POST", caller: Person), BindingId, "D7")).Json();

        Assert.Equal((201, $"/api/bindings/{BindingId}/documents/D7"), (ticket.StatusCode, ticket.Headers["Location"]));
        Assert.Equal("verified", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_applicant_grants_lists_and_revokes_its_integrators()
    {
        integrators.Setup(i => i.GrantAsync(Requests.ApplicantA, "client-1", It.IsAny<CancellationToken>())).ReturnsAsync(Result<IntegratorGrant>.Ok(Grant));
        integrators.Setup(i => i.ListMineAsync(Requests.ApplicantA, It.IsAny<CancellationToken>())).ReturnsAsync(Result<IReadOnlyList<IntegratorGrant>>.Ok([Grant]));
        integrators.Setup(i => i.RevokeMineAsync(Requests.ApplicantA, "client-1", It.IsAny<CancellationToken>())).ReturnsAsync(Result<bool>.Ok(true));
        integrators.Setup(i => i.RevokeMineAsync(Requests.ApplicantA, "client-2", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<bool>.Fail(UseCaseError.NotFound("NotFound.IntegratorGrant")));

        var granted = (await Functions().GrantIntegrator(Requests.Make("POST", """{"clientId": "client-1"}""", Requests.ApplicantA))).Api();
        var mine = (await Functions().ListMyIntegrators(Requests.Make(caller: Requests.ApplicantA))).Json();

        Assert.Equal((201, "client-1"), (granted.StatusCode, granted.JsonBody().GetProperty("clientId").GetString()));
        Assert.Equal(Requests.UsccA, mine.GetProperty("items")[0].GetProperty("uscc").GetString());
        Assert.Equal(204, (await Functions().RevokeMyIntegrator(Requests.Make("DELETE", caller: Requests.ApplicantA), "client-1")).Api().StatusCode);
        (await Functions().RevokeMyIntegrator(Requests.Make("DELETE", caller: Requests.ApplicantA), "client-2")).Problem(404, "NotFound");
    }

    [Fact]
    public async Task An_admin_lists_grants_by_client_and_holder_and_revokes_one()
    {
        integrators.Setup(i => i.ListAsync("client-1", Requests.UsccA, It.IsAny<CancellationToken>())).ReturnsAsync(Result<IReadOnlyList<IntegratorGrant>>.Ok([Grant]));
        integrators.Setup(i => i.RevokeAsync(Triggers.Admin, "client-1", Requests.UsccA, It.IsAny<CancellationToken>())).ReturnsAsync(Result<bool>.Ok(true));

        var list = (await Functions().ListIntegratorGrants(Triggers.Query(Triggers.Admin, $"?clientId=client-1&uscc={Requests.UsccA}"))).Json();

        Assert.Equal(1, list.GetProperty("items").GetArrayLength());
        Assert.Equal(204, (await Functions().RevokeIntegratorGrant(Requests.Make("DELETE", caller: Triggers.Admin), "client-1", Requests.UsccA)).Api().StatusCode);
        integrators.Verify(i => i.RevokeAsync(Triggers.Admin, "client-1", Requests.UsccA, It.IsAny<CancellationToken>()), Times.Once);
    }
}
