using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Http;
using NeoBay.Functions.Http.Documents;
using NeoBay.Functions.Http.Identity;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Vouchers;
using NeoBay.Policy;

namespace NeoBay.Functions.Tests.Http;

/// <summary>
/// Pins every refusal of the small command bodies — status 400, problem code, field and the (English) message, so the message
/// key and its figures too — whatever reads them. Strict mocks: a refused body never reaches a use case. LONG stands for
/// 2,001 characters: over every field's TextRules limit, which is checked first (reason 2,000, provider 200, others 256).
/// </summary>
public sealed class RequestBodyRefusalsTests
{
    private const string NotObject = "The body must be a JSON object.";
    private const string ApproveBool = "approve must be true or false.";
    private const string AmountYuan = "amount must be a number of yuan from 0 to 10^12 with at most two decimals.";

    private static readonly Lazy<PolicyCatalog> Catalog = new(PolicyCatalog.LoadEmbedded);

    private static async Task Refused(Func<Microsoft.AspNetCore.Http.HttpRequest, Task<IActionResult>> call, string body, string code, string field, string message,
        NeoBay.Grants.Common.Caller caller)
    {
        var request = Requests.Make("POST", body.Replace("LONG", new string('x', 2001), StringComparison.Ordinal), caller, ("If-Match", "\"v1\""), ("Accept-Language", "en"));
        var problem = (await call(request)).Problem(400, code);
        var error = problem.GetProperty("errors")[0];
        Assert.Equal((field, code, message), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString(), error.GetProperty("message").GetString()));
    }

    private static ApplicationsFunctions Applications() =>
        new(new Mock<IApplicationUseCases>(MockBehavior.Strict).Object, new Mock<IReviewUseCases>(MockBehavior.Strict).Object,
            new Mock<NeoBay.Grants.Deadlines.IServiceDeadlines>(MockBehavior.Strict).Object, Catalog.Value, TimeProvider.System, NullLogger<ApplicationsFunctions>.Instance);

    [Theory]
    [InlineData("[1]", "InvalidJson", "$", NotObject)]
    [InlineData("""{"approve": true, "bonus": 1}""", "UnknownField", "bonus", "Unknown field bonus.")]
    [InlineData("""{"bonus": 1, "approve": "x"}""", "UnknownField", "bonus", "Unknown field bonus.")]
    [InlineData("{}", "MissingField", "approve", ApproveBool)]
    [InlineData("""{"approve": null}""", "MissingField", "approve", ApproveBool)]
    [InlineData("""{"approve": "yes"}""", "MissingField", "approve", ApproveBool)]
    [InlineData("""{"approve": 1}""", "MissingField", "approve", ApproveBool)]
    [InlineData("""{"approve": true, "approve": "x"}""", "MissingField", "approve", ApproveBool)]
    [InlineData("""{"amount": "x"}""", "MissingField", "approve", ApproveBool)]
    [InlineData("""{"reason": 5, "approve": "x"}""", "MissingField", "approve", ApproveBool)]
    [InlineData("""{"approve": true, "amount": "5"}""", "InvalidNumber", "amount", AmountYuan)]
    [InlineData("""{"approve": true, "amount": true}""", "InvalidNumber", "amount", AmountYuan)]
    [InlineData("""{"approve": true, "amount": 1.234}""", "InvalidNumber", "amount", AmountYuan)]
    [InlineData("""{"approve": true, "amount": -0.01}""", "InvalidNumber", "amount", AmountYuan)]
    [InlineData("""{"approve": true, "amount": 1000000000000.01}""", "InvalidNumber", "amount", AmountYuan)]
    [InlineData("""{"approve": true, "amount": 1e400}""", "InvalidNumber", "amount", AmountYuan)]
    [InlineData("""{"approve": true, "reason": 5, "amount": "x"}""", "InvalidNumber", "amount", AmountYuan)]
    [InlineData("""{"approve": false, "reason": 5}""", "InvalidValue", "reason", "reason must be a string.")]
    [InlineData("""{"approve": false, "reason": ["x"]}""", "InvalidValue", "reason", "reason must be a string.")]
    [InlineData("""{"approve": false, "reason": "LONG"}""", "TextTooLong", "$.reason", "$.reason must be at most 2000 characters.")]
    public async Task Decision(string body, string code, string field, string message)
    {
        var functions = Applications();
        await Refused(r => functions.DecideApplication(r, "A1"), body, code, field, message, Requests.Reviewer);
    }

    [Theory]
    [InlineData("[1]", "InvalidJson", "$", NotObject)]
    [InlineData("\"why\"", "InvalidJson", "$", NotObject)]
    [InlineData("""{"why": "x"}""", "UnknownField", "why", "Unknown field why.")]
    [InlineData("""{"reason": 5}""", "InvalidValue", "reason", "reason must be a string.")]
    [InlineData("""{"reason": "LONG"}""", "TextTooLong", "$.reason", "$.reason must be at most 2000 characters.")]
    public async Task Withdrawal(string body, string code, string field, string message)
    {
        var functions = Applications();
        await Refused(r => functions.WithdrawApplication(r, "A1"), body, code, field, message, Requests.ApplicantA);
    }

    [Theory]
    [InlineData("[1]", "InvalidJson", "$", NotObject)]
    [InlineData("""{"approve": true, "x": 1}""", "UnknownField", "x", "Unknown field x.")]
    [InlineData("""{"reason": "x"}""", "MissingField", "approve", ApproveBool)]
    [InlineData("""{"approve": "no"}""", "MissingField", "approve", ApproveBool)]
    [InlineData("""{"approve": null}""", "MissingField", "approve", ApproveBool)]
    [InlineData("""{"approve": true, "reason": 5}""", "InvalidValue", "reason", "reason must be a string.")]
    [InlineData("""{"approve": false, "reason": "LONG"}""", "TextTooLong", "$.reason", "$.reason must be at most 2000 characters.")]
    public async Task Binding_review(string body, string code, string field, string message)
    {
        var functions = Identity();
        await Refused(r => functions.DecideBinding(r, "B1"), body, code, field, message, Requests.Reviewer);
    }

    [Theory]
    [InlineData("[1]", "InvalidJson", "$", NotObject)]
    [InlineData("""{"category": "x", "sha": "0"}""", "UnknownField", "sha", "Unknown field sha.")]
    [InlineData("""{"fileName": "a.pdf", "contentType": "application/pdf", "size": 1}""", "MissingField", "category", "category must be a non-empty string.")]
    [InlineData("""{"category": 5, "fileName": "a.pdf", "contentType": "application/pdf", "size": 1}""", "MissingField", "category", "category must be a non-empty string.")]
    [InlineData("""{"category": " ", "fileName": "a.pdf", "contentType": "application/pdf", "size": 1}""", "MissingField", "category", "category must be a non-empty string.")]
    [InlineData("""{"category": "x", "fileName": null, "contentType": "application/pdf", "size": 1}""", "MissingField", "fileName", "fileName must be a non-empty string.")]
    [InlineData("""{"category": "x", "fileName": "a.pdf", "contentType": "", "size": 1}""", "MissingField", "contentType", "contentType must be a non-empty string.")]
    [InlineData("""{"size": "x", "fileName": 5}""", "MissingField", "category", "category must be a non-empty string.")]
    [InlineData("""{"category": "x", "fileName": "a.pdf", "contentType": "application/pdf"}""", "InvalidNumber", "size", "size must be the file's length in bytes (an integer).")]
    [InlineData("""{"category": "x", "fileName": "a.pdf", "contentType": "application/pdf", "size": "1"}""", "InvalidNumber", "size", "size must be the file's length in bytes (an integer).")]
    [InlineData("""{"category": "x", "fileName": "a.pdf", "contentType": "application/pdf", "size": 1.5}""", "InvalidNumber", "size", "size must be the file's length in bytes (an integer).")]
    [InlineData("""{"category": "x", "fileName": "a.pdf", "contentType": "application/pdf", "size": null}""", "InvalidNumber", "size", "size must be the file's length in bytes (an integer).")]
    [InlineData("""{"category": "x", "fileName": "a.pdf", "contentType": "application/pdf", "size": 1e30}""", "InvalidNumber", "size", "size must be the file's length in bytes (an integer).")]
    public async Task Upload_ticket(string body, string code, string field, string message)
    {
        var functions = new DocumentsFunctions(new Mock<IDocumentUseCases>(MockBehavior.Strict).Object, NullLogger<DocumentsFunctions>.Instance);
        await Refused(r => functions.RequestDocumentUpload(r, "A1"), body, code, field, message, Requests.ApplicantA);
    }

    [Theory]
    [InlineData("[1]", "InvalidJson", "$", NotObject)]
    [InlineData("""{"leftOn": "2026-06-30", "x": 1}""", "UnknownField", "x", "Unknown field x.")]
    [InlineData("""{"reason": "x"}""", "InvalidDate", "leftOn", "leftOn must be a yyyy-MM-dd date.")]
    [InlineData("""{"leftOn": null}""", "InvalidDate", "leftOn", "leftOn must be a yyyy-MM-dd date.")]
    [InlineData("""{"leftOn": 20260630}""", "InvalidDate", "leftOn", "leftOn must be a yyyy-MM-dd date.")]
    [InlineData("""{"leftOn": "2026-13-01"}""", "InvalidDate", "leftOn", "leftOn must be a yyyy-MM-dd date.")]
    [InlineData("""{"leftOn": "30/06/2026"}""", "InvalidDate", "leftOn", "leftOn must be a yyyy-MM-dd date.")]
    [InlineData("""{"leftOn": "2026-06-30T00:00:00"}""", "InvalidDate", "leftOn", "leftOn must be a yyyy-MM-dd date.")]
    [InlineData("""{"reason": 5, "leftOn": "x"}""", "InvalidDate", "leftOn", "leftOn must be a yyyy-MM-dd date.")]
    [InlineData("""{"leftOn": "2026-06-30", "reason": 5}""", "InvalidValue", "reason", "reason must be a string.")]
    [InlineData("""{"leftOn": "2026-06-30", "reason": "LONG"}""", "TextTooLong", "$.reason", "$.reason must be at most 2000 characters.")]
    public async Task Departures_of_a_holder_and_of_a_person(string body, string code, string field, string message)
    {
        var records = new Mock<IRenewalRecordsUseCases>(MockBehavior.Strict);
        var zone = new RenewalsFunctions(new Mock<IRenewalRunUseCases>(MockBehavior.Strict).Object, records.Object, NullLogger<RenewalsFunctions>.Instance);
        await Refused(r => zone.RecordZoneDeparture(r, Requests.UsccA), body, code, field, message, Triggers.Admin);
        await Refused(r => new PersonsFunctions(records.Object).RecordPersonDeparture(r, "G1", 1), body, code, field, message, Requests.ApplicantA);
    }

    [Theory]
    [InlineData("[1]", "InvalidJson", "$", NotObject)]
    [InlineData("""{"expenditure": 5, "year": 2025}""", "UnknownField", "year", "Unknown field year.")]
    [InlineData("{}", "InvalidValue", "expenditure", "expenditure must be a non-negative amount in yuan with at most two decimals.")]
    [InlineData("""{"expenditure": null}""", "InvalidValue", "expenditure", "expenditure must be a non-negative amount in yuan with at most two decimals.")]
    [InlineData("""{"expenditure": "5"}""", "InvalidValue", "expenditure", "expenditure must be a non-negative amount in yuan with at most two decimals.")]
    [InlineData("""{"expenditure": -1}""", "InvalidValue", "expenditure", "expenditure must be a non-negative amount in yuan with at most two decimals.")]
    [InlineData("""{"expenditure": 0.001}""", "InvalidValue", "expenditure", "expenditure must be a non-negative amount in yuan with at most two decimals.")]
    [InlineData("""{"expenditure": 1000000000000.01}""", "InvalidValue", "expenditure", "expenditure must be a non-negative amount in yuan with at most two decimals.")]
    public async Task Claim(string body, string code, string field, string message)
    {
        var functions = new ClaimsFunctions(new Mock<IRenewalRecordsUseCases>(MockBehavior.Strict).Object, NullLogger<ClaimsFunctions>.Instance);
        await Refused(r => functions.FileClaim(r, "G1", 2025), body, code, field, message, Requests.ApplicantA);
    }

    [Theory]
    [InlineData("[1]", "InvalidJson", "$", NotObject)]
    [InlineData("""{"serviceFee": 1, "discount": 5}""", "UnknownField", "discount", "Unknown field discount.")]
    [InlineData("""{"provider": "x"}""", "InvalidValue", "serviceFee", "serviceFee must be a non-negative amount in yuan with at most two decimals.")]
    [InlineData("""{"serviceFee": "1"}""", "InvalidValue", "serviceFee", "serviceFee must be a non-negative amount in yuan with at most two decimals.")]
    [InlineData("""{"serviceFee": 1.001}""", "InvalidValue", "serviceFee", "serviceFee must be a non-negative amount in yuan with at most two decimals.")]
    [InlineData("""{"provider": 5, "serviceFee": "1"}""", "InvalidValue", "serviceFee", "serviceFee must be a non-negative amount in yuan with at most two decimals.")]
    [InlineData("""{"serviceFee": 1, "provider": 5}""", "InvalidValue", "provider", "provider must be a string.")]
    [InlineData("""{"serviceFee": 1, "invoiceNo": true}""", "InvalidValue", "invoiceNo", "invoiceNo must be a string.")]
    [InlineData("""{"serviceFee": 1, "grantId": 5}""", "InvalidValue", "grantId", "grantId must be a string.")]
    [InlineData("""{"serviceFee": 1, "uscc": {}}""", "InvalidValue", "uscc", "uscc must be a string.")]
    [InlineData("""{"serviceFee": 1, "uscc": 5, "provider": 5}""", "InvalidValue", "provider", "provider must be a string.")]
    [InlineData("""{"serviceFee": 1, "invoiceNo": "LONG"}""", "TextTooLong", "$.invoiceNo", "$.invoiceNo must be at most 256 characters.")]
    [InlineData("""{"serviceFee": 1, "provider": "LONG", "invoiceNo": 5}""", "TextTooLong", "$.provider", "$.provider must be at most 200 characters.")]
    public async Task Voucher_redemption(string body, string code, string field, string message)
    {
        var functions = new VouchersFunctions(new Mock<IVoucherUseCases>(MockBehavior.Strict).Object, NullLogger<VouchersFunctions>.Instance);
        await Refused(functions.RedeemVoucher, body, code, field, message, Requests.ApplicantA);
    }

    private static IdentityFunctions Identity() =>
        new(new Mock<ISignInUseCase>(MockBehavior.Strict).Object, new Mock<IBindingUseCases>(MockBehavior.Strict).Object,
            new Mock<IIntegratorGrantUseCases>(MockBehavior.Strict).Object, NullLogger<IdentityFunctions>.Instance);

    [Theory]
    [InlineData("[1]", "InvalidJson", "$", NotObject)]
    [InlineData("""{"uscc": "x", "name": "x", "role": "agent", "x": 1}""", "UnknownField", "x", "Unknown field x.")]
    [InlineData("""{"uscc": 5}""", "InvalidValue", "uscc", "uscc must be a string.")]
    [InlineData("""{"uscc": "x", "name": ["x"]}""", "InvalidValue", "name", "name must be a string.")]
    [InlineData("""{"uscc": "x", "name": "x", "role": true}""", "InvalidValue", "role", "role must be a string.")]
    [InlineData("""{"role": 1, "name": 2}""", "InvalidValue", "name", "name must be a string.")]
    public async Task Binding_request(string body, string code, string field, string message)
    {
        var functions = Identity();
        await Refused(functions.RequestBinding, body, code, field, message, Requests.ApplicantA);
    }

    [Theory]
    [InlineData("[1]", "InvalidJson", "$", NotObject)]
    [InlineData("""{"clientId": "c", "uscc": "x"}""", "UnknownField", "uscc", "Unknown field uscc.")]
    [InlineData("""{"clientId": 5}""", "InvalidValue", "clientId", "clientId must be a string.")]
    public async Task Integrator_grant(string body, string code, string field, string message)
    {
        var functions = Identity();
        await Refused(functions.GrantIntegrator, body, code, field, message, Requests.ApplicantA);
    }

    [Theory]
    [InlineData("[1]", "InvalidJson", "$", NotObject)]
    [InlineData("""{"code": "x", "other": 1}""", "UnknownField", "other", "Unknown field other.")]
    [InlineData("""{"code": 1}""", "InvalidValue", "code", "code must be a string.")]
    [InlineData("""{"code": "x", "uscc": false}""", "InvalidValue", "uscc", "uscc must be a string.")]
    [InlineData("""{"uscc": 1, "code": 1}""", "InvalidValue", "code", "code must be a string.")]
    public async Task WeChat_sign_in(string body, string code, string field, string message)
    {
        var functions = Identity();
        await Refused(functions.SignInWithWeChat, body, code, field, message, Requests.ApplicantA);
    }
}
