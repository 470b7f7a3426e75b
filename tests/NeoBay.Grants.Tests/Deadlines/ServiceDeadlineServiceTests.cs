using NeoBay.Grants.Applications;
using NeoBay.Grants.Deadlines;
using NeoBay.Grants.Documents;
using NeoBay.Policy;

namespace NeoBay.Grants.Tests.Deadlines;

/// <summary>快申快享: 60 working days after the application became complete (evaluated, required documents verified).</summary>
public sealed class ServiceDeadlineServiceTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadEmbedded();
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    private static DocumentRecord Doc(string category, DocumentStatus status, DateTimeOffset? completedAt) =>
        new("A1", "D" + category + completedAt?.Ticks, category, "f.pdf", "application/pdf", 10, status, 2, completedAt ?? default, "x", default)
        {
            CompletedAt = completedAt,
        };

    [Fact]
    public void Complete_is_the_later_of_the_evaluation_and_the_first_verification_of_each_required_category()
    {
        var evaluated = new DateTimeOffset(2026, 9, 10, 9, 0, 0, Cst);
        var approval = new DateTimeOffset(2026, 9, 12, 10, 0, 0, Cst);
        var audit = new DateTimeOffset(2026, 9, 18, 23, 30, 0, Cst);
        DocumentRecord[] docs =
        [
            Doc("nationalApproval", DocumentStatus.Verified, approval),
            Doc("nationalApproval", DocumentStatus.Verified, approval.AddDays(9)),   // a later copy changes nothing
            Doc("investmentStatement", DocumentStatus.Rejected, approval),             // refused: does not count
            Doc("investmentStatement", DocumentStatus.Verified, audit),
        ];
        Assert.Equal(audit, ServiceDeadlineService.CompleteAt(evaluated, ["nationalApproval", "investmentStatement"], docs));
        Assert.Null(ServiceDeadlineService.CompleteAt(evaluated, ["nationalApproval", "investmentStatement", "other"], docs));
        Assert.Null(ServiceDeadlineService.CompleteAt(null, [], docs));
        Assert.Equal(evaluated, ServiceDeadlineService.CompleteAt(evaluated, [], []));
    }

    [Fact]
    public void Due_by_is_the_60th_working_day_after_the_CST_date_of_completion()
    {
        // 2026-09-18 15:30 UTC is 23:30 CST on Friday 18 September: due Thursday 17 December (hand count in WorkingDayCalendarTests).
        var completeAt = new DateTimeOffset(2026, 9, 18, 15, 30, 0, TimeSpan.Zero);
        var deadline = ServiceDeadlineService.Compute(Calendar, completeAt, ApplicationStatus.Eligible, new DateOnly(2026, 12, 1));
        Assert.Equal(new DateOnly(2026, 9, 18), deadline.CompleteOn);
        Assert.Equal(new DateOnly(2026, 12, 17), deadline.DueBy);
        Assert.Equal(12, deadline.WorkingDaysLeft);

        // 16:30 UTC is 00:30 CST on Saturday 19 September: day 1 is Sunday 20 (worked), so the 60th is still 17 December.
        Assert.Equal(new DateOnly(2026, 12, 17), ServiceDeadlineService.Compute(Calendar, completeAt.AddHours(1), ApplicationStatus.Eligible, new DateOnly(2026, 12, 1)).DueBy);
    }

    [Fact]
    public void Overdue_is_negative_and_a_decided_application_has_no_days_left()
    {
        var completeAt = new DateTimeOffset(2026, 9, 18, 9, 0, 0, Cst);
        // Due Thu 17 Dec; on Tue 22 Dec the working days after it are Dec 18, 21, 22 → -3.
        Assert.Equal(-3, ServiceDeadlineService.Compute(Calendar, completeAt, ApplicationStatus.Ineligible, new DateOnly(2026, 12, 22)).WorkingDaysLeft);
        Assert.Null(ServiceDeadlineService.Compute(Calendar, completeAt, ApplicationStatus.Approved, new DateOnly(2026, 12, 22)).WorkingDaysLeft);
        Assert.Null(ServiceDeadlineService.Compute(Calendar, completeAt, ApplicationStatus.Withdrawn, new DateOnly(2026, 12, 22)).WorkingDaysLeft);
    }
}
