using System.Globalization;
using Neptune.CheckRuns;
using Neptune.Runs;
using Neptune.Tests.Runs;
using static Neptune.Tests.CheckRuns.CheckRunTestData;

namespace Neptune.Tests.CheckRuns;

public class CheckRunViewsTests
{
    [Fact]
    public void Check_run_is_named_after_the_root_and_identifies_the_deployment()
    {
        var view = CheckRunViews.Queued(Deployment, []);

        Assert.Equal("neptune/deploy: network", view.Name);
        Assert.Equal(Deployment.Id, view.DeploymentId);
        Assert.Equal(TestData.ShaA, view.Revision);
        Assert.Equal(TestData.Target, view.Target);
    }

    [Fact]
    public void Queued_run_is_queued_without_buttons_and_lists_what_is_ahead()
    {
        var view = CheckRunViews.Queued(Deployment, TwoAhead);

        Assert.Equal(CheckRunStatus.Queued, view.Status);
        Assert.Null(view.Conclusion);
        Assert.False(view.IsCompleted);
        Assert.Empty(view.Buttons);
        Assert.Same(TwoAhead, view.Ahead);
        Assert.Null(view.Plan);
    }

    [Fact]
    public void Locked_merge_is_action_required_with_an_unlock_button_naming_the_locking_revision()
    {
        var view = CheckRunViews.Locked(Deployment, TestData.ShaD, TwoAhead);

        Assert.Equal(CheckRunStatus.Completed, view.Status);
        Assert.Equal(CheckRunConclusion.ActionRequired, view.Conclusion);
        Assert.Equal([CheckRunButton.Unlock], view.Buttons);
        Assert.Equal("Unlock", view.Buttons[0].Identifier);
        Assert.Contains(TestData.ShaD, view.Reason, StringComparison.Ordinal);
        Assert.NotNull(view.RequiredAction);
    }

    [Fact]
    public void Planning_run_is_in_progress_with_both_jobs()
    {
        var run = Planning();

        var view = CheckRunViews.Run(run);

        Assert.Equal(CheckRunStatus.InProgress, view.Status);
        Assert.Null(view.Conclusion);
        Assert.Empty(view.Buttons);
        Assert.Equal(run.Plan, view.Plan);
        Assert.Equal(run.Apply, view.Apply);
        Assert.Null(view.Ahead);
    }

    [Fact]
    public void Pending_review_is_action_required_with_confirm_and_reject()
    {
        var run = AwaitingReview();

        var view = CheckRunViews.Run(run);

        Assert.Equal(CheckRunStatus.Completed, view.Status);
        Assert.Equal(CheckRunConclusion.ActionRequired, view.Conclusion);
        Assert.Equal(["Confirm", "Reject"], view.Buttons.Select(b => b.Identifier));
        Assert.Equal(run.ReviewReason, view.Reason);
        Assert.Contains("2025-03-21 09:33 UTC", view.RequiredAction, StringComparison.Ordinal);
        Assert.Equal(run.PlanReading, view.PlanReading);
    }

    [Fact]
    public void Review_deadline_is_shown_in_utc_whatever_offset_the_events_carried()
    {
        var at = new DateTimeOffset(2025, 3, 14, 11, 30, 0, TimeSpan.FromHours(2)); // 09:30 UTC
        var run = RunFlow.Run(
            new RunRequested { At = at, Deployment = Deployment, Approval = RunFlow.ManualApproval },
            new PlanSucceeded { At = at.AddMinutes(3), Reading = RunFlow.Changes });

        var view = CheckRunViews.Run(run);

        Assert.Contains("2025-03-21 09:33 UTC", view.RequiredAction, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ar-SA")] // Um Al-Qura calendar
    [InlineData("fi-FI")]
    [InlineData("de-DE")]
    public void Review_deadline_does_not_depend_on_the_current_culture(string culture)
    {
        var run = AwaitingReview();
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);

            var view = CheckRunViews.Run(run);

            Assert.Contains("2025-03-21 09:33 UTC", view.RequiredAction, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Applying_run_is_in_progress()
    {
        var view = CheckRunViews.Run(RunFlow.Applying());

        Assert.Equal(CheckRunStatus.InProgress, view.Status);
        Assert.Equal("Applying", view.Title);
        Assert.Empty(view.Buttons);
    }

    [Theory]
    [InlineData(RunOutcome.Succeeded, CheckRunConclusion.Success)]
    [InlineData(RunOutcome.TerraformFailed, CheckRunConclusion.Failure)]
    [InlineData(RunOutcome.InternalError, CheckRunConclusion.Failure)]
    [InlineData(RunOutcome.Interrupted, CheckRunConclusion.Failure)]
    [InlineData(RunOutcome.ValidationFailed, CheckRunConclusion.Failure)]
    [InlineData(RunOutcome.HeartbeatTimeout, CheckRunConclusion.TimedOut)]
    [InlineData(RunOutcome.DurationTimeout, CheckRunConclusion.TimedOut)]
    [InlineData(RunOutcome.SchedulingTimeout, CheckRunConclusion.TimedOut)]
    [InlineData(RunOutcome.ReviewTimeout, CheckRunConclusion.TimedOut)]
    [InlineData(RunOutcome.Rejected, CheckRunConclusion.Skipped)]
    public void Outcomes_map_to_check_run_conclusions(RunOutcome outcome, CheckRunConclusion conclusion)
    {
        Assert.Equal(conclusion, CheckRunViews.Conclusion(outcome));
    }

    [Fact]
    public void Finished_runs_are_completed_without_buttons()
    {
        foreach (var run in new[] { Succeeded(), PlanFailedInTerraform(), ReviewTimedOut() })
        {
            var view = CheckRunViews.Run(run);

            Assert.True(view.IsCompleted);
            Assert.Equal(CheckRunViews.Conclusion(run.Result!.Outcome), view.Conclusion);
            Assert.Empty(view.Buttons);
            Assert.Null(view.RequiredAction);
        }
    }

    [Fact]
    public void Failures_carry_the_result_message_as_explanation_and_success_none()
    {
        var failed = PlanFailedInTerraform();

        Assert.Equal(failed.Result!.Message, CheckRunViews.Run(failed).Explanation);
        Assert.Equal(CheckRunConclusion.TimedOut, CheckRunViews.Run(ReviewTimedOut()).Conclusion);
        Assert.Null(CheckRunViews.Run(Succeeded()).Explanation);
    }

    [Fact]
    public void Validation_failure_is_a_completed_failure_explaining_why()
    {
        var view = CheckRunViews.ValidationFailed(Deployment, Neptune.Ordering.RevisionOrdering.InvalidRerunMessage);

        Assert.Equal(CheckRunStatus.Completed, view.Status);
        Assert.Equal(CheckRunConclusion.Failure, view.Conclusion);
        Assert.Equal(Neptune.Ordering.RevisionOrdering.InvalidRerunMessage, view.Explanation);
    }

    [Fact]
    public void Checking_order_is_in_progress_with_both_jobs_waiting()
    {
        var view = CheckRunViews.CheckingOrder(Deployment);

        Assert.Equal(CheckRunStatus.InProgress, view.Status);
        Assert.Equal(new JobSnapshot(Deployment.PlanJobId, JobStatus.Waiting), view.Plan);
        Assert.Equal(new JobSnapshot(Deployment.ApplyJobId, JobStatus.Waiting), view.Apply);
    }

    [Fact]
    public void Every_view_respects_githubs_button_limits()
    {
        var views = new[]
        {
            CheckRunViews.Queued(Deployment, TwoAhead),
            CheckRunViews.Locked(Deployment, TestData.ShaD, TwoAhead),
            CheckRunViews.CheckingOrder(Deployment),
            CheckRunViews.ValidationFailed(Deployment, "x"),
            CheckRunViews.Run(Planning()),
            CheckRunViews.Run(AwaitingReview()),
            CheckRunViews.Run(UnreadablePlanAwaitingReview()),
            CheckRunViews.Run(Succeeded()),
        };

        foreach (var view in views)
        {
            Assert.True(view.Buttons.Count <= 3, $"{view.Title}: {view.Buttons.Count} buttons");
            foreach (var button in view.Buttons)
            {
                Assert.InRange(button.Identifier.Length, 1, 20);
                Assert.InRange(button.Label.Length, 1, 20);
                Assert.InRange(button.Description.Length, 1, 40);
            }

            // GitHub asks for a details URL with action_required: only completed views carry buttons.
            Assert.True(view.Buttons.Count == 0 || view.Conclusion == CheckRunConclusion.ActionRequired);
        }
    }

    [Fact]
    public void Button_identifiers_match_what_the_webhook_intake_expects()
    {
        Assert.Equal("Unlock", CheckRunButton.Unlock.Identifier);
        Assert.Equal("Confirm", CheckRunButton.Confirm.Identifier);
        Assert.Equal("Reject", CheckRunButton.Reject.Identifier);
    }
}
