using Microsoft.Extensions.Logging;
using Neptune.Hosting.Temporal.Activities;
using Neptune.Hosting.Temporal.Payloads;
using Neptune.Runs;
using Neptune.Snapshots;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Neptune.Hosting.Temporal.Workflows;

/// <summary>
/// One deployment's terraform run (id = deployment id), started by its <see cref="DeployWorkflow"/> (whose run decider
/// decided the start, see <see cref="TerraformRunInput"/>). A thin loop around Core's <see cref="RunDecider"/>: the first
/// activity claims a terraform worker and returns its own task queue; every later step is pinned there. Every later
/// state change goes to the deploy workflow by the <c>state-change</c> signal; the review waits for <c>plan-review</c>
/// or the 7-day deadline; cleanup always runs.
/// </summary>
[Workflow(NeptuneTemporalNames.TerraformRunWorkflow)]
public sealed class TerraformRunWorkflow
{
    private RunState? state;
    private ReviewSignal? review;

    /// <summary>Runs plan → review → apply and returns the outcome's name.</summary>
    [WorkflowRun]
    public async Task<string> RunAsync(TerraformRunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        state = RunStateJson.Deserialize(input.RunState);
        var deployment = state.Deployment;
        var step = new StepInput { Deployment = DeploymentPayload.From(deployment) };
        var parent = Workflow.GetExternalWorkflowHandle<DeployWorkflow>(input.ParentWorkflowId);
        string? workerQueue = null;
        Exception? claimFailure = null;
        try
        {
            workerQueue = await Workflow.ExecuteActivityAsync((TerraformActivities a) => a.ClaimWorkerQueue(), ActivityPolicies.Claim(input.TerraformTaskQueue));
        }
        catch (ActivityFailureException failure)
        {
            // No terraform worker took the run (none running, or none within 5 minutes): the plan fails with that
            // reason, so the deploy workflow hears of the end instead of waiting forever.
            claimFailure = failure;
        }

        try
        {
            // The first step, as the deploy workflow's RunDecider issued it when it started the run.
            RunEvent? next = await PlanOrFailAsync(workerQueue, claimFailure, new StepInput { Deployment = step.Deployment, JobId = input.PlanJobId });
            while (next is not null)
            {
                var decision = RunDecider.Decide(state, next);
                next = null;
                if (!decision.Accepted)
                {
                    Workflow.Logger.LogDebug("Run {DeploymentId} refused an event: {Reason}", deployment.Id, decision.Rejection);
                    if (state is { Review: ReviewStatus.Pending, ReviewDeadline: { } due })
                    {
                        next = await WaitForReviewAsync(due);
                    }

                    continue;
                }

                state = decision.State;
                foreach (var command in decision.Commands)
                {
                    switch (command)
                    {
                        case ReportRunState report:
                            await parent.SignalAsync(wf => wf.StateChangeAsync(new RunStateSignal { RunState = RunStateJson.Serialize(report.State) }));
                            break;
                        case ExecutePlan plan:
                            next = await PlanOrFailAsync(workerQueue, claimFailure, new StepInput { Deployment = step.Deployment, JobId = plan.JobId });
                            break;
                        case ExecuteApply apply:
                            next = await ApplyAsync(workerQueue!, new StepInput { Deployment = step.Deployment, JobId = apply.JobId });
                            break;
                        case ScheduleReviewTimeout timeout:
                            next = await WaitForReviewAsync(timeout.DueAt);
                            break;
                        case CleanupWorkspace or FinishRun:
                            // Cleanup runs once, below, whatever happened.
                            break;
                        default:
                            throw new InvalidOperationException($"Unknown run command {command.GetType().Name}.");
                    }
                }
            }
        }
        finally
        {
            // Always, even when the run is cancelled: a token that is never cancelled keeps the activity alive.
            // (Without a claimed worker nothing was written anywhere.)
            if (workerQueue is not null)
            {
                using var detached = new CancellationTokenSource();
                await Workflow.ExecuteActivityAsync((TerraformActivities a) => a.CleanupAsync(deployment.Id), ActivityPolicies.Housekeeping(workerQueue, detached.Token));
            }
        }

        return state?.Result?.Outcome.ToString() ?? "Unfinished";
    }

    /// <summary>Confirms or rejects the plan awaiting review; ignored unless a review is pending.</summary>
    [WorkflowSignal(NeptuneTemporalNames.PlanReviewSignal)]
    public Task PlanReviewAsync(ReviewSignal signal)
    {
        if (state is { Review: ReviewStatus.Pending } && signal is not null)
        {
            review = signal;
        }

        return Task.CompletedTask;
    }

    /// <summary>The run state as <see cref="RunStateJson"/>, for dashboards.</summary>
    [WorkflowQuery(NeptuneTemporalNames.RunStateQuery)]
    public string? RunState() => state is null ? null : RunStateJson.Serialize(state);

    private Task<RunEvent> PlanOrFailAsync(string? workerQueue, Exception? claimFailure, StepInput step) =>
        workerQueue is null
            ? Task.FromResult<RunEvent>(new PlanFailed { At = Workflow.UtcNow, Failure = ActivityFailures.Outcome(claimFailure!), Message = ActivityFailures.Message(claimFailure!) })
            : PlanAsync(workerQueue, step);

    private async Task<RunEvent> PlanAsync(string workerQueue, StepInput step)
    {
        var options = ActivityPolicies.PlanStep(workerQueue);
        try
        {
            await Workflow.ExecuteActivityAsync((TerraformActivities a) => a.FetchAsync(step), options);
            await Workflow.ExecuteActivityAsync((TerraformActivities a) => a.InitAsync(step), options);
            await Workflow.ExecuteActivityAsync((TerraformActivities a) => a.PlanAsync(step), options);
            var reading = await Workflow.ExecuteActivityAsync((TerraformActivities a) => a.ShowAsync(step), options);
            return new PlanSucceeded { At = Workflow.UtcNow, Reading = reading.ToReading() };
        }
        catch (ActivityFailureException failure)
        {
            return new PlanFailed { At = Workflow.UtcNow, Failure = ActivityFailures.Outcome(failure), Message = ActivityFailures.Message(failure) };
        }
        finally
        {
            await FinishJobLogAsync(workerQueue, step.JobId);
        }
    }

    private async Task<RunEvent> ApplyAsync(string workerQueue, StepInput step)
    {
        try
        {
            await Workflow.ExecuteActivityAsync((TerraformActivities a) => a.ApplyAsync(step), ActivityPolicies.ApplyStep(workerQueue));
            return new ApplySucceeded { At = Workflow.UtcNow };
        }
        catch (ActivityFailureException failure)
        {
            return new ApplyFailed { At = Workflow.UtcNow, Failure = ActivityFailures.Outcome(failure), Message = ActivityFailures.Message(failure) };
        }
        finally
        {
            await FinishJobLogAsync(workerQueue, step.JobId);
        }
    }

    private static async Task FinishJobLogAsync(string workerQueue, Guid jobId)
    {
        using var detached = new CancellationTokenSource();
        try
        {
            await Workflow.ExecuteActivityAsync((TerraformActivities a) => a.FinishJobLogAsync(jobId), ActivityPolicies.Housekeeping(workerQueue, detached.Token));
        }
        catch (ActivityFailureException failure)
        {
            // A lost log must not change the run's result.
            Workflow.Logger.LogWarning("The log of job {JobId} was not stored: {Reason}", jobId, failure.Message);
        }
    }

    /// <summary>Waits for <c>plan-review</c> until <paramref name="dueAt"/>; the deadline wins over a late click (the decider checks it).</summary>
    private async Task<RunEvent> WaitForReviewAsync(DateTimeOffset dueAt)
    {
        var wait = dueAt - Workflow.UtcNow;
        var answered = wait > TimeSpan.Zero && await Workflow.WaitConditionAsync(() => review is not null, wait);
        if (!answered || review is not { } r)
        {
            return new ReviewTimerFired { At = Workflow.UtcNow };
        }

        // Consumed: a refused review (no user) waits for the next one.
        review = null;
        return new ReviewSubmitted { At = Workflow.UtcNow, Decision = r.Decision, User = r.User };
    }
}
