using Neptune.Plans;
using Neptune.Runs;
using static Neptune.Tests.Runs.RunFlow;

namespace Neptune.Tests.Runs;

public class RunDeciderTests
{
    private static readonly TimeSpan SevenDays = TimeSpan.FromDays(7);

    [Fact]
    public void Run_request_starts_the_first_plan_attempt()
    {
        var decision = Step(null, Requested(PlanApproval.Auto));
        var state = decision.State!;

        Assert.Equal(
            [new ReportRunState(state), new ExecutePlan(Deployment, Deployment.PlanJobId, 1)],
            decision.Commands);
        Assert.Equal(new JobSnapshot(Deployment.PlanJobId, JobStatus.InProgress, At(0)), state.Plan);
        Assert.Equal(new JobSnapshot(Deployment.ApplyJobId, JobStatus.Waiting), state.Apply);
        Assert.Equal(ReviewStatus.NotReached, state.Review);
        Assert.False(state.ApplyIssued);
        Assert.False(state.IsFinished);
    }

    [Fact]
    public void Auto_approved_run_plans_applies_and_succeeds()
    {
        var started = Step(null, Requested(PlanApproval.Auto)).State;

        var planned = Step(started, Planned(Changes, minutes: 3));
        Assert.Equal([new ReportRunState(planned.State!), new ExecuteApply(Deployment, Deployment.ApplyJobId)], planned.Commands);
        Assert.Equal(ReviewStatus.AutoApproved, planned.State!.Review);
        Assert.Equal(JobStatus.Success, planned.State.Plan.Status);
        Assert.Equal(At(3), planned.State.Plan.EndedAt);
        Assert.Equal(JobStatus.InProgress, planned.State.Apply.Status);
        Assert.Equal(At(3), planned.State.Apply.StartedAt);
        Assert.Equal(Changes, planned.State.PlanReading);

        var applied = Step(planned.State, new ApplySucceeded { At = At(9) });
        var final = applied.State!;
        Assert.Equal(RunOutcome.Succeeded, final.Result!.Outcome);
        Assert.True(final.Result.PersistsAsLatest);
        Assert.Equal(JobStatus.Success, final.Apply.Status);
        Assert.Equal(At(9), final.Apply.EndedAt);
        Assert.Equal(
            [new ReportRunState(final), new CleanupWorkspace(Deployment.Id), new FinishRun(final.Result)],
            applied.Commands);
    }

    [Fact]
    public void Manual_approval_with_changes_waits_seven_days_for_review_and_does_not_apply()
    {
        var decision = Step(Run(Requested(ManualApproval)), Planned(Changes, minutes: 4));
        var state = decision.State!;

        Assert.Equal(ReviewStatus.Pending, state.Review);
        Assert.Equal(At(4) + SevenDays, state.ReviewDeadline);
        Assert.Equal(ManualApproval.Reason, state.ReviewReason);
        Assert.Equal([new ReportRunState(state), new ScheduleReviewTimeout(At(4) + SevenDays)], decision.Commands);
        Assert.DoesNotContain(decision.Commands, c => c is ExecuteApply);
        Assert.False(state.ApplyIssued);
        Assert.Equal(JobStatus.Waiting, state.Apply.Status);
    }

    [Fact]
    public void Manual_approval_with_a_no_change_plan_is_applied_without_review()
    {
        var decision = Step(Run(Requested(ManualApproval)), Planned(NoChanges));

        Assert.Equal(ReviewStatus.AutoApproved, decision.State!.Review);
        Assert.Contains(new ExecuteApply(Deployment, Deployment.ApplyJobId), decision.Commands);
    }

    [Fact]
    public void Unreadable_plan_is_never_auto_approved()
    {
        var decision = Step(Run(Requested(PlanApproval.Auto)), Planned(Unreadable));
        var state = decision.State!;

        Assert.Equal(ReviewStatus.Pending, state.Review);
        Assert.DoesNotContain(decision.Commands, c => c is ExecuteApply);
        Assert.Contains("could not be read", state.ReviewReason, StringComparison.Ordinal);
        Assert.Contains("no 'format_version'", state.ReviewReason, StringComparison.Ordinal);
        Assert.Contains(decision.Commands, c => c is ScheduleReviewTimeout);
    }

    [Fact]
    public void Unreadable_plan_under_manual_approval_gives_the_unreadable_reason()
    {
        var state = Run(Requested(ManualApproval), Planned(Unreadable));

        Assert.Equal(ReviewStatus.Pending, state.Review);
        Assert.Contains("could not be read", state.ReviewReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Confirm_applies_the_reviewed_plan()
    {
        var decision = Step(AwaitingReview(), Review(ReviewDecision.Confirm, At(60), user: "dana"));
        var state = decision.State!;

        Assert.Equal([new ReportRunState(state), new ExecuteApply(Deployment, Deployment.ApplyJobId)], decision.Commands);
        Assert.Equal(ReviewStatus.Confirmed, state.Review);
        Assert.Equal("dana", state.ReviewedBy);
        Assert.Equal(At(60), state.ReviewedAt);
        Assert.True(state.ApplyIssued);
    }

    [Fact]
    public void Reject_finishes_the_run_without_applying()
    {
        var decision = Step(AwaitingReview(), Review(ReviewDecision.Reject, At(60), user: "erin"));
        var state = decision.State!;

        Assert.DoesNotContain(decision.Commands, c => c is ExecuteApply);
        Assert.Equal(RunOutcome.Rejected, state.Result!.Outcome);
        Assert.False(state.Result.PersistsAsLatest);
        Assert.Contains("erin", state.Result.Message, StringComparison.Ordinal);
        Assert.Equal(ReviewStatus.Rejected, state.Review);
        Assert.Equal(JobStatus.Rejected, state.Apply.Status);
        Assert.False(state.ApplyIssued);
        Assert.Equal([new ReportRunState(state), new CleanupWorkspace(Deployment.Id), new FinishRun(state.Result)], decision.Commands);
    }

    [Fact]
    public void Review_timer_at_the_deadline_times_out_without_applying()
    {
        var waiting = AwaitingReview();

        var decision = Step(waiting, new ReviewTimerFired { At = waiting.ReviewDeadline!.Value });
        var state = decision.State!;

        Assert.Equal(RunOutcome.ReviewTimeout, state.Result!.Outcome);
        Assert.False(state.Result.PersistsAsLatest);
        Assert.Contains("7 days", state.Result.Message, StringComparison.Ordinal);
        Assert.Equal(ReviewStatus.TimedOut, state.Review);
        Assert.Equal(JobStatus.Rejected, state.Apply.Status);
        Assert.DoesNotContain(decision.Commands, c => c is ExecuteApply);
        Assert.Contains(decision.Commands, c => c is FinishRun);
    }

    [Fact]
    public void Review_timer_before_the_deadline_is_stale_and_changes_nothing()
    {
        var waiting = AwaitingReview();

        var decision = RunDecider.Decide(waiting, new ReviewTimerFired { At = waiting.ReviewDeadline!.Value.AddSeconds(-1) });

        AssertRejectedUnchanged(waiting, decision);
    }

    [Fact]
    public void Review_timer_after_the_plan_was_confirmed_is_stale()
    {
        var applying = Step(AwaitingReview(), Review(ReviewDecision.Confirm, At(60))).State;

        var decision = RunDecider.Decide(applying, new ReviewTimerFired { At = At(60) + SevenDays });

        AssertRejectedUnchanged(applying, decision);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Confirm_at_or_after_the_deadline_times_out_instead_of_applying(double minutesLate)
    {
        var waiting = AwaitingReview();

        var decision = Step(waiting, Review(ReviewDecision.Confirm, waiting.ReviewDeadline!.Value.AddMinutes(minutesLate)));

        Assert.Equal(RunOutcome.ReviewTimeout, decision.State!.Result!.Outcome);
        Assert.DoesNotContain(decision.Commands, c => c is ExecuteApply);
        Assert.False(decision.State.ApplyIssued);
        Assert.Null(decision.State.ReviewedBy);
    }

    [Theory]
    [InlineData(ReviewDecision.Confirm)]
    [InlineData(ReviewDecision.Reject)]
    public void A_second_review_is_rejected_and_changes_nothing(ReviewDecision second)
    {
        var confirmed = Step(AwaitingReview(), Review(ReviewDecision.Confirm, At(60), user: "dana")).State;

        var decision = RunDecider.Decide(confirmed, Review(second, At(61), user: "erin"));

        AssertRejectedUnchanged(confirmed, decision);
        Assert.Contains("already confirmed by dana", decision.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Review_before_the_plan_finished_is_rejected()
    {
        var planning = Run(Requested(ManualApproval));

        var decision = RunDecider.Decide(planning, Review(ReviewDecision.Confirm, At(1)));

        AssertRejectedUnchanged(planning, decision);
        Assert.DoesNotContain(decision.Commands, c => c is ExecuteApply);
    }

    [Fact]
    public void Review_of_an_auto_approved_plan_is_rejected()
    {
        var applying = Applying();

        AssertRejectedUnchanged(applying, RunDecider.Decide(applying, Review(ReviewDecision.Reject, At(5))));
    }

    [Fact]
    public void Review_without_a_reviewer_is_rejected()
    {
        var waiting = AwaitingReview();

        AssertRejectedUnchanged(waiting, RunDecider.Decide(waiting, Review(ReviewDecision.Confirm, At(10), user: " ")));
    }

    [Fact]
    public void Events_after_the_run_finished_are_rejected()
    {
        var done = Step(Applying(), new ApplySucceeded { At = At(9) }).State;

        AssertRejectedUnchanged(done, RunDecider.Decide(done, new ApplySucceeded { At = At(10) }));
        AssertRejectedUnchanged(done, RunDecider.Decide(done, new ApplyFailed { At = At(10), Failure = RunOutcome.TerraformFailed, Message = "x" }));
        AssertRejectedUnchanged(done, RunDecider.Decide(done, new RunRecovered { At = At(10) }));
        AssertRejectedUnchanged(done, RunDecider.Decide(done, Planned(Changes, minutes: 10)));
        AssertRejectedUnchanged(done, RunDecider.Decide(done, Requested(PlanApproval.Auto, minutes: 10)));
    }

    [Fact]
    public void A_second_run_request_is_rejected()
    {
        var planning = Run(Requested(PlanApproval.Auto));

        AssertRejectedUnchanged(planning, RunDecider.Decide(planning, Requested(PlanApproval.Auto, minutes: 1)));
    }

    [Fact]
    public void Events_before_the_run_started_are_rejected()
    {
        AssertRejectedUnchanged(null, RunDecider.Decide(null, Planned(Changes)));
    }

    [Fact]
    public void A_second_plan_result_is_rejected()
    {
        var waiting = AwaitingReview();

        AssertRejectedUnchanged(waiting, RunDecider.Decide(waiting, Planned(NoChanges, minutes: 5)));
    }

    [Fact]
    public void Apply_result_while_planning_is_rejected()
    {
        var planning = Run(Requested(PlanApproval.Auto));

        AssertRejectedUnchanged(planning, RunDecider.Decide(planning, new ApplySucceeded { At = At(1) }));
    }

    [Fact]
    public void Terraform_plan_failure_finishes_the_run_and_persists_as_latest()
    {
        var decision = Step(Run(Requested(PlanApproval.Auto)), new PlanFailed { At = At(2), Failure = RunOutcome.TerraformFailed, Message = "Error: Unsupported argument on main.tf line 12." });
        var state = decision.State!;

        Assert.Equal(RunOutcome.TerraformFailed, state.Result!.Outcome);
        Assert.True(state.Result.PersistsAsLatest);
        Assert.Contains("terraform plan failed", state.Result.Message, StringComparison.Ordinal);
        Assert.Contains("Unsupported argument on main.tf line 12.", state.Result.Message, StringComparison.Ordinal);
        Assert.Equal(JobStatus.Failed, state.Plan.Status);
        Assert.Equal(At(2), state.Plan.EndedAt);
        Assert.Equal(JobStatus.Waiting, state.Apply.Status);
        Assert.DoesNotContain(decision.Commands, c => c is ExecuteApply);
        Assert.Contains(new CleanupWorkspace(Deployment.Id), decision.Commands);
    }

    [Theory]
    [InlineData(RunOutcome.Succeeded)]
    [InlineData(RunOutcome.Rejected)]
    [InlineData(RunOutcome.ReviewTimeout)]
    [InlineData(RunOutcome.ValidationFailed)]
    public void A_plan_cannot_report_an_outcome_that_is_not_a_step_failure(RunOutcome outcome)
    {
        var planning = Run(Requested(PlanApproval.Auto));

        AssertRejectedUnchanged(planning, RunDecider.Decide(planning, new PlanFailed { At = At(2), Failure = outcome, Message = "x" }));
    }

    [Fact]
    public void Terraform_apply_failure_persists_as_latest_and_says_the_infrastructure_may_be_partly_changed()
    {
        var decision = Step(Applying(), new ApplyFailed { At = At(8), Failure = RunOutcome.TerraformFailed, Message = "Error: creating S3 Bucket: BucketAlreadyExists." });
        var state = decision.State!;

        Assert.Equal(RunOutcome.TerraformFailed, state.Result!.Outcome);
        Assert.True(state.Result.PersistsAsLatest);
        Assert.Contains("partly changed", state.Result.Message, StringComparison.Ordinal);
        Assert.Equal(JobStatus.Failed, state.Apply.Status);
        Assert.DoesNotContain(decision.Commands, c => c is ExecuteApply);
    }

    [Fact]
    public void Recovery_during_the_plan_plans_again_with_the_same_job()
    {
        var planning = Run(Requested(PlanApproval.Auto));

        var decision = Step(planning, new RunRecovered { At = At(5) });
        var state = decision.State!;

        Assert.Equal([new ReportRunState(state), new ExecutePlan(Deployment, Deployment.PlanJobId, 2)], decision.Commands);
        Assert.Equal(2, state.PlanAttempts);
        Assert.Equal(JobStatus.InProgress, state.Plan.Status);
        Assert.Equal(At(5), state.Plan.StartedAt);

        var again = Step(state, new RunRecovered { At = At(9) });
        Assert.Contains(new ExecutePlan(Deployment, Deployment.PlanJobId, 3), again.Commands);
    }

    [Fact]
    public void Recovery_during_the_apply_marks_it_interrupted_and_never_applies_again()
    {
        var applying = Applying();

        var decision = Step(applying, new RunRecovered { At = At(20) });
        var state = decision.State!;

        Assert.Equal(RunOutcome.Interrupted, state.Result!.Outcome);
        Assert.Contains("interrupted during apply — state unknown, check and rerun", state.Result.Message, StringComparison.Ordinal);
        Assert.True(state.Result.PersistsAsLatest);
        Assert.Equal(JobStatus.Failed, state.Apply.Status);
        Assert.DoesNotContain(decision.Commands, c => c is ExecuteApply or ExecutePlan);
        Assert.Contains(decision.Commands, c => c is FinishRun);
    }

    [Fact]
    public void Recovery_while_awaiting_review_schedules_the_same_deadline_again()
    {
        var waiting = AwaitingReview();

        var decision = Step(waiting, new RunRecovered { At = At(600) });

        Assert.Equal([new ReportRunState(waiting), new ScheduleReviewTimeout(waiting.ReviewDeadline!.Value)], decision.Commands);
        Assert.Equal(waiting, decision.State);
    }
}
