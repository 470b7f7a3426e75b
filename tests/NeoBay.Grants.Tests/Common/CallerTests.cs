using NeoBay.Grants.Common;

namespace NeoBay.Grants.Tests.Common;

public sealed class CallerTests
{
    [Theory]
    [InlineData("wx:unionid-1", "91310112MA1FL3XK2A", "applicant of 91310112MA1FL3XK2A")]
    [InlineData("wx:openid-2", null, "applicant of no organisation")]
    [InlineData("wx:dev:alice", null, "applicant of no organisation")]
    [InlineData("0b6c1f6e-reviewer-oid", null, "0b6c1f6e-reviewer-oid")]
    public void A_WeChat_identity_never_becomes_the_log_label(string subject, string? uscc, string expected)
    {
        var caller = Caller.Create(subject, [Roles.Applicant], uscc);

        Assert.Equal(expected, caller.LogLabel);
        if (subject.StartsWith(Caller.WeChatSubjectPrefix, StringComparison.Ordinal)) Assert.DoesNotContain(subject[3..], caller.LogLabel, StringComparison.Ordinal);
    }
}
