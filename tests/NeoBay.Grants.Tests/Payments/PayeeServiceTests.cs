using NeoBay.Grants.Common;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Payments;
using NeoBay.Grants.Tests.Documents;
using NeoBay.Grants.Tests.Renewals;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Payments;

/// <summary>Payee accounts: submitted with their proof, checked, verified with the ETag, changed and audited.</summary>
public sealed class PayeeServiceTests
{
    private static async Task<(PaymentHarness H, string GrantId, string Uscc, string ApplicationId, string ProofId)> ApprovedAsync()
    {
        var h = await PaymentHarness.CreateAsync();
        var uscc = RenewalHarness.UsccOf(21);
        var grantId = await h.Lifecycle.ApproveAsync("A02.1", ApplicantKind.Enterprise, uscc,
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(1_000_000m), ["nationalApproval"] = FactValue.Of(true) });
        var applicationId = (await h.Lifecycle.Grants.GetAsync(grantId))!.Grant.ApplicationId;
        var proof = await RequiredDocuments.UploadAndCompleteAsync(h.Lifecycle.Documents, h.Lifecycle.DocumentBlobs, RenewalHarness.ApplicantOf(uscc), applicationId,
            DocumentService.BankAccountProofCategory, RequiredDocuments.PdfBytes("开户许可证"));
        return (h, grantId, uscc, applicationId, proof.DocumentId);
    }

    private static PayeeSubmission Submission(string uscc, string applicationId, string proofId, string number = "31001234567890123") =>
        new(PaymentHarness.NameOf(uscc), "中国银行", "上海闵行支行", number, "104290003033", applicationId, proofId);

    [Fact]
    public async Task A_submission_is_checked_for_form_name_proof_and_who_submits()
    {
        var (h, _, uscc, applicationId, proofId) = await ApprovedAsync();
        var applicant = RenewalHarness.ApplicantOf(uscc);
        var ok = Submission(uscc, applicationId, proofId);

        async Task<UseCaseError?> Refusal(Caller caller, PayeeSubmission s) => (await h.Payees.SubmitAsync(caller, uscc, s)).Error;
        Assert.Equal(("InvalidCnaps", "cnaps"), ((await Refusal(applicant, ok with { Cnaps = "10429000303" }))!.Code, (await Refusal(applicant, ok with { Cnaps = "10429000303" }))!.Field));
        Assert.Equal("InvalidAccountNumber", (await Refusal(applicant, ok with { AccountNumber = "12-34" }))!.Code);
        Assert.Equal("InvalidPayeeField", (await Refusal(applicant, ok with { Branch = " " }))!.Code);
        Assert.Equal(("AccountNameMismatch", ErrorKind.Unprocessable), ((await Refusal(applicant, ok with { AccountName = "别的公司" }))!.Code, (await Refusal(applicant, ok with { AccountName = "别的公司" }))!.Kind));
        Assert.Equal("ProofNotFound", (await Refusal(applicant, ok with { ProofDocumentId = "D20261126030000-0000000000" }))!.Code);
        var other = await RequiredDocuments.UploadAndCompleteAsync(h.Lifecycle.Documents, h.Lifecycle.DocumentBlobs, applicant, applicationId, DocumentService.OtherCategory, RequiredDocuments.PdfBytes());
        Assert.Equal("ProofNotFound", (await Refusal(applicant, ok with { ProofDocumentId = other.DocumentId }))!.Code);
        Assert.Equal(ErrorKind.NotFound, (await Refusal(RenewalHarness.ApplicantOf(RenewalHarness.UsccOf(22)), ok))!.Kind);
        Assert.Equal(ErrorKind.Forbidden, (await Refusal(RenewalHarness.Reviewer, ok))!.Kind);

        var integrator = Caller.Create("integrator-1", [Roles.Integrator], actsFor: [uscc]);
        var submitted = await h.Payees.SubmitAsync(integrator, uscc, ok with { AccountNumber = "3100 1234 5678 9012 3" });
        Assert.True(submitted.IsSuccess, submitted.Error?.Code);
        Assert.Equal((PayeeStatuses.Pending, 1, "31001234567890123", "****0123"), (submitted.Value!.Status, submitted.Value.Version, submitted.Value.AccountNumber, submitted.Value.MaskedNumber));

        // The same account again: nothing new.
        Assert.Equal(1, (await h.Payees.SubmitAsync(applicant, uscc, ok)).Value!.Version);
    }

    [Fact]
    public async Task A_reviewer_verifies_the_version_read_and_a_change_after_it_is_verified_again_and_audited()
    {
        var (h, _, uscc, applicationId, proofId) = await ApprovedAsync();
        var applicant = RenewalHarness.ApplicantOf(uscc);
        var first = (await h.Payees.SubmitAsync(applicant, uscc, Submission(uscc, applicationId, proofId))).Value!;

        Assert.Equal(ErrorKind.PreconditionRequired, (await h.Payees.VerifyAsync(RenewalHarness.Reviewer, uscc, null, true, null)).Error!.Kind);
        Assert.Equal(ErrorKind.PreconditionFailed, (await h.Payees.VerifyAsync(RenewalHarness.Reviewer, uscc, "\"v7\"", true, null)).Error!.Kind);
        Assert.Equal(ErrorKind.Forbidden, (await h.Payees.VerifyAsync(applicant, uscc, first.HttpETag, true, null)).Error!.Kind);
        var racing = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => h.Payees.VerifyAsync(RenewalHarness.Reviewer, uscc, first.HttpETag, true, null)));
        Assert.Single(racing, r => r.IsSuccess);
        var verified = (await h.Payees.GetAsync(applicant, uscc)).Value!;
        Assert.Equal((PayeeStatuses.Verified, 2, "reviewer-1"), (verified.Status, verified.Version, verified.VerifiedBy));

        // A new account after verification: pending again, and the run would not pay into it until verified.
        var changed = (await h.Payees.SubmitAsync(applicant, uscc, Submission(uscc, applicationId, proofId, "62220210011234567"))).Value!;
        Assert.Equal((PayeeStatuses.Pending, 3), (changed.Status, changed.Version));
        Assert.Null(changed.VerifiedAt);
        Assert.True((await h.Payees.VerifyAsync(RenewalHarness.Reviewer, uscc, changed.HttpETag, false, "开户证明与账号不符")).IsSuccess);
        Assert.Equal(PayeeStatuses.Rejected, (await h.Store.GetPayeeAsync(uscc))!.Status);

        var payments = await new PaymentTables(new Azure.Data.Tables.TableServiceClient(h.Lifecycle.Connection), h.Lifecycle.Prefix).GetAsync();
        var audit = new List<string>();
        await foreach (var e in payments.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "payee-" + uscc)) if (e.RowKey.StartsWith("audit-", StringComparison.Ordinal)) audit.Add($"{e["What"]} {e["Why"]}");
        Assert.Equal(["submit ****0123 104290003033 proof " + proofId, "verify ****0123 104290003033", "change ****0123 → ****4567 104290003033 proof " + proofId, "refuse 开户证明与账号不符"], audit);
        Assert.Equal(new AuditVerification(1, 4, null), await TableAuditVerifier.VerifyPartitionAsync(payments, "payee-" + uscc));
    }
}
