using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Tests.Documents;
using NeoBay.Grants.Tests.Support;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Applications;

/// <summary>common.14 through storage: an approved A11.2 grant indexes its persons by keyed hash; another applicant's claim for one of them is refused.</summary>
public sealed class PersonIdentityFlowTests
{
    private static readonly PersonIdentity Identity = new(new byte[32]);
    private const string UsccC = "91310000MA1FL0001R";
    private static readonly Caller ApplicantC = Caller.Create("applicant-c", [Roles.Applicant], UsccC);
    private static readonly string PhdKey = Identity.KeyOf(PersonIdType.Resident, "310112199508154567", null);

    private static EvaluationRequest A112(string uscc, params PersonFact[] persons) =>
        GrantsHarness.Request("A11.2", uscc, new Dictionary<string, FactValue> { ["persons"] = FactValue.Of(persons) });

    [Fact]
    public async Task A_new_PhD_supported_at_one_employer_is_not_supported_again_in_that_category_at_another()
    {
        var h = await GrantsHarness.CreateAsync();
        var first = (await h.Service.SubmitAsync(GrantsHarness.ApplicantA, A112(GrantsHarness.UsccA, new PersonFact("freshPhd", "王", PhdKey)), null)).Value!;
        await h.Evaluation.EvaluateAsync(first.Id);
        var evaluated = (await h.Service.GetAsync(GrantsHarness.ApplicantA, first.Id)).Value!;
        Assert.Equal(9_000_000L, evaluated.Decision!.AmountFen); // 30,000 × 3 years
        await h.CompleteRequiredDocumentsAsync(first.Id);
        Assert.True((await h.Decisions.DecideAsync(GrantsHarness.Reviewer, first.Id, evaluated.HttpETag, new DecisionCommand(true, null, null))).IsSuccess);

        var otherKey = Identity.KeyOf(PersonIdType.Resident, "11010519491231002X", null);
        var second = (await h.Service.SubmitAsync(ApplicantC,
            A112(UsccC, new PersonFact("overseasHighLevel", "李", otherKey), new PersonFact("freshPhd", "王", PhdKey)), null)).Value!;
        await h.Evaluation.EvaluateAsync(second.Id);
        var refused = (await h.Service.GetAsync(ApplicantC, second.Id)).Value!;
        Assert.Equal(ApplicationStatus.Ineligible, refused.Status);
        Assert.Equal(Reasons.PersonAlreadySupportedCode, Assert.Single(refused.Decision!.Reasons).Code);

        // The same person in another category is a new support: 30,000 × 3 = 90,000.
        var third = (await h.Service.SubmitAsync(ApplicantC, A112(UsccC, new PersonFact("fullTimePostdoc", "王", PhdKey)), null)).Value!;
        await h.Evaluation.EvaluateAsync(third.Id);
        Assert.Equal(9_000_000L, (await h.Service.GetAsync(ApplicantC, third.Id)).Value!.Decision!.AmountFen);
    }
}
