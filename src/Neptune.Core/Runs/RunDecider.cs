using Neptune.Plans;

namespace Neptune.Runs;

/// <summary>
/// The rules of one terraform run, spec §5: plan → review gate → apply exactly once → result.
/// Pure: no I/O, no clock; every host feeds it events and carries out its commands.
/// </summary>
public static class RunDecider
{
    /// <summary>Applies <paramref name="e"/> to <paramref name="state"/> (<see langword="null"/> before <see cref="RunRequested"/>).</summary>
    public static RunDecision Decide(RunState? state, RunEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e is RunRequested requested)
        {
            return state is null ? Start(requested) : Reject(state, "The run has already started.");
        }

        if (state is null)
        {
            return Reject(null, $"No run has started; {e.GetType().Name} cannot be applied.");
        }

        if (state.IsFinished)
        {
            return Reject(state, $"The run has already finished ({state.Result!.Outcome}); {e.GetType().Name} is ignored.");
        }

        return e switch
        {
            PlanSucceeded p => OnPlanSucceeded(state, p),
            PlanFailed f => OnPlanFailed(state, f),
            ReviewSubmitted r => OnReview(state, r),
            ReviewTimerFired t => OnReviewTimer(state, t),
            ApplySucceeded a => OnApplySucceeded(state, a),
            ApplyFailed f => OnApplyFailed(state, f),
            RunRecovered r => OnRecovered(state, r),
            _ => Reject(state, $"Unknown run event {e.GetType().Name}."),
        };
    }

    private static RunDecision Start(RunRequested e)
    {
        ArgumentNullException.ThrowIfNull(e.Deployment);
        ArgumentNullException.ThrowIfNull(e.Approval);
        var d = e.Deployment;
        var state = new RunState
        {
            Deployment = d,
            Approval = e.Approval,
            Plan = new JobSnapshot(d.PlanJobId, JobStatus.InProgress, e.At),
            Apply = new JobSnapshot(d.ApplyJobId, JobStatus.Waiting),
            PlanAttempts = 1,
        };
        return Accept(state, new ReportRunState(state), new ExecutePlan(d, d.PlanJobId, 1));
    }

    private static RunDecision OnPlanSucceeded(RunState s, PlanSucceeded e)
    {
        if (s.Plan.Status != JobStatus.InProgress)
        {
            return Reject(s, $"No plan is running (plan is {s.Plan.Status}).");
        }

        var planned = s with { Plan = s.Plan with { Status = JobStatus.Success, EndedAt = e.At }, PlanReading = e.Reading };

        // An unreadable plan is never auto-approved: nobody could see what it would do.
        string? manualReason = !e.Reading.IsReadable
            ? $"The plan could not be read ({e.Reading.Error}), so it must be reviewed in the plan log before it is applied."
            : s.Approval.Kind == ApprovalKind.Manual && e.Reading.Summary.HasChanges ? s.Approval.Reason : null;

        if (manualReason is null)
        {
            return StartApply(planned with { Review = ReviewStatus.AutoApproved }, e.At);
        }

        var deadline = e.At + RunPolicy.ReviewTimeout;
        var waiting = planned with { Review = ReviewStatus.Pending, ReviewReason = manualReason, ReviewDeadline = deadline };
        return Accept(waiting, new ReportRunState(waiting), new ScheduleReviewTimeout(deadline));
    }

    private static RunDecision OnPlanFailed(RunState s, PlanFailed e)
    {
        if (s.Plan.Status != JobStatus.InProgress)
        {
            return Reject(s, $"No plan is running (plan is {s.Plan.Status}).");
        }

        if (!RunOutcomes.IsStepFailure(e.Failure))
        {
            return Reject(s, $"{e.Failure} is not a failure a plan can report.");
        }

        var failed = s with { Plan = s.Plan with { Status = JobStatus.Failed, EndedAt = e.At } };
        return Finish(failed, new RunResult(e.Failure, PlanFailureMessage(e)));
    }

    private static RunDecision OnReview(RunState s, ReviewSubmitted e)
    {
        if (string.IsNullOrWhiteSpace(e.User))
        {
            return Reject(s, "A review must name the reviewer.");
        }

        switch (s.Review)
        {
            case ReviewStatus.Pending:
                break;
            case ReviewStatus.NotReached:
                return Reject(s, "The plan has not finished yet; there is nothing to review.");
            case ReviewStatus.AutoApproved:
                return Reject(s, "The plan was approved automatically; it needs no review.");
            case ReviewStatus.Confirmed or ReviewStatus.Rejected:
                return Reject(s, $"The plan was already {(s.Review == ReviewStatus.Confirmed ? "confirmed" : "rejected")} by {s.ReviewedBy}.");
            default:
                return Reject(s, "The review already timed out.");
        }

        if (e.At >= s.ReviewDeadline)
        {
            // The timer may not have fired yet; the deadline still wins over a late click.
            return OnReviewTimer(s, new ReviewTimerFired { At = e.At });
        }

        var reviewed = s with { ReviewedBy = e.User, ReviewedAt = e.At };
        if (e.Decision == ReviewDecision.Confirm)
        {
            return StartApply(reviewed with { Review = ReviewStatus.Confirmed }, e.At);
        }

        var rejected = reviewed with { Review = ReviewStatus.Rejected, Apply = s.Apply with { Status = JobStatus.Rejected } };
        return Finish(rejected, new RunResult(RunOutcome.Rejected, $"The plan was rejected by {e.User}; nothing was applied."));
    }

    private static RunDecision OnReviewTimer(RunState s, ReviewTimerFired e)
    {
        if (s.Review != ReviewStatus.Pending || e.At < s.ReviewDeadline)
        {
            return Reject(s, "No review is due; the timer is stale.");
        }

        var timedOut = s with { Review = ReviewStatus.TimedOut, Apply = s.Apply with { Status = JobStatus.Rejected } };
        return Finish(timedOut, new RunResult(
            RunOutcome.ReviewTimeout,
            $"Nobody confirmed or rejected the plan within {RunPolicy.ReviewTimeout.TotalDays:0} days; nothing was applied. Trigger a new deployment to plan again."));
    }

    private static RunDecision OnApplySucceeded(RunState s, ApplySucceeded e)
    {
        if (s.Apply.Status != JobStatus.InProgress)
        {
            return Reject(s, $"No apply is running (apply is {s.Apply.Status}).");
        }

        var done = s with { Apply = s.Apply with { Status = JobStatus.Success, EndedAt = e.At } };
        return Finish(done, new RunResult(RunOutcome.Succeeded, "Planned and applied."));
    }

    private static RunDecision OnApplyFailed(RunState s, ApplyFailed e)
    {
        if (s.Apply.Status != JobStatus.InProgress)
        {
            return Reject(s, $"No apply is running (apply is {s.Apply.Status}).");
        }

        if (!RunOutcomes.IsStepFailure(e.Failure))
        {
            return Reject(s, $"{e.Failure} is not a failure an apply can report.");
        }

        var failed = s with { Apply = s.Apply with { Status = JobStatus.Failed, EndedAt = e.At } };
        return Finish(failed, new RunResult(e.Failure, ApplyFailureMessage(e)));
    }

    private static RunDecision OnRecovered(RunState s, RunRecovered e)
    {
        if (s.Apply.Status == JobStatus.InProgress)
        {
            return OnApplyFailed(s, new ApplyFailed
            {
                At = e.At,
                Failure = RunOutcome.Interrupted,
                Message = "interrupted during apply — state unknown, check and rerun",
            });
        }

        if (s.Plan.Status == JobStatus.InProgress)
        {
            var attempt = s.PlanAttempts + 1;
            var replanning = s with { PlanAttempts = attempt, Plan = s.Plan with { StartedAt = e.At } };
            return Accept(replanning, new ReportRunState(replanning), new ExecutePlan(s.Deployment, s.Plan.JobId, attempt));
        }

        if (s.Review == ReviewStatus.Pending)
        {
            // Timers do not survive every host's restart: schedule the same deadline again.
            return Accept(s, new ReportRunState(s), new ScheduleReviewTimeout(s.ReviewDeadline!.Value));
        }

        return Reject(s, "Nothing was interrupted.");
    }

    private static RunDecision StartApply(RunState s, DateTimeOffset at)
    {
        if (s.ApplyIssued)
        {
            // Unreachable through the rules above; kept as the last line of the apply-once guarantee.
            throw new InvalidOperationException($"Apply was already issued for deployment {s.DeploymentId}.");
        }

        var applying = s with { ApplyIssued = true, Apply = s.Apply with { Status = JobStatus.InProgress, StartedAt = at } };
        return Accept(applying, new ReportRunState(applying), new ExecuteApply(s.Deployment, s.Apply.JobId));
    }

    private static RunDecision Finish(RunState s, RunResult result)
    {
        var finished = s with { Result = result };
        return Accept(finished, new ReportRunState(finished), new CleanupWorkspace(s.DeploymentId), new FinishRun(result));
    }

    private static string PlanFailureMessage(PlanFailed e) => e.Failure switch
    {
        RunOutcome.TerraformFailed => $"terraform plan failed: {e.Message} Fix the configuration and merge again, or rerun once the cause is gone.",
        RunOutcome.Interrupted => $"The plan was interrupted: {e.Message}",
        _ when RunOutcomes.IsTimeout(e.Failure) => $"The plan timed out ({e.Failure}): {e.Message} Rerun it once the worker is healthy.",
        _ => $"The plan failed inside Neptune: {e.Message} Rerun it; if it keeps failing, check the worker's logs.",
    };

    private static string ApplyFailureMessage(ApplyFailed e) => e.Failure switch
    {
        RunOutcome.TerraformFailed => $"terraform apply failed: {e.Message} The infrastructure may be partly changed: check it, then fix forward or rerun.",
        RunOutcome.Interrupted => $"The apply was {e.Message}.",
        _ when RunOutcomes.IsTimeout(e.Failure) => $"The apply timed out ({e.Failure}): {e.Message} It is not retried; the infrastructure may be partly changed: check it, then rerun.",
        _ => $"The apply failed inside Neptune: {e.Message} It is not retried; check the infrastructure, then rerun.",
    };

    // ReportRunState always comes first, so a host that carries out commands in order reports a state
    // before the work that leads to the next one.
    private static RunDecision Accept(RunState state, params RunCommand[] commands) => new(state, commands, null);

    private static RunDecision Reject(RunState? state, string reason) => new(state, [], reason);
}
