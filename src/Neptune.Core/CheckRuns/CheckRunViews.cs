using Neptune.Model;
using Neptune.Runs;

namespace Neptune.CheckRuns;

/// <summary>Builds the <see cref="CheckRunView"/> of a deployment at each point of its life (spec §6).</summary>
public static class CheckRunViews
{
    /// <summary>Waiting in the queue.</summary>
    public static CheckRunView Queued(Deployment deployment, IReadOnlyList<QueuedRun> ahead) => new()
    {
        Target = deployment.Target,
        DeploymentId = deployment.Id,
        Revision = deployment.Revision,
        Status = CheckRunStatus.Queued,
        Title = ahead.Count == 0 ? "Queued: next to deploy" : $"Queued: {ahead.Count} ahead",
        Ahead = ahead,
    };

    /// <summary>A merge held back by the lock: completed as <c>action_required</c> with an Unlock button.</summary>
    public static CheckRunView Locked(Deployment deployment, string lockRevision, IReadOnlyList<QueuedRun> ahead) => new()
    {
        Target = deployment.Target,
        DeploymentId = deployment.Id,
        Revision = deployment.Revision,
        Status = CheckRunStatus.Completed,
        Conclusion = CheckRunConclusion.ActionRequired,
        Title = "Locked: waiting for unlock",
        Buttons = [CheckRunButton.Unlock],
        RequiredAction = "Unlock the deploy queue to let merged revisions deploy.",
        Reason = $"The queue is locked at revision {lockRevision}, deployed manually. Merged revisions wait until someone presses Unlock.",
        Ahead = ahead,
    };

    /// <summary>Left the queue; its order against the deployed revision is being checked.</summary>
    public static CheckRunView CheckingOrder(Deployment deployment) => new()
    {
        Target = deployment.Target,
        DeploymentId = deployment.Id,
        Revision = deployment.Revision,
        Status = CheckRunStatus.InProgress,
        Title = "Checking revision order",
        Plan = new JobSnapshot(deployment.PlanJobId, JobStatus.Waiting),
        Apply = new JobSnapshot(deployment.ApplyJobId, JobStatus.Waiting),
    };

    /// <summary>Refused by the ordering rules (behind, or an invalid rerun): nothing ran.</summary>
    public static CheckRunView ValidationFailed(Deployment deployment, string message) => new()
    {
        Target = deployment.Target,
        DeploymentId = deployment.Id,
        Revision = deployment.Revision,
        Status = CheckRunStatus.Completed,
        Conclusion = CheckRunConclusion.Failure,
        Title = "Not deployed",
        Explanation = message,
    };

    /// <summary>A run in any state: planning, awaiting review, applying or finished.</summary>
    public static CheckRunView Run(RunState run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var view = new CheckRunView
        {
            Target = run.Deployment.Target,
            DeploymentId = run.DeploymentId,
            Revision = run.Deployment.Revision,
            Status = CheckRunStatus.InProgress,
            Title = "Planning",
            Plan = run.Plan,
            Apply = run.Apply,
            PlanReading = run.PlanReading,
        };

        if (run.Result is { } result)
        {
            return view with
            {
                Status = CheckRunStatus.Completed,
                Conclusion = Conclusion(result.Outcome),
                Title = Title(result.Outcome),
                Explanation = result.Outcome == RunOutcome.Succeeded ? null : result.Message,
            };
        }

        if (run.Review == ReviewStatus.Pending)
        {
            return view with
            {
                Status = CheckRunStatus.Completed,
                Conclusion = CheckRunConclusion.ActionRequired,
                Title = "Plan awaits review",
                Buttons = [CheckRunButton.Confirm, CheckRunButton.Reject],
                // Events may carry any offset and the host any culture: the deadline is always shown in UTC, invariantly.
                RequiredAction = string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"Review the plan, then press Confirm to apply it or Reject to skip it (times out {run.ReviewDeadline?.UtcDateTime:yyyy-MM-dd HH:mm} UTC)."),
                Reason = run.ReviewReason,
            };
        }

        return run.Apply.Status == JobStatus.InProgress ? view with { Title = "Applying" } : view;
    }

    /// <summary>The check-run conclusion of a run outcome.</summary>
    public static CheckRunConclusion Conclusion(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Succeeded => CheckRunConclusion.Success,
        RunOutcome.Rejected => CheckRunConclusion.Skipped,
        RunOutcome.HeartbeatTimeout or RunOutcome.DurationTimeout or RunOutcome.SchedulingTimeout or RunOutcome.ReviewTimeout => CheckRunConclusion.TimedOut,
        _ => CheckRunConclusion.Failure,
    };

    private static string Title(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Succeeded => "Deployed",
        RunOutcome.TerraformFailed => "Terraform failed",
        RunOutcome.InternalError => "Internal error",
        RunOutcome.HeartbeatTimeout => "Timed out: worker stopped responding",
        RunOutcome.DurationTimeout => "Timed out: step took too long",
        RunOutcome.SchedulingTimeout => "Timed out: no worker available",
        RunOutcome.ReviewTimeout => "Timed out: plan was not reviewed",
        RunOutcome.Rejected => "Plan rejected",
        RunOutcome.ValidationFailed => "Not deployed",
        RunOutcome.Interrupted => "Interrupted during apply",
        _ => outcome.ToString(),
    };
}
